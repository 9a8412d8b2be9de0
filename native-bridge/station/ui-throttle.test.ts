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

  it('emits nothing when nothing changed', () => {
    const emit = vi.fn();
    new UiThrottle(emit, 100);
    vi.advanceTimersByTime(1000);
    expect(emit).not.toHaveBeenCalled();
  });
});
