import { describe, expect, it } from 'vitest';
import { timeTicks } from './time-axis.js';

const span = { fromMs: 1_000_000, toMs: 1_000_000 + 3_600_000 };

describe('time axis', () => {
  it('puts ticks on round times', () => {
    const ticks = timeTicks(span.fromMs + 1234, span.fromMs + 600_000);
    expect(ticks.length).toBeGreaterThan(3);
    expect(ticks.length).toBeLessThanOrEqual(8);
    for (const t of ticks) expect(t % 60_000).toBe(0);
  });
});
