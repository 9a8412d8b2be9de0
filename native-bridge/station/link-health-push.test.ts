/** The link-health beat and its coalesced "soon" push, on fake timers. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LinkHealthPush } from './link-health-push.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('link health push', () => {
  it('pushes on its beat once started, and not before', () => {
    let pushes = 0;
    const p = new LinkHealthPush(() => pushes++, 1000);
    vi.advanceTimersByTime(5000);
    expect(pushes).toBe(0);
    p.start();
    p.start();
    vi.advanceTimersByTime(3000);
    expect(pushes).toBe(3);
    p.close();
  });

  it('folds a burst of changes into one push within 200 ms', () => {
    let pushes = 0;
    const p = new LinkHealthPush(() => pushes++, 60_000);
    for (let i = 0; i < 10; i++) p.soon();
    vi.advanceTimersByTime(199);
    expect(pushes).toBe(0);
    vi.advanceTimersByTime(1);
    expect(pushes).toBe(1);
    p.soon();
    vi.advanceTimersByTime(200);
    expect(pushes).toBe(2);
    p.close();
  });

  it('pushes nothing after close, even what was already scheduled', () => {
    let pushes = 0;
    const p = new LinkHealthPush(() => pushes++, 1000);
    p.start();
    p.soon();
    p.close();
    p.soon();
    p.start();
    vi.advanceTimersByTime(10_000);
    expect(pushes).toBe(0);
  });
});
