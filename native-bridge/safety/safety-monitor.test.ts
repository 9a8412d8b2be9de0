import { describe, expect, it } from 'vitest';
import type { CellReading } from '../contract/index.js';
import { AlarmBook } from '../core/alarm-book.js';
import { SafetyMonitor } from './safety-monitor.js';

const reading = (tS: number, cell: number, tempC: number | null, voltageV = 3.7): CellReading => ({
  deviceId: 'RIG1',
  cell,
  seq: tS,
  tDevMs: tS * 1000,
  tHostMs: tS * 1000,
  voltageV,
  tempC,
  currentA: 1,
  ambientC: 23,
  humidityPct: 40,
  socPct: 50,
  socEstimated: true,
});

describe('safety monitor', () => {
  it('raises and clears rule alarms per cell and trips the interlock once per critical episode', () => {
    const book = new AlarmBook(() => undefined);
    const trips: string[] = [];
    const m = new SafetyMonitor(book, (dev) => trips.push(dev));
    m.onReadings([reading(0, 1, 25), reading(0, 2, 55)]);
    expect(book.activeAlarms().map((a) => a.key)).toEqual(['rule.T_WARN:RIG1#2']);
    m.onReadings([reading(1, 1, 25), reading(1, 2, 85)]);
    m.onReadings([reading(2, 1, 25), reading(2, 2, 86)]);
    expect(book.activeAlarms()[0]).toMatchObject({ code: 'T_MAX', severity: 'critical', cell: 2 });
    expect(trips).toEqual(['RIG1']);
    m.onReadings([reading(600, 1, 25), reading(600, 2, 30)]);
    expect(book.activeAlarms()).toEqual([]);
    m.onReadings([reading(601, 1, 25), reading(601, 2, 90)]);
    expect(trips).toEqual(['RIG1', 'RIG1']);
  });

  it('treats a missing temperature as a warning, never as normal', () => {
    const book = new AlarmBook(() => undefined);
    new SafetyMonitor(book, () => undefined).onReadings([reading(0, 3, null)]);
    expect(book.activeAlarms()).toMatchObject([{ code: 'SENSOR', cell: 3 }]);
  });
});
