import { describe, expect, it } from 'vitest';
import { clockOffset } from './banner-watch.js';

describe('clockOffset', () => {
  it('reads the offset from the round trip with the least time in it, at its midpoint', () => {
    const c = clockOffset([
      { sentMs: 1000, pageMs: 1020, backMs: 1030 },
      { sentMs: 2000, pageMs: 2003.5, backMs: 2002 },
      { sentMs: 3000, pageMs: 3001, backMs: 3008 },
    ]);
    expect(c.rttMs).toBe(2);
    expect(c.offsetMs).toBe(2.5);
  });

  it('gives a page clock behind the bench a negative offset', () => {
    expect(clockOffset([{ sentMs: 500, pageMs: 490, backMs: 504 }]).offsetMs).toBe(-12);
  });

  it('refuses to guess without a sample', () => {
    expect(() => clockOffset([])).toThrow(/no clock samples/);
  });
});
