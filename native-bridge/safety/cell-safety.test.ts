import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
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

/** The slope as the rules computed it before the ring buffer: an array of points, shift() to evict. */
function arraySlope(points: { tS: number; tempC: number }[]): number | null {
  if (points.length < 3) return null;
  const span = points[points.length - 1]!.tS - points[0]!.tS;
  if (span < 3 * 0.6) return null;
  let sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0;
  const t0 = points[0]!.tS;
  for (const p of points) {
    const x = p.tS - t0;
    sx += x;
    sy += p.tempC;
    sxx += x * x;
    sxy += x * p.tempC;
  }
  const n = points.length;
  const den = n * sxx - sx * sx;
  return den === 0 ? null : (n * sxy - sx * sy) / den;
}

describe('slope window', () => {
  it('gives bit-for-bit the slope of the array it replaced: any rate, gaps, nulls, clocks stepping back', () => {
    const step = fc.record({
      dtMs: fc.oneof(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 500, max: 6000 }), fc.constant(-2000)),
      temp: fc.option(fc.double({ min: -40, max: 900, noNaN: true }), { freq: 8 }),
    });
    fc.assert(
      // A slow stretch (points leave the window, the ring's head moves) then a burst (the ring grows
      // around a moved head), then anything.
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 60, size: 'medium' }),
        fc.array(
          fc.record({ dtMs: fc.integer({ min: 1, max: 8 }), temp: fc.double({ min: 0, max: 100, noNaN: true }) }),
          // More points than the ring's first 64 slots; fast-check keeps arrays short unless told.
          { minLength: 70, maxLength: 300 },
        ),
        fc.array(step, { maxLength: 300, size: 'medium' }),
        (slow, burst, rest) => {
          const steps = [...slow, ...burst, ...rest];
          const c = new CellSafety('cell');
          const points: { tS: number; tempC: number }[] = [];
          let tMs = 100_000;
          for (const s of steps) {
            tMs += s.dtMs;
            c.update(tMs, s.temp, 3.7);
            if (s.temp !== null) {
              points.push({ tS: tMs / 1000, tempC: s.temp });
              while (points.length > 2 && tMs / 1000 - points[0]!.tS > 3) points.shift();
            }
            expect(c.riseRate()).toBe(arraySlope(points));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
