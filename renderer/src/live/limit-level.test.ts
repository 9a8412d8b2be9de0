/**
 * Levels against fixed limits (an LTO cell's, so nothing here is the NMC default): each line is past
 * at the line itself, as the rules raise there, and a device without limits is never judged.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../../native-bridge/contract/index.js';
import { cellReading, LTO_LIMITS, NMC_LIMITS } from './fixtures/cells.js';
import { cardTone, judge, limitsByDevice, tempJudgement, voltJudgement, worstReading } from './limit-level.js';

const LTO = LTO_LIMITS;
const reading = cellReading;

describe('limit levels', () => {
  it('grades a temperature by the warning, alarm and maximum lines, each past at the line', () => {
    const level = (t: number | null) => tempJudgement(t, LTO).level;
    expect([44.99, 45, 54.9, 55, 79.9, 80, 120].map(level)).toEqual([
      'ok',
      'warn',
      'warn',
      'alarm',
      'alarm',
      'critical',
      'critical',
    ]);
    expect(level(null)).toBe('ok');
    expect(level(Number.NaN)).toBe('ok');
    expect(tempJudgement(56, LTO)).toEqual({ level: 'alarm', words: 'above the 55 °C limit', direction: 'above' });
    expect(tempJudgement(81, LTO).words).toBe('above the 80 °C maximum');
  });

  it('grades a voltage: half way past the window a warning, past the V_LOW or V_HIGH line an alarm', () => {
    const level = (v: number) => voltJudgement(v, LTO).level;
    // LTO: window 1.50–2.80 V, V_LOW line 1.40 V, V_HIGH line 2.85 V; a cycler's few mV past the edge are not marked.
    expect([1.39, 1.4, 1.44, 1.46, 1.49, 1.5, 2.2, 2.8, 2.81, 2.82, 2.83, 2.85, 2.86].map(level)).toEqual([
      'alarm',
      'warn',
      'warn',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'warn',
      'warn',
      'alarm',
    ]);
    expect(voltJudgement(1.3, LTO)).toEqual({
      level: 'alarm',
      words: 'below the 1.40 V under-voltage line',
      direction: 'below',
    });
    expect(voltJudgement(1.44, LTO).words).toBe('below the 1.50 V cut-off');
    expect(voltJudgement(2.83, LTO).direction).toBe('above');
  });

  it('leaves a value unjudged without its device’s limits, and judges NMC numbers by LTO lines', () => {
    expect(judge('temp', 200, undefined).level).toBe('ok');
    expect(judge('volt', 0.5, null).level).toBe('ok');
    // 3.7 V is a healthy NMC cell and far over an LTO cell's window.
    expect(judge('volt', 3.7, LTO).level).toBe('alarm');
  });

  it('finds the reading furthest past its own device’s limits', () => {
    const nmc = NMC_LIMITS;
    const devices = [
      { deviceId: 'LTO-1', limits: LTO },
      { deviceId: 'NMC-1', limits: nmc },
      { deviceId: null },
      { deviceId: 'NEW' },
    ] as DeviceStatus[];
    const limits = limitsByDevice(devices);
    expect([...limits.keys()]).toEqual(['LTO-1', 'NMC-1']);
    const latest = [reading('NMC-1', 1, 52, 3.7), reading('LTO-1', 2, 56, 2.2), reading('NEW', 1, 99, 9)];
    const t = worstReading('temp', latest, limits);
    expect([t?.reading.deviceId, t?.reading.cell, t?.judgement.level]).toEqual(['LTO-1', 2, 'alarm']);
    expect(worstReading('volt', latest, limits)).toBeNull();
    expect(worstReading('temp', [reading('NMC-1', 1, 30, 3.7)], limits)).toBeNull();
  });

  it('gives the stat card its tone', () => {
    expect(['ok', 'warn', 'alarm', 'critical'].map((l) => cardTone(l as never))).toEqual([
      'normal',
      'warn',
      'error',
      'error',
    ]);
  });
});
