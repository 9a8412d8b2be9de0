/**
 * Measures the core's pulse (contract/core-pulse.ts): the newest frame it took in, and how late its
 * event loop ran since the last reading — Node's own histogram of timer lateness, which grows when
 * SQLite, inference or a flood of frames hold the loop. Each read() resets the histogram, so each
 * pushed pulse covers one interval; latest() answers a caller with the last of them.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { CorePulse } from '../contract/core-pulse.js';

const NS_PER_MS = 1e6;

export interface FrameCounter {
  readonly ingestedFrames: number;
  readonly lastFrameAtMs: number | null;
}

export class CorePulseMeter {
  private readonly loop: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private readonly startedAtMs: number;
  private last: CorePulse | null = null;

  constructor(
    private readonly frames: FrameCounter,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAtMs = now();
    this.loop.enable();
  }

  read(): CorePulse {
    const ms = (ns: number) => (Number.isFinite(ns) && ns > 0 ? Math.round((ns / NS_PER_MS) * 100) / 100 : 0);
    const atMs = this.now();
    const pulse: CorePulse = {
      atMs,
      lastFrameAtMs: this.frames.lastFrameAtMs,
      framesIngested: this.frames.ingestedFrames,
      // With no sample yet the histogram reports NaN or its 1e19 sentinel: both read as 0 here.
      eventLoopDelayMs: {
        mean: this.loop.count > 0 ? ms(this.loop.mean) : 0,
        p99: this.loop.count > 0 ? ms(this.loop.percentile(99)) : 0,
        max: this.loop.count > 0 ? ms(this.loop.max) : 0,
      },
      uptimeS: Math.max(0, Math.round((atMs - this.startedAtMs) / 100) / 10),
    };
    this.loop.reset();
    this.last = pulse;
    return pulse;
  }

  /** The last pulse read, with the frame figures of now; a fresh reading before the first. */
  latest(): CorePulse {
    if (this.last === null) return this.read();
    return { ...this.last, lastFrameAtMs: this.frames.lastFrameAtMs, framesIngested: this.frames.ingestedFrames };
  }

  dispose(): void {
    this.loop.disable();
  }
}
