/** The pulse says when the last frame came and how late the event loop ran, one interval at a time. */
import { describe, expect, it } from 'vitest';
import { corePulseSchema } from '../contract/core-pulse.js';
import { CorePulseMeter } from './core-pulse-meter.js';

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
});
