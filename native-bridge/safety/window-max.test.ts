import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WindowMax } from './window-max.js';

/** The rescan WindowMax replaced (cell-safety.ts before it), kept here as the reference. */
class NaiveWindowMax {
  private points: { tS: number; v: number }[] = [];
  constructor(private readonly windowS: number) {}
  push(tS: number, v: number): void {
    this.points.push({ tS, v });
    while (this.points.length > 1 && tS - this.points[0]!.tS > this.windowS) this.points.shift();
  }
  max(): number {
    return this.points.reduce((m, p) => Math.max(m, p.v), 0);
  }
  get size(): number {
    return this.points.length;
  }
}

/** Time steps: a steady rate, bursts at one instant, long gaps (a paused device) and steps back (a reboot). */
const stepArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(0.01, 0.1, 1) },
  { weight: 2, arbitrary: fc.double({ min: 0, max: 5, noNaN: true }) },
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.double({ min: 100, max: 400, noNaN: true }) },
  { weight: 1, arbitrary: fc.double({ min: -300, max: 0, noNaN: true }) },
);
/** Voltages, with ties (a flat cell), collapses, values ≤ 0 and the odd NaN. */
const valueArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(3.6, 3.7, 3.7, 4.1, 2.6) },
  { weight: 3, arbitrary: fc.double({ min: -1, max: 5, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, NaN) },
);

/** The first step where the two disagree (max or window size), or null. */
function firstMismatch(windowS: number, steps: [number, number][]): object | null {
  const fast = new WindowMax(windowS);
  const naive = new NaiveWindowMax(windowS);
  let t = 1000;
  for (let i = 0; i < steps.length; i++) {
    const [dt, v] = steps[i]!;
    t += dt;
    fast.push(t, v);
    naive.push(t, v);
    const same = Object.is(fast.max(), naive.max()) || fast.max() === naive.max();
    if (!same || fast.size !== naive.size)
      return { step: i, fast: fast.max(), naive: naive.max(), fastSize: fast.size, naiveSize: naive.size };
  }
  return null;
}

describe('windowed running max', () => {
  it('equals the rescan of the window on random sequences with gaps and clock steps', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(120, 3, 0.5),
        fc.array(fc.tuple(stepArb, valueArb), { maxLength: 400, size: 'max' }),
        (windowS, steps) => {
          expect(firstMismatch(windowS, steps)).toBeNull();
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('equals the rescan over sequences long enough to compact its storage', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(stepArb, valueArb), { minLength: 3000, maxLength: 6000 }), (steps) => {
        expect(firstMismatch(2, steps)).toBeNull();
      }),
      { numRuns: 20 },
    );
  });

  it('is 0 when empty or when every value is ≤ 0, as the rescan seeded with 0 was', () => {
    const w = new WindowMax(120);
    expect(w.max()).toBe(0);
    w.push(0, -1);
    expect(w.max()).toBe(0);
  });

  it('forgets a high voltage once it is more than the window old, but always keeps the newest sample', () => {
    const w = new WindowMax(120);
    w.push(0, 4.1);
    w.push(60, 3.7);
    expect(w.max()).toBe(4.1);
    w.push(120, 3.6);
    expect(w.max()).toBe(4.1);
    w.push(120.5, 3.5);
    expect(w.max()).toBe(3.7);
    w.push(1000, 2.5);
    expect(w.max()).toBe(2.5);
    expect(w.size).toBe(1);
  });
});
