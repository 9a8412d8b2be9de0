/**
 * Test probe for the crash test: with STATION_INGEST_TRACE=<file>, the station writes the newest frame
 * it has received (device, boot, seq, host time, and the host time of the first) to that file at most every `everyMs`, from the frame
 * path itself (a timer would not run while the event loop is busy with a burst of frames — exactly
 * when a crash loses most). After a kill -9 the test compares it with what reached the database: the
 * difference is what the crash lost. Off (null) in normal runs.
 */
import { renameSync, writeFileSync } from 'node:fs';
import type { SampleRow } from '../store/store-writer.js';

export class IngestTrace {
  private last: {
    deviceId: string;
    bootId: number;
    seq: number;
    tHostMs: number;
    firstTHostMs: number;
    frames: number;
  } | null = null;
  private firstTHostMs: number | null = null;
  private written: unknown = null;
  private frames = 0;
  private lastWriteMs = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly path: string,
    private readonly everyMs = 2,
  ) {
    this.timer = setInterval(() => this.write(), 20);
    this.timer.unref?.();
  }

  static fromEnv(env: NodeJS.ProcessEnv = process.env): IngestTrace | null {
    const p = env.STATION_INGEST_TRACE?.trim();
    return p ? new IngestTrace(p) : null;
  }

  readonly onSample = (s: SampleRow): void => {
    this.frames++;
    this.firstTHostMs ??= s.tHostMs;
    this.last = {
      deviceId: s.deviceId,
      bootId: s.bootId,
      seq: s.seq,
      tHostMs: s.tHostMs,
      firstTHostMs: this.firstTHostMs,
      frames: this.frames,
    };
    const now = Date.now();
    if (now - this.lastWriteMs >= this.everyMs) {
      this.lastWriteMs = now;
      this.write();
    }
  };

  private write(): void {
    if (this.last === null || this.last === this.written) return;
    this.written = this.last;
    try {
      // Written aside and renamed, so a kill mid-write never leaves a torn file.
      writeFileSync(`${this.path}.tmp`, `${JSON.stringify({ ...this.last, wallMs: Date.now() })}\n`);
      renameSync(`${this.path}.tmp`, this.path);
    } catch {
      // A probe must never disturb the station.
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.write();
  }
}
