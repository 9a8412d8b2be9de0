import { describe, expect, it } from 'vitest';
import type { CellReading } from '../contract/index.js';
import { FEATURE_COUNT, FEATURE_NAMES } from './feature-spec.js';
import {
  FEATURE_SPEC_WITH_HEAT_SOURCE,
  HEAT_SOURCE_COUNT,
  HEAT_SOURCE_NAMES,
  coolingTauS,
  excessHeatingRate,
  rateLogRatio,
} from './heat-source.js';
import { ModuleFeatureTracker } from './module-feature-tracker.js';

/** One cell at 1 Hz, ambient 22 °C, resting; tempAt(t) null = open probe. */
function run(tr: ModuleFeatureTracker, untilS: number, tempAt: (t: number) => number | null): Float32Array {
  for (let t = 0; t <= untilS; t++) {
    const r: CellReading = {
      deviceId: 'RIG',
      cell: 1,
      seq: t,
      tDevMs: t * 1000,
      tHostMs: 1_000_000 + t * 1000,
      voltageV: 3.7 + (t % 2) * 0.001,
      tempC: tempAt(t),
      currentA: 0,
      ambientC: 22,
      humidityPct: 40,
      socPct: 50,
      socEstimated: true,
    };
    tr.push([r]);
  }
  return tr.snapshot('RIG')[0]!.values;
}

const col = (v: Float32Array, name: string) => v[FEATURE_COUNT + HEAT_SOURCE_NAMES.indexOf(name)]!;
const heat = () => new ModuleFeatureTracker({ heatSource: true });

describe('heat-source features', () => {
  it('are off by default: the fs-3 columns alone, and the same bytes with them on', () => {
    const trace = (t: number) => 25 + 0.0001 * t * t;
    const off = run(new ModuleFeatureTracker(), 700, trace);
    const on = run(heat(), 700, trace);
    expect(off).toHaveLength(FEATURE_COUNT);
    expect(on).toHaveLength(FEATURE_COUNT + HEAT_SOURCE_COUNT);
    expect(Array.from(on.subarray(0, FEATURE_COUNT))).toEqual(Array.from(off));
    expect(FEATURE_SPEC_WITH_HEAT_SOURCE.map((f) => f.name)).toEqual([...FEATURE_NAMES, ...HEAT_SOURCE_NAMES]);
  });

  it('read a rate doubling at the 300 s mark as Arrhenius-like: ln 2 over 4.5 K', () => {
    // 0.01 °C/s for 300 s, then 0.02 °C/s: T(0) = 25, T(300) = 28, T(600) = 34.
    const v = run(heat(), 600, (t) => (t <= 300 ? 25 + 0.01 * t : 28 + 0.02 * (t - 300)));
    // Halves' mid temperatures 26.5 and 31 °C, 4.5 K apart.
    expect(col(v, 'heat_dlnrate_dT_300s')).toBeCloseTo(Math.log(2) / 4.5, 5);
    // 60 s and 300 s rates are both 0.02 °C/s now.
    expect(col(v, 'heat_rate_log_ratio_60_300')).toBeCloseTo(0, 5);
    // 0.02 °C/s observed + (34 − 22) K / 700 s the air would take away.
    expect(col(v, 'heat_excess_rate_300s')).toBeCloseTo(0.02 + 12 / 700, 5);
  });

  it('read Newton heating toward a 60 °C source as decelerating, negative on both', () => {
    const T = (t: number) => 60 - 35 * Math.exp(-t / 300);
    const v = run(heat(), 600, T);
    // Each 300 s half rises e⁻¹ times the one before; the halves' mids are (T(600) − T(0)) / 2 apart.
    expect(col(v, 'heat_dlnrate_dT_300s')).toBeCloseTo(-1 / ((T(600) - T(0)) / 2), 5);
    const r60 = (T(600) - T(540)) / 60;
    const r300 = (T(600) - T(300)) / 300;
    expect(col(v, 'heat_rate_log_ratio_60_300')).toBeCloseTo(Math.log(r60 / r300), 5);
    expect(col(v, 'heat_rate_log_ratio_60_300')).toBeLessThan(0);
    expect(col(v, 'heat_excess_rate_300s')).toBeCloseTo(r300 + (T(600) - 22) / 700, 5);
  });

  it('are NaN with too little history or an open probe, not a guess', () => {
    const warm = (t: number) => 25 + 0.02 * t;
    const fresh = run(heat(), 1, warm);
    for (const n of HEAT_SOURCE_NAMES) expect(col(fresh, n)).toBeNaN();
    // 400 s: the 300 s rate exists, the half before it covers only 100 s.
    const short = run(heat(), 400, warm);
    expect(col(short, 'heat_dlnrate_dT_300s')).toBeNaN();
    expect(col(short, 'heat_rate_log_ratio_60_300')).toBeCloseTo(0, 5);
    const open = run(heat(), 700, (t) => (t < 700 ? warm(t) : null));
    expect(col(open, 'heat_dlnrate_dT_300s')).toBeNaN();
    expect(col(open, 'heat_excess_rate_300s')).toBeNaN();
  });

  it('are NaN on a flat or cooling cell, where a log of a rate is noise', () => {
    const flat = run(heat(), 700, () => 25);
    expect(col(flat, 'heat_rate_log_ratio_60_300')).toBeNaN();
    expect(col(flat, 'heat_dlnrate_dT_300s')).toBeNaN();
    expect(col(flat, 'heat_excess_rate_300s')).toBeCloseTo(3 / 700, 6);
    const cooling = run(heat(), 700, (t) => 40 - 0.01 * t);
    expect(col(cooling, 'heat_rate_log_ratio_60_300')).toBeNaN();
    expect(col(cooling, 'heat_dlnrate_dT_300s')).toBeNaN();
  });

  it('floor each rate at 0.002 °C/s in the log ratio, and scale τ with the cube root of capacity', () => {
    expect(rateLogRatio(0.02, 0.01)).toBeCloseTo(Math.log(2), 12);
    expect(rateLogRatio(-0.01, 0.01)).toBeCloseTo(Math.log(0.2), 12);
    expect(rateLogRatio(0.001, 0.0005)).toBeNaN();
    expect(rateLogRatio(NaN, 0.01)).toBeNaN();
    expect(coolingTauS(3)).toBeCloseTo(700, 9);
    expect(coolingTauS(24)).toBeCloseTo(1400, 9);
    expect(coolingTauS(0)).toBeCloseTo(700, 9);
    expect(excessHeatingRate(0, 50, 22, 24)).toBeCloseTo(28 / 1400, 12);
  });
});
