/** The pulse says when the last frame came and how late the event loop ran, one interval at a time. */
import { describe, expect, it } from 'vitest';
import { corePulseSchema } from '../contract/core-pulse.js';
import { CorePulseMeter, loopDelayMs, type LoopHistogram } from './core-pulse-meter.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function block(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('CorePulseMeter', () => {
  it('reports the frame counter and a blocked loop, then an idle one', async () => {
    const frames = { ingestedFrames: 0, lastFrameAtMs: null as number | null };
    let now = 10_000;
    const meter = new CorePulseMeter(frames, () => now);
    const first = meter.read();
    expect(corePulseSchema.parse(first)).toEqual(first);
    expect(first).toMatchObject({ lastFrameAtMs: null, framesIngested: 0, uptimeS: 0 });

    await sleep(30);
    block(120);
    await sleep(30);
    frames.ingestedFrames = 42;
    frames.lastFrameAtMs = 10_400;
    now = 12_500;
    const busy = meter.read();
    expect(busy).toMatchObject({ lastFrameAtMs: 10_400, framesIngested: 42, uptimeS: 2.5, atMs: 12_500 });
    expect(busy.eventLoopDelayMs.max).toBeGreaterThanOrEqual(80);

    await sleep(100);
    const idle = meter.read();
    expect(idle.eventLoopDelayMs.max).toBeLessThan(busy.eventLoopDelayMs.max);
    frames.ingestedFrames = 43;
    expect(meter.latest()).toMatchObject({
      atMs: idle.atMs,
      framesIngested: 43,
      eventLoopDelayMs: idle.eventLoopDelayMs,
    });
    meter.dispose();
  });

  it('takes the sampling period off what the histogram holds: an idle loop reads about 0, not 10 ms', () => {
    // What Node's histogram held over a second of an idle loop and of one held 120 ms (sampled every 10 ms).
    const held = (mean: number, p99: number, max: number): LoopHistogram => ({
      count: 95,
      mean: mean * 1e6,
      max: max * 1e6,
      percentile: (p: number) => (p === 99 ? p99 * 1e6 : Number.NaN),
      reset: () => undefined,
      enable: () => true,
      disable: () => true,
    });
    const frames = { ingestedFrames: 0, lastFrameAtMs: null };
    expect(new CorePulseMeter(frames, () => 0, held(10.24, 11.09, 12.5)).read().eventLoopDelayMs).toEqual({
      mean: 0.24,
      p99: 1.09,
      max: 2.5,
    });
    expect(new CorePulseMeter(frames, () => 0, held(11.5, 130, 130)).read().eventLoopDelayMs).toEqual({
      mean: 1.5,
      p99: 120,
      max: 120,
    });
    // A timer that ran early (the histogram's min is 9.7 ms idle) is not a negative delay.
    expect(loopDelayMs(9.69e6)).toBe(0);
    expect(loopDelayMs(Number.NaN)).toBe(0);
  });
});
