import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UiThrottle } from './ui-throttle.js';

describe('UI throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('emits at most 10 times a second however often data arrives', () => {
    const emit = vi.fn();
    const t = new UiThrottle(emit, 100, () => Date.now());
    for (let ms = 0; ms < 1000; ms++) {
      t.markDirty();
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(200);
    expect(emit.mock.calls.length).toBeGreaterThanOrEqual(9);
    expect(emit.mock.calls.length).toBeLessThanOrEqual(11);
  });

  it('lets each frame of a rig a little faster than 10 Hz out as it arrives', () => {
    const delays: number[] = [];
    let arrivedAt = 0;
    const t = new UiThrottle(() => delays.push(Date.now() - arrivedAt));
    // A rig whose clock runs 1 % fast: a frame every 99 ms. A 100 ms gap made each wait 1 ms longer
    // than the one before, until frames waited up to a whole period.
    for (let i = 0; i < 300; i++) {
      vi.advanceTimersByTime(i === 0 ? 0 : 99);
      arrivedAt = Date.now();
      t.markDirty();
      vi.advanceTimersByTime(0);
    }
    vi.advanceTimersByTime(100);
    expect(delays).toHaveLength(300);
    expect(Math.max(...delays)).toBe(0);
  });

  it('emits at most 20 times a second by default', () => {
    const emit = vi.fn();
    const t = new UiThrottle(emit);
    for (let ms = 0; ms < 1000; ms++) {
      t.markDirty();
      vi.advanceTimersByTime(1);
    }
    expect(emit.mock.calls.length).toBeGreaterThanOrEqual(19);
    expect(emit.mock.calls.length).toBeLessThanOrEqual(21);
  });

  it('emits nothing when nothing changed', () => {
    const emit = vi.fn();
    new UiThrottle(emit, 100);
    vi.advanceTimersByTime(1000);
    expect(emit).not.toHaveBeenCalled();
  });
});
