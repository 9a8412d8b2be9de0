/**
 * Measures the core's pulse (contract/core-pulse.ts): the newest frame it took in, and how late its
 * event loop ran since the last reading — Node's own histogram of timer lateness, which grows when
 * SQLite, inference or a flood of frames hold the loop. Each read() resets the histogram, so each
 * pushed pulse covers one interval; latest() answers a caller with the last of them.
 *
 * Node 20's histogram records the time between its timer's runs, not their lateness: an idle loop
 * sampled every 10 ms reads min 9.7, mean 10.2, p99 11.1 ms (every 20 ms: 19.1, 20.4, 21.0). The
 * sampling period is taken off each figure, so an idle loop reads about 0 and a loop held 120 ms
 * reads about 110, not 130.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { CorePulse } from '../contract/core-pulse.js';

const NS_PER_MS = 1e6;
const RESOLUTION_MS = 10;

/** What the meter reads of Node's histogram (a double in the tests). */
export type LoopHistogram = Pick<
  IntervalHistogram,
  'count' | 'mean' | 'max' | 'percentile' | 'reset' | 'enable' | 'disable'
>;

/** A histogram figure (ns between the timer's runs) as a delay in ms: the sampling period taken off, never below 0. */
export function loopDelayMs(intervalNs: number, resolutionMs = RESOLUTION_MS): number {
  if (!Number.isFinite(intervalNs) || intervalNs <= 0) return 0;
  return Math.max(0, Math.round((intervalNs / NS_PER_MS - resolutionMs) * 100) / 100);
}

export interface FrameCounter {
  readonly ingestedFrames: number;
  readonly lastFrameAtMs: number | null;
}

export class CorePulseMeter {
  private readonly loop: LoopHistogram;
  private readonly startedAtMs: number;
  private last: CorePulse | null = null;

  constructor(
    private readonly frames: FrameCounter,
    private readonly now: () => number = Date.now,
    histogram?: LoopHistogram,
  ) {
    this.loop = histogram ?? monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    this.startedAtMs = now();
    this.loop.enable();
  }

  read(): CorePulse {
    const atMs = this.now();
    const pulse: CorePulse = {
      atMs,
      lastFrameAtMs: this.frames.lastFrameAtMs,
      framesIngested: this.frames.ingestedFrames,
      // With no sample yet the histogram reports NaN or its 1e19 sentinel: both read as 0 here.
      eventLoopDelayMs: {
        mean: this.loop.count > 0 ? loopDelayMs(this.loop.mean) : 0,
        p99: this.loop.count > 0 ? loopDelayMs(this.loop.percentile(99)) : 0,
        max: this.loop.count > 0 ? loopDelayMs(this.loop.max) : 0,
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
