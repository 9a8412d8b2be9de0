import { describe, expect, it } from 'vitest';
import type { CellReading } from '../contract/index.js';
import { FEATURE_COUNT, FEATURE_INDEX, FEATURE_NAMES, FEATURE_SPEC } from './feature-spec.js';
import type { CellSpec } from './cell-chemistry.js';
import { ModuleFeatureTracker } from './module-feature-tracker.js';
import { SampleWindow } from './sample-window.js';

type CellIn = Partial<Pick<CellReading, 'tempC' | 'voltageV' | 'currentA' | 'ambientC' | 'socPct'>>;

function frame(tDevMs: number, seq: number, cells: CellIn[], deviceId = 'RIG'): CellReading[] {
  return cells.map((c, i) => ({
    deviceId,
    cell: i + 1,
    seq,
    tDevMs,
    tHostMs: 1_000_000 + tDevMs,
    // A live channel never reads exactly the same for minutes: the default voltage wobbles by one step.
    voltageV: c.voltageV === undefined ? 3.7 + (seq % 2) * 0.001 : c.voltageV,
    tempC: c.tempC === undefined ? 25 : c.tempC,
    currentA: c.currentA === undefined ? 0 : c.currentA,
    ambientC: c.ambientC === undefined ? 22 : c.ambientC,
    humidityPct: 40,
    socPct: c.socPct === undefined ? 50 : c.socPct,
    socEstimated: true,
  }));
}

const f = (values: Float32Array, name: string) => values[FEATURE_INDEX[name]!]!;

describe('feature spec', () => {
  it('names are unique and every feature has a unit and a doc', () => {
    expect(new Set(FEATURE_NAMES).size).toBe(FEATURE_COUNT);
    for (const s of FEATURE_SPEC) {
      expect(s.unit.length).toBeGreaterThan(0);
      expect(s.doc.length).toBeGreaterThan(10);
    }
  });
});

describe('SampleWindow', () => {
  it('keeps a running max and evicts by time', () => {
    const w = new SampleWindow(10_000, [5_000], true, 4);
    const vals = [3, 9, 4, 1, 7, 2, 8, 5, 6, 0, 1, 2];
    vals.forEach((v, i) => w.push(i * 1000, v));
    // t = 11 s: window [1 s, 11 s] holds vals[1..11]; max 9
    expect(w.max()).toBe(9);
    w.push(12_000, 1); // evicts t=1 s (9): max of vals[2..11] and 1 = 8
    expect(w.max()).toBe(8);
    expect(w.size).toBe(11);
    // rate over 5 s: from t = 7 s (5) to t = 12 s (1)
    expect(w.rate(0)).toBeCloseTo((1 - 5) / 5, 12);
  });

  it('grows past its initial capacity without losing order', () => {
    const w = new SampleWindow(1_000_000, [], true, 16);
    for (let i = 0; i < 1000; i++) w.push(i, i % 97);
    expect(w.size).toBe(1000);
    expect(w.max()).toBe(96);
    expect(w.mean()).toBeCloseTo(Array.from({ length: 1000 }, (_, i) => i % 97).reduce((a, b) => a + b) / 1000, 9);
  });
});

describe('ModuleFeatureTracker', () => {
  it('computes hand-checked rates, acceleration and maxima on a quadratic temperature', () => {
    const tr = new ModuleFeatureTracker();
    // T(t) = 25 + 0.001 t², t in s, at 1 Hz for 400 s: rate over h ending at t is 0.001 (2t − h)
    for (let t = 0; t <= 400; t++) tr.push(frame(t * 1000, t, [{ tempC: 25 + 0.001 * t * t }]));
    const [c] = tr.snapshot('RIG');
    const v = c!.values;
    expect(v).toHaveLength(FEATURE_COUNT);
    expect(f(v, 'temp_c')).toBeCloseTo(25 + 160, 3);
    for (const h of [3, 10, 30, 60, 300]) expect(f(v, `temp_rate_${h}s`)).toBeCloseTo(0.001 * (800 - h), 4);
    expect(f(v, 'temp_rate_900s')).toBeNaN(); // 400 s of history < half of 900 s
    // d²T/dt² = 0.002 °C/s²
    expect(f(v, 'temp_accel_30s')).toBeCloseTo(0.002, 6);
    expect(f(v, 'temp_max_900s')).toBeCloseTo(185, 3);
    expect(f(v, 'temp_above_ambient_c')).toBeCloseTo(185 - 22, 3);
    expect(f(v, 'history_s')).toBe(400);
    expect(c!.health).toEqual({ sensorFault: null, gapS: 1 });
  });

  it('reports NaN for horizons without enough history', () => {
    const tr = new ModuleFeatureTracker();
    for (let t = 0; t <= 20; t++) tr.push(frame(t * 1000, t, [{ tempC: 25 + t }]));
    const v = tr.snapshot('RIG')[0]!.values;
    expect(f(v, 'temp_rate_10s')).toBeCloseTo(1, 9);
    expect(Number.isNaN(f(v, 'temp_rate_60s'))).toBe(true);
    expect(Number.isNaN(f(v, 'temp_rate_300s'))).toBe(true);
  });

  it('uses device time, so a 10 Hz feed gives the same rates as 1 Hz', () => {
    const a = new ModuleFeatureTracker();
    const b = new ModuleFeatureTracker();
    for (let t = 0; t <= 120; t++) a.push(frame(t * 1000, t, [{ tempC: 30 + 0.05 * t }]));
    for (let k = 0; k <= 1200; k++) b.push(frame(k * 100, k, [{ tempC: 30 + 0.005 * k }]));
    const va = a.snapshot('RIG')[0]!.values;
    const vb = b.snapshot('RIG')[0]!.values;
    for (const n of ['temp_rate_10s', 'temp_rate_60s', 'temp_c', 'temp_max_900s'])
      expect(f(vb, n)).toBeCloseTo(f(va, n), 4);
  });

  it('compares a cell with its neighbours and the module', () => {
    const tr = new ModuleFeatureTracker();
    const temps = [30, 50, 34, 28];
    const volts = [3.7, 3.5, 3.72, 3.71];
    for (let t = 0; t <= 15; t++)
      tr.push(
        frame(
          t * 1000,
          t,
          temps.map((T, i) => ({ tempC: T + (i === 1 ? t : 0), voltageV: volts[i] })),
        ),
      );
    const s = tr.snapshot('RIG');
    const hot = s[1]!.values; // cell 2 at 65 °C, rising 1 °C/s
    const c3 = s[2]!.values;
    expect(f(hot, 'temp_above_neighbours_c')).toBeCloseTo(65 - 34, 4);
    // median of 30, 65, 34, 28 = 32
    expect(f(hot, 'temp_above_module_median_c')).toBeCloseTo(65 - 32, 4);
    expect(f(hot, 'module_max_above_c')).toBe(0);
    expect(f(c3, 'module_max_above_c')).toBeCloseTo(65 - 34, 4);
    expect(f(c3, 'neighbour_max_rate_10s')).toBeCloseTo(1, 6);
    expect(f(c3, 'module_max_rate_10s')).toBeCloseTo(1, 6);
    expect(f(hot, 'temp_rate_60s_above_module_median')).toBeNaN(); // 15 s < half of 60 s
    // median voltage of 3.5, 3.7, 3.71, 3.72 = 3.705
    expect(f(hot, 'voltage_below_module_median_v')).toBeCloseTo(0.205, 5);
  });

  it('tracks the voltage drop against the 60 s maximum, current and rest self-heating', () => {
    const tr = new ModuleFeatureTracker();
    for (let t = 0; t <= 200; t++) {
      const load = t < 100;
      const voltageV = t < 190 ? 4.0 : 4.0 - 0.1 * (t - 189);
      tr.push(
        frame(t * 1000, t, [{ tempC: 25 + (t >= 100 ? 0.01 * (t - 100) : 0), voltageV, currentA: load ? 2 : 0.01 }]),
      );
    }
    const v = tr.snapshot('RIG')[0]!.values;
    expect(f(v, 'voltage_v')).toBeCloseTo(2.9, 6);
    expect(f(v, 'voltage_drop_60s_v')).toBeCloseTo(1.1, 5);
    expect(f(v, 'voltage_drop_frac_60s')).toBeCloseTo(1.1 / 4.0, 5);
    expect(f(v, 'voltage_rate_10s')).toBeCloseTo(-0.1, 5);
    expect(f(v, 'current_a')).toBeCloseTo(0.01, 6);
    // last 60 s: t = 141…200 all at 0.01 A
    expect(f(v, 'current_abs_mean_60s_a')).toBeCloseTo(0.01, 6);
    expect(f(v, 'time_at_rest_s')).toBe(101);
    expect(f(v, 'rest_self_heating_60s')).toBeCloseTo(0.01, 6);
  });

  it('flags open, stuck and noisy sensors and counts missing readings', () => {
    const tr = new ModuleFeatureTracker();
    for (let t = 0; t <= 200; t++) {
      const wobble = (t % 2) * 0.02;
      tr.push(
        frame(t * 1000, t, [
          { tempC: t >= 170 ? null : 25 + wobble }, // opens at 170 s
          { tempC: 26 }, // stuck from the start
          { tempC: 25 + (t % 2 ? 3 : -3) }, // noisy
          { tempC: 25 + wobble, voltageV: 3.7 + wobble },
        ]),
      );
    }
    const s = tr.snapshot('RIG');
    expect(s.map((c) => c.health.sensorFault)).toEqual(['temp-open', 'temp-stuck', 'temp-noisy', null]);
    // the 60 s window holds t = 140…200 (61 frames), 31 of them without a temperature
    expect(f(s[0]!.values, 'temp_missing_share_60s')).toBeCloseTo(31 / 61, 6);
    expect(f(s[0]!.values, 'temp_c')).toBeNaN();
    expect(f(s[0]!.values, 'temp_max_900s')).toBeCloseTo(25.02, 5);
    // ±3 °C alternating: |(+3) − 2·(−3) + (+3)| = 12; the 31 signed differences of the 30 s window
    // alternate ±12 and leave a mean of 12/31, which is subtracted
    expect(f(s[2]!.values, 'temp_noise_30s_c')).toBeCloseTo(12 - 12 / 31, 4);
  });

  it('calls a voltage stuck only when it stays put while the current steps, not on a sub-millivolt drift', () => {
    const tr = new ModuleFeatureTracker();
    // Cell 1: a 1 A constant-current discharge losing 0.4 mV a minute, read in 1 mV steps: the reading
    // changes at t = 75, 225, 375, 525 s, so at 520 s it has held for 145 s. The load steps 1 A → 2 A at
    // 600 s and its 20 mΩ drop it by 20 mV. Cell 2: a reading frozen at 3.7 V through the same load step.
    const faults: (string | null)[][] = [];
    for (let t = 0; t <= 740; t++) {
      const currentA = t < 600 ? 1 : 2;
      const drifting = Math.round((3.7 - (0.0004 / 60) * t - 0.02 * (currentA - 1)) * 1000) / 1000;
      const tempC = 25 + (t % 2) * 0.02;
      tr.push(
        frame(t * 1000, t, [
          { voltageV: drifting, currentA, tempC },
          { voltageV: 3.7, currentA, tempC },
        ]),
      );
      if (t === 520 || t === 740) faults.push(tr.snapshot('RIG').map((c) => c.health.sensorFault));
    }
    expect(faults).toEqual([
      [null, null],
      [null, 'voltage-stuck'],
    ]);
  });

  it('does not call the smooth acceleration of a runaway noise', () => {
    const tr = new ModuleFeatureTracker();
    // T = 25 + e^(t/10): by t = 60 it climbs 40 °C/s and its second differences are ~4 °C, all positive.
    for (let t = 0; t <= 60; t++) tr.push(frame(t * 1000, t, [{ tempC: 25 + Math.exp(t / 10) }, { tempC: 25 }]));
    const [hot] = tr.snapshot('RIG');
    expect(f(hot!.values, 'temp_noise_30s_c')).toBeLessThan(0.01);
    expect(hot!.health.sensorFault).toBeNull();
  });

  it('sees the charger: direction, C-rate, the CV taper and the distance to the cell’s V_max', () => {
    const lfp = { family: 'LFP', capacityAh: 50, vMaxV: 3.65, vMinV: 2.5 } as const;
    const tr = new ModuleFeatureTracker({
      cellOf: (dev) => (dev === 'LFP' ? lfp : { ...lfp, family: 'NMC', capacityAh: 3, vMaxV: 4.2 }),
    });
    // 3 A constant current for 300 s, then the constant-voltage phase tapers it to 0.75 A.
    for (let t = 0; t <= 400; t++) {
      const currentA = t <= 300 ? -3 : -3 + (2.25 * (t - 300)) / 100;
      tr.push(frame(t * 1000, t, [{ currentA, voltageV: t <= 300 ? 4.1 + t / 3000 : 4.2 }]));
      tr.push(frame(t * 1000, t, [{ currentA: 0.5, voltageV: 3.3 }], 'LFP'));
    }
    const nmc = tr.snapshot('RIG')[0]!.values;
    expect(f(nmc, 'current_direction')).toBe(-1);
    expect(f(nmc, 'c_rate')).toBeCloseTo(-0.75 / 3, 5);
    expect(f(nmc, 'cv_taper')).toBeCloseTo(0.25, 5);
    expect(f(nmc, 'cell_vmax_v')).toBeCloseTo(4.2, 6);
    expect(f(nmc, 'voltage_below_vmax_v')).toBeCloseTo(0, 5);
    const l = tr.snapshot('LFP')[0]!.values;
    // 0.5 A is a C/100 trickle of a 50 Ah cell: at rest (C/50 = 1 A), not a discharge.
    expect(f(l, 'current_direction')).toBe(0);
    expect(f(l, 'cv_taper')).toBeNaN();
    expect(f(l, 'time_at_rest_s')).toBe(400);
    expect(f(l, 'voltage_below_vmax_v')).toBeCloseTo(0.35, 5);
  });

  it('starts a device’s windows afresh on its new cell when its session is edited, and only then', () => {
    let cell: CellSpec = { family: 'NMC', capacityAh: 3, vMaxV: 4.2, vMinV: 2.5 };
    const tr = new ModuleFeatureTracker({ cellOf: () => cell });
    for (let t = 0; t <= 120; t++) tr.push(frame(t * 1000, t, [{ voltageV: 3.3 }]));
    expect(tr.recell('RIG')).toBe(false);
    expect(tr.recell('NOT-SEEN')).toBe(false);
    cell = { ...cell };
    expect(tr.recell('RIG')).toBe(false);
    expect(f(tr.snapshot('RIG')[0]!.values, 'history_s')).toBe(120);
    cell = { family: 'LFP', capacityAh: 3, vMaxV: 3.65, vMinV: 2.5 };
    expect(tr.recell('RIG')).toBe(true);
    for (let t = 121; t <= 130; t++) tr.push(frame(t * 1000, t, [{ voltageV: 3.3 }]));
    const v = tr.snapshot('RIG')[0]!.values;
    expect(f(v, 'history_s')).toBe(9);
    expect(f(v, 'cell_vmax_v')).toBeCloseTo(3.65, 6);
    expect(f(v, 'voltage_below_vmax_v')).toBeCloseTo(0.35, 5);
  });

  it('sees self-heating: the rise at rest, the acceleration over minutes and the excess over the module', () => {
    const tr = new ModuleFeatureTracker();
    // Cell 1 rests and heats on its own: T = 30 + 0.5·(t/100)² from t = 0 (rate t/10000 °C/s, accel 1e-4 °C/s²).
    for (let t = 0; t <= 900; t++)
      tr.push(frame(t * 1000, t, [{ tempC: 30 + 0.5 * (t / 100) ** 2, currentA: 0 }, { tempC: 30 }, { tempC: 30 }]));
    const [hot, calm] = tr.snapshot('RIG');
    // rate over t = 600…900 = (40.5 − 18) / 300 · 0.5 … = 0.5·(81 − 36)/300 = 0.075 °C/s
    expect(f(hot!.values, 'rest_rate_300s')).toBeCloseTo(0.075, 5);
    expect(f(hot!.values, 'temp_rate_300s_above_module_median')).toBeCloseTo(0.075, 5);
    expect(f(hot!.values, 'temp_accel_120s')).toBeCloseTo(1e-4, 6);
    expect(f(hot!.values, 'temp_accel_600s')).toBeCloseTo(1e-4, 6);
    expect(f(calm!.values, 'temp_accel_600s')).toBeCloseTo(0, 9);
  });

  it('clears the windows when the device reboots (time goes back) or the cell count changes', () => {
    const tr = new ModuleFeatureTracker();
    for (let t = 0; t <= 100; t++) tr.push(frame(t * 1000, t, [{ tempC: 25 + t }]));
    expect(f(tr.snapshot('RIG')[0]!.values, 'temp_rate_60s')).toBeCloseTo(1, 9);
    tr.push(frame(1000, 0, [{ tempC: 25 }])); // reboot: device time and seq restart
    let v = tr.snapshot('RIG')[0]!.values;
    expect(f(v, 'temp_rate_10s')).toBeNaN();
    expect(f(v, 'temp_max_900s')).toBe(25);
    expect(f(v, 'history_s')).toBe(0);
    tr.push(frame(2000, 1, [{ tempC: 25 }, { tempC: 26 }]));
    v = tr.snapshot('RIG')[1]!.values;
    expect(f(v, 'history_s')).toBe(0);
    expect(tr.snapshot('RIG')).toHaveLength(2);
    expect(tr.snapshot('OTHER')).toEqual([]);
  });

  it('reports the device-time gap before the newest reading', () => {
    const tr = new ModuleFeatureTracker();
    tr.push(frame(1000, 1, [{}]));
    tr.push(frame(2000, 2, [{}]));
    tr.push(frame(7000, 7, [{}])); // five frames lost
    expect(tr.snapshot('RIG')[0]!.health.gapS).toBe(5);
  });

  it('keeps up with 16 cells × 10 Hz for a simulated hour (O(1) amortised windows)', () => {
    const tr = new ModuleFeatureTracker();
    const cells = Array.from({ length: 16 }, () => ({ tempC: 25 }));
    const t0 = performance.now();
    for (let k = 0; k < 36_000; k++) {
      for (let i = 0; i < 16; i++) cells[i]!.tempC = 25 + ((k * 7 + i) % 13) * 0.01;
      tr.push(frame(k * 100, k, cells));
      if (k % 10 === 0) tr.snapshot('RIG');
    }
    const ms = performance.now() - t0;
    expect(tr.snapshot('RIG')).toHaveLength(16);
    expect(ms).toBeLessThan(20_000);
  });
});
