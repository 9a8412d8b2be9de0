import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { medianLeavingOut } from './sorted-median.js';

/** The obvious way: copy, remove one, sort, take the middle. */
function naive(xs: number[], leaveOut: number | null): number {
  const rest = [...xs];
  if (leaveOut !== null) rest.splice(leaveOut, 1);
  rest.sort((a, b) => a - b);
  if (rest.length === 0) return NaN;
  const m = rest.length >> 1;
  return rest.length % 2 === 1 ? rest[m]! : (rest[m - 1]! + rest[m]!) / 2;
}

function sortedOf(xs: number[]): Float64Array {
  return new Float64Array(xs).sort();
}

describe('medianLeavingOut', () => {
  it('is the median of the others, worked by hand', () => {
    const s = sortedOf([5, 1, 4, 2, 3]);
    expect(medianLeavingOut(s, 5, false, 0)).toBe(3);
    expect(medianLeavingOut(s, 5, true, 3)).toBe(3); // 1 2 4 5
    expect(medianLeavingOut(s, 5, true, 1)).toBe(3.5); // 2 3 4 5
    expect(medianLeavingOut(s, 5, true, 5)).toBe(2.5); // 1 2 3 4
    expect(medianLeavingOut(s, 3, true, 2)).toBe(2); // of 1 2 3, leaving 2: 1 3
  });

  it('is NaN when nothing is left, and never throws on a value not in the set', () => {
    expect(medianLeavingOut(sortedOf([7]), 1, true, 7)).toBeNaN();
    expect(medianLeavingOut(new Float64Array(4), 0, false, 0)).toBeNaN();
    expect(medianLeavingOut(sortedOf([1, 2, 3]), 3, true, 9)).toBe(2);
    expect(medianLeavingOut(sortedOf([1, NaN, 3]), 3, true, NaN)).toBe(2);
  });

  it('agrees with copying and sorting, for any set and any member left out', () => {
    fc.assert(
      fc.property(
        // x + 0 turns −0 into 0: a typed array's sort orders −0 before 0, a comparator does not, and the
        // two medians would differ only in the sign of a zero.
        fc.array(
          fc.double({ noNaN: true, min: -1, max: 1 }).map((x) => x + 0),
          { minLength: 1, maxLength: 40, size: 'max' },
        ),
        fc.nat(),
        fc.boolean(),
        (xs, pick, leave) => {
          const i = pick % xs.length;
          const got = medianLeavingOut(sortedOf(xs), xs.length, leave, xs[i]!);
          const want = naive(xs, leave ? i : null);
          expect(Object.is(got, want)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
