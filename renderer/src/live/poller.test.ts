import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Poller } from './poller.js';

/** A fetcher whose answers the test releases by hand, to hold a pull in flight. */
function gatedFetcher() {
  let calls = 0;
  const gates: Array<(v: number) => void> = [];
  const fetcher = vi.fn(
    () =>
      new Promise<number>((resolve) => {
        calls += 1;
        gates.push(resolve);
      }),
  );
  return {
    fetcher,
    release: (v: number) => gates.shift()!(v),
    get calls() {
      return calls;
    },
  };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('Poller', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => vi.useRealTimers());

  it('pulls at once on start, then every interval', async () => {
    let n = 0;
    const p = new Poller(async () => ++n, { intervalMs: 5000, paused: false });
    p.start();
    await settle();
    expect(p.getState().data).toBe(1);
    expect(p.getState().nextDueMs).toBe(1_005_000);
    await vi.advanceTimersByTimeAsync(4999);
    expect(n).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(n).toBe(2);
    await vi.advanceTimersByTimeAsync(5000);
    expect(n).toBe(3);
    p.stop();
  });

  it('stops pulling while paused and pulls at once on resume', async () => {
    let n = 0;
    const p = new Poller(async () => ++n, { intervalMs: 1000, paused: false });
    p.start();
    await settle();
    p.setPaused(true);
    expect(p.getState().nextDueMs).toBeNull();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(n).toBe(1);
    p.setPaused(false);
    await settle();
    expect(n).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(n).toBe(3);
    p.stop();
  });

  it('drops an automatic pull that was in flight when Pause was pressed', async () => {
    const f = gatedFetcher();
    const p = new Poller(f.fetcher, { intervalMs: 1000, paused: false });
    p.start();
    p.setPaused(true);
    f.release(42);
    await settle();
    expect(p.getState().data).toBeNull();
    expect(p.getState().inFlight).toBe(false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(f.calls).toBe(1);
    p.stop();
  });

  it('Refresh Now pulls while paused and stays paused', async () => {
    let n = 0;
    const p = new Poller(async () => ++n, { intervalMs: 1000, paused: true });
    p.start();
    await settle();
    expect(n).toBe(0);
    p.refreshNow();
    await settle();
    expect(p.getState().data).toBe(1);
    expect(p.getState().nextDueMs).toBeNull();
    await vi.advanceTimersByTimeAsync(5000);
    expect(n).toBe(1);
    p.stop();
  });

  it('never overlaps pulls, and runs a Refresh Now pressed mid-pull right after it', async () => {
    const f = gatedFetcher();
    const p = new Poller(f.fetcher, { intervalMs: 1000, paused: false });
    p.start();
    p.refreshNow();
    p.refreshNow();
    expect(f.calls).toBe(1);
    f.release(1);
    await settle();
    expect(f.calls).toBe(2);
    f.release(2);
    await settle();
    expect(p.getState().data).toBe(2);
    expect(p.getState().nextDueMs).not.toBeNull();
    p.stop();
  });

  it('reschedules the pending pull when the interval changes', async () => {
    let n = 0;
    const p = new Poller(async () => ++n, { intervalMs: 30_000, paused: false });
    p.start();
    await settle();
    expect(p.getState().nextDueMs).toBe(1_030_000);
    await vi.advanceTimersByTimeAsync(500);
    p.setIntervalMs(1000);
    expect(p.getState().nextDueMs).toBe(1_001_000);
    await vi.advanceTimersByTimeAsync(500);
    expect(n).toBe(2);
    p.stop();
  });

  it('keeps the last data and reports the error when a pull fails, then keeps polling', async () => {
    let n = 0;
    const p = new Poller(
      async () => {
        n += 1;
        if (n === 2) throw new Error('Connection to the station was lost');
        return n;
      },
      { intervalMs: 1000, paused: false },
    );
    p.start();
    await settle();
    await vi.advanceTimersByTimeAsync(1000);
    expect(p.getState()).toMatchObject({ data: 1, error: 'Connection to the station was lost' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(p.getState()).toMatchObject({ data: 3, error: null });
    p.stop();
  });

  it('can be stopped and started again (React StrictMode mounts effects twice)', async () => {
    const f = gatedFetcher();
    const p = new Poller(f.fetcher, { intervalMs: 1000, paused: false });
    p.start();
    p.stop();
    p.start();
    f.release(1);
    await settle();
    // The pull from before stop() is dropped and replaced at once.
    expect(p.getState().data).toBeNull();
    expect(f.calls).toBe(2);
    f.release(2);
    await settle();
    expect(p.getState().data).toBe(2);
    p.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(f.calls).toBe(2);
  });

  it('notifies subscribers on every change', async () => {
    const p = new Poller(async () => 1, { intervalMs: 1000, paused: false });
    const seen: boolean[] = [];
    const off = p.subscribe(() => seen.push(p.getState().inFlight));
    p.start();
    await settle();
    off();
    p.stop();
    expect(seen.slice(0, 2)).toEqual([true, false]);
  });
});
