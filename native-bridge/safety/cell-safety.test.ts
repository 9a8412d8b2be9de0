import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CellSafety } from './cell-safety.js';
import { detectOnset } from './runaway-onset.js';

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

  it('measures dT/dt over the last second, as the onset rule does', () => {
    const c = new CellSafety('cell 1');
    feed(c, 10, (t) => 30 + 0.5 * t, undefined, 10);
    expect(c.riseRate()).toBeCloseTo(0.5, 6);
  });

  it('fires the runaway rule once dT/dt ≥ 1 °C/s is held 3 s at or above the 60 °C operating limit', () => {
    const c = new CellSafety('cell 2');
    // 2 °C/s from 70 °C at 10 Hz: the 1 s rate qualifies from t = 1.0 (against t = 0), held at 3.0 s.
    let codes: string[] = [];
    let firstRunawayS: number | null = null;
    for (let k = 0; k <= 100; k++) {
      codes = c.update(k * 100, 70 + 0.2 * k, 3.6).map((f) => f.code);
      if (codes.includes('RUNAWAY') && firstRunawayS === null) firstRunawayS = k / 10;
    }
    expect(firstRunawayS).toBe(3);
    expect(codes).toEqual(['RUNAWAY', 'T_MAX']);
  });

  it('raises RUNAWAY on the reading where the shared onset detector fires, for any trace', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            dtMs: fc.oneof(fc.constantFrom(1000, 500, 100), fc.integer({ min: 50, max: 3000 })),
            // Rises near the 1 °C/s threshold around the 60 °C limit, where the rule's details decide.
            dT: fc.oneof(fc.double({ min: -0.5, max: 1.5, noNaN: true }), fc.constantFrom(0.5, 1, null)),
            v: fc.oneof(fc.constant(4.0), fc.double({ min: 0, max: 4.2, noNaN: true }), fc.constant(null)),
          }),
          { minLength: 1, maxLength: 400 },
        ),
        (steps) => {
          const c = new CellSafety('cell');
          const tS: number[] = [];
          const temps: (number | null)[] = [];
          const volts: (number | null)[] = [];
          let t = 0;
          let temp = 57;
          let firstFinding: number | null = null;
          for (const s of steps) {
            t += s.dtMs;
            if (s.dT !== null) temp += s.dT;
            const reading = s.dT === null ? null : temp;
            tS.push(t / 1000);
            temps.push(reading);
            volts.push(s.v);
            const codes = c.update(t, reading, s.v).map((f) => f.code);
            if (firstFinding === null && codes.includes('RUNAWAY')) firstFinding = t / 1000;
          }
          expect(firstFinding).toBe(detectOnset(tS, temps, volts)?.tS ?? null);
        },
      ),
      { numRuns: 300 },
    );
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
    expect(feed(c, 2, (s) => 25 + 1.5 * s)).toEqual([]);
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
