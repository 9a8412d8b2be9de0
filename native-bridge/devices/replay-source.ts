/**
 * Plays a recorded run back as protocol v1 lines, at 1× to 1000× its recorded pace, so a recording
 * goes through everything a live rig does: decoder, link health, store, safety rules, the risk model
 * and alarms. Stored frames are re-encoded as the device sent them (wire units, boot ids, sequence
 * numbers, device times), with a hello before each boot.
 *
 * The replay streams under its own device id so it never mixes with a live rig, and it remembers the
 * recorded host time of every frame it sent: the session layer stores the replay's results on the
 * original time axis, so they can be laid over the original run.
 *
 * Pacing: frames are due when their recorded time, scaled by `speed`, has elapsed on the wall clock.
 * A pipeline that cannot keep up slows the replay down (never drops a frame); idle gaps in the
 * recording longer than `maxGapWallMs` are skipped rather than waited out.
 */
import { encodeFrame, type DataFrame } from '../protocol/index.js';
import type { CellValues } from '../store/frame-codec.js';
import { SourceEmitter, type LineSource } from './line-source.js';

export interface ReplayFrame {
  bootId: number;
  seq: number;
  tDevMs: number;
  /** Recorded host time. */
  tHostMs: number;
  packMa: number | null;
  ambientCc: number | null;
  humidityCpct: number | null;
  status: number;
  cells: CellValues[];
}

/** Recorded frames in order, a page at a time. */
export interface ReplayReader {
  readonly total: number;
  next(limit: number): ReplayFrame[];
  close?(): void;
}

/** What the session layer needs from a replay to keep its results on the recorded time axis. */
export interface ReplayTimeline {
  readonly replayOf: number | null;
  readonly speed: number;
  readonly startOriginalMs: number | null;
  readonly label: string;
  originalTimeOf(bootId: number, seq: number): number | undefined;
  currentOriginalMs(): number | null;
}

export function isReplayTimeline(s: LineSource): s is LineSource & ReplayTimeline {
  return typeof (s as Partial<ReplayTimeline>).originalTimeOf === 'function';
}

export interface ReplaySourceOptions {
  spec: string;
  label: string;
  /** Device id the replay streams under (≤ 32 of A–Z a–z 0–9 _ -). */
  deviceId: string;
  reader: ReplayReader;
  /** Recorded seconds per wall second, 1–1000. */
  speed: number;
  replayOf: number | null;
  fwVersion?: string;
  periodMs?: number;
  now?: () => number;
  tickMs?: number;
  /** Gaps in the recording longer than this (in wall time at `speed`) are skipped. */
  maxGapWallMs?: number;
}

export interface ReplayStats {
  framesSent: number;
  totalFrames: number;
  originalTimeMs: number | null;
  achievedSpeed: number;
  done: boolean;
}

const PAGE = 2000;
/** Frames per timer tick at most, so a fast replay leaves the event loop room for everything else. */
const MAX_FRAMES_PER_TICK = 1500;
const TIME_MAP_SIZE = 50_000;

export const MIN_REPLAY_SPEED = 1;
export const MAX_REPLAY_SPEED = 1000;

const hex8 = (n: number) => (n >>> 0).toString(16).toUpperCase().padStart(8, '0');

export class ReplaySource extends SourceEmitter implements LineSource, ReplayTimeline {
  readonly kind = 'replay' as const;
  readonly spec: string;
  readonly label: string;
  readonly speed: number;
  readonly replayOf: number | null;
  readonly deviceId: string;
  startOriginalMs: number | null = null;
  private readonly o: ReplaySourceOptions;
  private readonly now: () => number;
  private buffer: ReplayFrame[] = [];
  private bufferPos = 0;
  private exhausted = false;
  private timer: NodeJS.Timeout | undefined;
  private wallAnchor = 0;
  private origAnchor = 0;
  private lastBoot: number | null = null;
  private lastOrig: number | null = null;
  private sent = 0;
  private finished = false;
  private readonly timeMap = new Map<string, number>();
  private readonly timeKeys: string[] = [];
  private timeKeyPos = 0;
  private readonly rate: { wall: number; orig: number }[] = [];
  private readonly endListeners = new Set<(stats: ReplayStats) => void>();

  constructor(opts: ReplaySourceOptions) {
    super();
    if (!(opts.speed >= MIN_REPLAY_SPEED && opts.speed <= MAX_REPLAY_SPEED))
      throw new Error(`replay speed must be ${MIN_REPLAY_SPEED}–${MAX_REPLAY_SPEED}×, got ${opts.speed}`);
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(opts.deviceId)) throw new Error(`invalid replay device id ${opts.deviceId}`);
    this.o = opts;
    this.spec = opts.spec;
    this.label = opts.label;
    this.speed = opts.speed;
    this.replayOf = opts.replayOf;
    this.deviceId = opts.deviceId;
    this.now = opts.now ?? Date.now;
  }

  async start(): Promise<void> {
    this.emitState('starting');
    const first = this.peek();
    if (!first) {
      this.emitState('error', 'The recording holds no frames to replay (raw data pruned by retention?).');
      this.finish();
      return;
    }
    this.startOriginalMs = first.tHostMs;
    this.lastOrig = first.tHostMs;
    this.rebase(first.tHostMs);
    this.emitState('streaming');
    this.timer = setInterval(() => this.tick(), this.o.tickMs ?? 20);
    this.tick();
  }

  async stop(): Promise<void> {
    this.finish();
  }

  /** Calls back once when the replay has sent its last frame or was stopped. */
  onEnd(listener: (stats: ReplayStats) => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  originalTimeOf(bootId: number, seq: number): number | undefined {
    return this.timeMap.get(`${bootId >>> 0}:${seq}`);
  }

  currentOriginalMs(): number | null {
    return this.lastOrig;
  }

  stats(): ReplayStats {
    return {
      framesSent: this.sent,
      totalFrames: this.o.reader.total,
      originalTimeMs: this.lastOrig,
      achievedSpeed: this.achievedSpeed(),
      done: this.finished,
    };
  }

  /** Sends every remaining frame at once, without pacing (tests). */
  drain(): void {
    for (let f = this.peek(); f && !this.finished; f = this.peek()) this.send(f);
    if (!this.finished) this.finish();
  }

  private achievedSpeed(): number {
    if (this.rate.length < 2) return 0;
    const a = this.rate[0]!;
    const b = this.rate[this.rate.length - 1]!;
    return b.wall > a.wall ? (b.orig - a.orig) / (b.wall - a.wall) : 0;
  }

  private rebase(origMs: number): void {
    this.wallAnchor = this.now();
    this.origAnchor = origMs;
  }

  private peek(): ReplayFrame | undefined {
    if (this.bufferPos >= this.buffer.length && !this.exhausted) {
      this.buffer = this.o.reader.next(PAGE);
      this.bufferPos = 0;
      if (this.buffer.length === 0) this.exhausted = true;
    }
    return this.buffer[this.bufferPos];
  }

  private tick(): void {
    if (this.finished) return;
    const wall = this.now();
    const due = this.origAnchor + (wall - this.wallAnchor) * this.speed;
    const maxGap = (this.o.maxGapWallMs ?? 5000) * this.speed;
    let n = 0;
    for (let f = this.peek(); f; f = this.peek()) {
      if (this.lastOrig !== null && f.tHostMs - this.lastOrig > maxGap) {
        // An idle stretch in the recording: skip it instead of waiting.
        this.rebase(f.tHostMs);
        break;
      }
      if (f.tHostMs > due) break;
      if (n >= MAX_FRAMES_PER_TICK) {
        // Behind by more than a second: let the replay run slower instead of bursting to catch up.
        if (due - f.tHostMs > 1000 * this.speed) this.rebase(f.tHostMs);
        break;
      }
      this.send(f);
      n++;
    }
    this.rate.push({ wall, orig: this.lastOrig ?? 0 });
    while (this.rate.length > 2 && wall - this.rate[0]!.wall > 3000) this.rate.shift();
    if (!this.peek()) this.finish();
  }

  private send(f: ReplayFrame): void {
    this.bufferPos++;
    if (f.bootId !== this.lastBoot) {
      this.lastBoot = f.bootId;
      this.emitLine(
        encodeFrame({
          kind: 'hello',
          deviceId: this.deviceId,
          bootId: hex8(f.bootId),
          fwVersion: this.o.fwVersion ?? 'replay',
          cellCount: Math.max(1, Math.min(32, f.cells.length)),
          periodMs: Math.max(10, Math.min(60000, this.o.periodMs ?? 1000)),
          channels: 'replay',
        }).slice(0, -1),
        this.now(),
      );
    }
    this.remember(f);
    this.lastOrig = f.tHostMs;
    this.sent++;
    this.emitLine(encodeFrame(toDataFrame(f, this.deviceId)).slice(0, -1), this.now());
  }

  private remember(f: ReplayFrame): void {
    const key = `${f.bootId >>> 0}:${f.seq}`;
    if (this.timeKeys.length < TIME_MAP_SIZE) this.timeKeys.push(key);
    else {
      this.timeMap.delete(this.timeKeys[this.timeKeyPos]!);
      this.timeKeys[this.timeKeyPos] = key;
      this.timeKeyPos = (this.timeKeyPos + 1) % TIME_MAP_SIZE;
    }
    this.timeMap.set(key, f.tHostMs);
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.o.reader.close?.();
    const stats = this.stats();
    this.emitState('stopped', stats.framesSent >= stats.totalFrames ? 'replay finished' : 'replay stopped');
    for (const l of this.endListeners) l(stats);
  }
}

/** A stored frame as the device sent it. The device's own SOC is the one not marked estimated. */
export function toDataFrame(f: ReplayFrame, deviceId: string): DataFrame {
  const deviceSoc = f.cells.find((c) => !c.socEstimated && c.socPermille !== null)?.socPermille ?? null;
  return {
    kind: 'data',
    deviceId,
    bootId: hex8(f.bootId),
    seq: f.seq >>> 0,
    tDevMs: Math.max(0, f.tDevMs),
    cellMv: f.cells.map((c) => c.mv),
    cellTempCc: f.cells.map((c) => c.tempCc),
    packMa: f.packMa,
    ambientCc: f.ambientCc,
    humidityCpct: f.humidityCpct,
    socPermille: deviceSoc,
    status: f.status >>> 0,
  };
}

/** `RP<session>-<device>`, cut to the protocol's 32 characters. */
export function replayDeviceId(sourceSessionId: number | null, originalDeviceId: string): string {
  const base = `RP${sourceSessionId ?? 'F'}-${originalDeviceId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return base.slice(0, 32);
}
