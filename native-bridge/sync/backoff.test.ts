import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';

describe('backoff', () => {
  it('doubles up to its ceiling, draws each wait from the upper half, and starts over on reset', () => {
    let r = 0;
    const b = new Backoff({ baseMs: 100, maxMs: 1000, random: () => r });
    expect([b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([50, 100, 200, 400, 500]);
    r = 1;
    expect(b.next()).toBe(1000);
    b.reset();
    expect(b.next()).toBe(100);
    const jittered = new Backoff({ baseMs: 1000, maxMs: 1000 });
    const waits = Array.from({ length: 200 }, () => jittered.next());
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...waits)).toBeLessThanOrEqual(1000);
    expect(new Set(waits).size).toBeGreaterThan(50);
  });
});
