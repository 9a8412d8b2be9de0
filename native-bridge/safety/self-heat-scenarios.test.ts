/**
 * SELF_HEAT on the simulator's scenarios, driven at 1 s steps without a station (the rules are pure):
 * where a cell self-heats on its way to a runaway the rules' class climbs without stepping back, and a
 * long span of healthy cycling (charge to the top, CV taper, rests, discharges) raises no SELF_HEAT.
 */
import { describe, expect, it } from 'vitest';
import type { CellReading } from '../contract/index.js';
import { createRigModel } from '../sim/index.js';
import { ruleFloor } from '../ml/rule-floor.js';
import { RISK_CLASSES } from '../contract/ml-methods.js';
import { AlarmBook } from './alarm-book.js';
import { SafetyMonitor } from './safety-monitor.js';

/** Runs a scenario through the monitor; per cell, the rule classes in the order they were first shown. */
function run(scenario: string, seed: number, endS: number, stopAtRunaway = true) {
  const rig = createRigModel(scenario, { seed, recordHistory: false });
  const book = new AlarmBook(() => undefined);
  const monitor = new SafetyMonitor(book, () => undefined);
  const shown = Array.from({ length: rig.cellCount }, () => [] as string[]);
  const selfHeatAtS: (number | null)[] = shown.map(() => null);
  const firstAtS = shown.map(() => new Map<string, number>());
  for (let t = 1; t <= endS; t++) {
    rig.step(1);
    const s = rig.sample();
    const readings: CellReading[] = s.cellTempC.map((tempC, c) => ({
      deviceId: 'SIM',
      cell: c + 1,
      seq: t,
      tDevMs: t * 1000,
      tHostMs: t * 1000,
      voltageV: s.cellVoltageV[c] ?? null,
      tempC,
      currentA: s.packCurrentA,
      ambientC: s.ambientC,
      humidityPct: s.humidityPct,
      socPct: null,
      socEstimated: false,
    }));
    monitor.onReadings(readings);
    for (let c = 0; c < rig.cellCount; c++) {
      const active = book.activeAlarms({ deviceId: 'SIM' }).filter((a) => a.cell === c + 1);
      if (active.some((a) => a.code === 'SELF_HEAT')) selfHeatAtS[c] ??= t;
      const cls = ruleFloor(active)?.floorClass ?? 'Normal';
      if (shown[c]!.at(-1) !== cls) shown[c]!.push(cls);
      if (!firstAtS[c]!.has(cls)) firstAtS[c]!.set(cls, t);
    }
    if (stopAtRunaway && shown.some((x) => x.at(-1) === 'Runaway')) break;
  }
  return { shown, selfHeatAtS, firstAtS };
}

describe('SELF_HEAT on the simulator', () => {
  it('sim:oven ramped: the heated cell is flagged before any limit and climbs Watch → Warning → Alarm → Runaway', () => {
    // Seeds 3 and 6 ramp the oven (2–5 °C/min), which the rig's air probe outside the oven does not see:
    // SELF_HEAT holds the cell at Watch near 33 °C, at Warning once past the 50 °C line.
    for (const seed of [3, 6]) {
      const { shown, selfHeatAtS, firstAtS } = run('oven', seed, 3 * 3600);
      expect(shown[0]).toEqual(['Normal', 'Watch', 'Warning', 'Alarm', 'Runaway']);
      expect(selfHeatAtS[0]).toBe(firstAtS[0]!.get('Watch'));
      // Warning stands for minutes before the Alarm, not for a frame.
      expect(firstAtS[0]!.get('Alarm')! - firstAtS[0]!.get('Warning')!).toBeGreaterThan(60);
    }
  });

  it('sim:oven pre-heated: SELF_HEAT comes from the cell’s own heat, above the oven, before the runaway', () => {
    const { shown, selfHeatAtS } = run('oven', 5, 3 * 3600);
    // The oven pushes the cell through 50 and 60 °C from outside first: Watch, then Alarm, never back down.
    const rank = shown[0]!.map((c) => RISK_CLASSES.indexOf(c as (typeof RISK_CLASSES)[number]));
    expect(rank).toEqual([...rank].sort((a, b) => a - b));
    expect(shown[0]!.at(-1)).toBe('Runaway');
    expect(selfHeatAtS[0]).not.toBeNull();
  });

  it('sim:normal-cycling over 12 simulated hours raises no SELF_HEAT', () => {
    for (const seed of [1]) {
      const { selfHeatAtS, shown } = run('normal-cycling', seed, 12 * 3600, false);
      expect(selfHeatAtS).toEqual(shown.map(() => null));
    }
  });
});
