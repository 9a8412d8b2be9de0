import { describe, expect, it } from 'vitest';
import { CellSafety } from './cell-safety.js';

function feed(
  c: CellSafety,
  seconds: number,
  temp: (t: number) => number | null,
  volt: (t: number) => number | null = () => 3.7,
  hz = 1,
) {
  let last = c.update(0, temp(0), volt(0));
  for (let k = 1; k <= seconds * hz; k++) last = c.update((k / hz) * 1000, temp(k / hz), volt(k / hz));
  return last;
}

describe('cell safety rules', () => {
  it('stays quiet for a healthy cell', () => {
    expect(feed(new CellSafety('cell 1'), 600, (t) => 25 + 0.001 * t)).toEqual([]);
  });

  it('measures dT/dt by least squares', () => {
    const c = new CellSafety('cell 1');
    feed(c, 10, (t) => 30 + 0.5 * t, undefined, 10);
    expect(c.riseRate()).toBeCloseTo(0.5, 6);
  });

  it('fires the GB 38031 runaway rule only after dT/dt ≥ 1 °C/s is held 3 s with T ≥ max', () => {
    const c = new CellSafety('cell 2');
    // Heating at 2 °C/s from 70 °C crosses 80 °C after 5 s.
    const t = (s: number) => 70 + 2 * s;
    let codes: string[] = [];
    let firstRunawayS: number | null = null;
    for (let k = 0; k <= 100; k++) {
      codes = c.update(k * 100, t(k / 10), 3.6).map((f) => f.code);
      if (codes.includes('RUNAWAY') && firstRunawayS === null) firstRunawayS = k / 10;
    }
    expect(firstRunawayS).not.toBeNull();
    // Slope is measurable after ~1.8 s, held 3 s → ≥ 4.8 s; 80 °C at 5 s.
    expect(firstRunawayS!).toBeGreaterThanOrEqual(4.8);
    expect(firstRunawayS!).toBeLessThanOrEqual(5.5);
    expect(codes).toContain('T_MAX');
  });

  it('fires on a 25 % voltage collapse with a held rise below the maximum temperature', () => {
    const c = new CellSafety('cell 3');
    const f = feed(
      c,
      130,
      (s) => (s < 100 ? 30 : 30 + 1.5 * (s - 100)),
      (s) => (s < 120 ? 3.9 : 2.6),
    );
    expect(f.map((x) => x.code)).toContain('RUNAWAY');
  });

  it('does not call a fast rise without voltage drop or max temperature a runaway', () => {
    const c = new CellSafety('cell 4');
    const f = feed(c, 15, (s) => 25 + 1.5 * s);
    expect(f.map((x) => x.code)).toEqual(['RISE']);
    expect(c.isRunaway()).toBe(false);
  });

  it('clears a temperature alarm only below the hysteresis margin', () => {
    const c = new CellSafety('cell 5');
    c.update(0, 61, 3.7);
    expect(c.update(100_000, 59, 3.7).map((f) => f.code)).toEqual(['T_ALARM']);
    expect(c.update(200_000, 57.5, 3.7).map((f) => f.code)).toEqual(['T_WARN']);
  });

  it('flags a missing temperature instead of reporting normal', () => {
    expect(new CellSafety('cell 6').update(0, null, 3.7)).toMatchObject([{ code: 'SENSOR', severity: 'warning' }]);
  });

  it('flags over- and under-voltage', () => {
    expect(new CellSafety('c').update(0, 25, 4.31).map((f) => f.code)).toEqual(['V_HIGH']);
    expect(new CellSafety('c').update(0, 25, 2.3).map((f) => f.code)).toEqual(['V_LOW']);
  });
});
