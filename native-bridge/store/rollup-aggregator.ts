/**
 * Keeps the 1 s, 1 min and 10 min rollups of every session up to date as frames arrive. Each level
 * holds one open bucket per session in memory. A frame only touches the open 1 s bucket; when that
 * closes it is packed for writing and merged into the 1 min bucket, which is merged into the 10 min
 * one when it closes in turn (sums, counts and extremes merge exactly). State objects are reused, so
 * the per-frame cost is one bucket and no allocation. The writer drains finished and touched buckets
 * into the same transaction as the frames they summarise, so rollups and raw data always agree on
 * disk, also after a crash; an open coarse bucket is written with the open finer ones folded in.
 *
 * A bucket that may already be on disk (a session resumed after a restart, or time going backwards) is
 * first seeded from its stored row, so restarts never overwrite history. What a seeded 1 s bucket
 * passes on to the coarse levels is only its new part (`fresh`): the stored part is already in theirs.
 */
import type { CellValues } from './frame-codec.js';
import {
  cloneStats,
  emptyStats,
  encodeRollup,
  MAX_CELLS,
  mergeStats,
  resetStats,
  RollupView,
  SLOT_AMBIENT,
  SLOT_CURRENT,
  SLOT_HUMIDITY,
  type BucketStats,
} from './rollup-codec.js';

export interface RollupLevel {
  name: '1s' | '1m' | '10m';
  table: string;
  ms: number;
}

export const ROLLUP_LEVELS: readonly RollupLevel[] = [
  { name: '1s', table: 'rollup_1s', ms: 1000 },
  { name: '1m', table: 'rollup_1m', ms: 60_000 },
  { name: '10m', table: 'rollup_10m', ms: 600_000 },
];

/** A bucket row ready to write. */
export interface RollupRow {
  sessionId: number;
  level: number;
  tMs: number;
  frames: number;
  data: Buffer;
}

interface Bucket {
  tMs: number;
  /** Everything the bucket holds (a stored row it was seeded from included). */
  stats: BucketStats;
  /** What this process added; the same object as `stats` unless the bucket was seeded. */
  fresh: BucketStats;
}

export interface AggregatorFrame {
  tHostMs: number;
  cells: readonly CellValues[];
  packMa: number | null;
  ambientCc: number | null;
  humidityCpct: number | null;
}

/** The stored state of a bucket, if any. */
export type SeedLookup = (sessionId: number, level: number, tMs: number) => BucketStats | undefined;

interface SessionState {
  open: (Bucket | null)[];
  /** Buckets at or before this time may already be on disk. */
  mayExistUpTo: number;
  /** The open 1 s bucket got frames since the last drain (so every open level is rewritten). */
  dirty: boolean;
}

export interface AggregatorSnapshot {
  sessions: Map<number, SessionState>;
  pending: Map<string, RollupRow>;
}

const keyOf = (sessionId: number, level: number, tMs: number) => `${sessionId}:${level}:${tMs}`;

function copyBucket(b: Bucket): Bucket {
  const stats = cloneStats(b.stats);
  return { tMs: b.tMs, stats, fresh: b.fresh === b.stats ? stats : cloneStats(b.fresh) };
}

function absorbFrame(s: BucketStats, f: AggregatorFrame): void {
  s.frames++;
  const n = f.cells.length < MAX_CELLS ? f.cells.length : MAX_CELLS;
  if (n > s.nCells) s.nCells = n;
  const v = s.v;
  for (let c = 0; c < n; c++) {
    const cell = f.cells[c]!;
    const t = cell.tempCc;
    if (t !== null) {
      const i = 4 * c;
      if (t < v[i]!) v[i] = t;
      if (t > v[i + 1]!) v[i + 1] = t;
      v[i + 2]! += t;
      v[i + 3]!++;
    }
    const mv = cell.mv;
    if (mv !== null) {
      const i = 4 * (MAX_CELLS + c);
      if (mv < v[i]!) v[i] = mv;
      if (mv > v[i + 1]!) v[i + 1] = mv;
      v[i + 2]! += mv;
      v[i + 3]!++;
    }
  }
  absorbOne(v, SLOT_CURRENT, f.packMa);
  absorbOne(v, SLOT_AMBIENT, f.ambientCc);
  absorbOne(v, SLOT_HUMIDITY, f.humidityCpct);
}

function absorbOne(v: Float64Array, k: number, x: number | null): void {
  if (x === null) return;
  const i = 4 * k;
  if (x < v[i]!) v[i] = x;
  if (x > v[i + 1]!) v[i + 1] = x;
  v[i + 2]! += x;
  v[i + 3]!++;
}

export class RollupAggregator {
  private sessions = new Map<number, SessionState>();
  /** Finished buckets not yet written, by session, level and time. */
  private pending = new Map<string, RollupRow>();

  /**
   * `sink`, when given, receives each finished bucket at once (the writer calls `add` only inside its
   * transaction, so it writes the row straight away: no queue, no copy); without it finished buckets
   * wait for `drain`.
   */
  constructor(
    private readonly seed: SeedLookup,
    private readonly sink?: (row: RollupRow) => void,
  ) {}

  /**
   * Declares that buckets of `sessionId` up to `tMs` may already be stored (a session resumed by this
   * process): they are read back before new frames are added to them.
   */
  resume(sessionId: number, tMs: number): void {
    const st = this.state(sessionId);
    st.mayExistUpTo = Math.max(st.mayExistUpTo, tMs);
  }

  add(sessionId: number, f: AggregatorFrame): void {
    const st = this.state(sessionId);
    const t = Math.floor(f.tHostMs / 1000) * 1000;
    let b = st.open[0];
    if (!b || b.tMs !== t) b = this.openBucket(sessionId, st, 0, t);
    st.dirty = true;
    absorbFrame(b.stats, f);
    if (b.fresh !== b.stats) absorbFrame(b.fresh, f);
  }

  private lastId = -1;
  private last: SessionState | null = null;

  private state(sessionId: number): SessionState {
    if (sessionId === this.lastId && this.last) return this.last;
    let st = this.sessions.get(sessionId);
    if (!st) {
      st = { open: ROLLUP_LEVELS.map(() => null), mayExistUpTo: -Infinity, dirty: false };
      this.sessions.set(sessionId, st);
    }
    this.lastId = sessionId;
    this.last = st;
    return st;
  }

  /** Passes a finished bucket's new part on to the next coarser level. */
  private cascade(sessionId: number, st: SessionState, level: number, b: Bucket): void {
    if (b.fresh.frames === 0 || level + 1 >= ROLLUP_LEVELS.length) return;
    const ms = ROLLUP_LEVELS[level + 1]!.ms;
    const t = Math.floor(b.tMs / ms) * ms;
    let up = st.open[level + 1];
    if (!up || up.tMs !== t) up = this.openBucket(sessionId, st, level + 1, t);
    mergeStats(up.stats, b.fresh);
    if (up.fresh !== up.stats) mergeStats(up.fresh, b.fresh);
  }

  /** Packs a finished bucket for writing; returns its state object for reuse when nothing else holds it. */
  private finish(sessionId: number, st: SessionState, level: number, b: Bucket): BucketStats | null {
    this.cascade(sessionId, st, level, b);
    if (b.stats.frames > 0) {
      if (this.sink)
        this.sink({ sessionId, level, tMs: b.tMs, frames: b.stats.frames, data: encodeRollup(b.stats, true) });
      else
        this.pending.set(keyOf(sessionId, level, b.tMs), {
          sessionId,
          level,
          tMs: b.tMs,
          frames: b.stats.frames,
          data: encodeRollup(b.stats),
        });
    }
    return b.fresh === b.stats ? b.stats : null;
  }

  private openBucket(sessionId: number, st: SessionState, level: number, t: number): Bucket {
    const prev = st.open[level];
    let spare: BucketStats | null = null;
    if (prev) {
      st.open[level] = null;
      spare = this.finish(sessionId, st, level, prev);
      if (prev.tMs > t) st.mayExistUpTo = Math.max(st.mayExistUpTo, prev.tMs);
    }
    // A finished bucket not yet written (time went back and forth within a batch) continues from its
    // packed state, like a stored one; its new part was already passed on.
    // (A coarse bucket reopened this way may briefly fold in a finer bucket twice on disk; the next
    // drain rewrites it from the merged state.)
    const key = this.pending.size > 0 ? keyOf(sessionId, level, t) : '';
    const waiting = key ? this.pending.get(key) : undefined;
    let stored: BucketStats | undefined;
    if (waiting) {
      this.pending.delete(key);
      stored = new RollupView(waiting.data).toStats(waiting.frames);
    } else if (t <= st.mayExistUpTo) stored = this.seed(sessionId, level, t);
    let b: Bucket;
    if (stored) b = { tMs: t, stats: cloneStats(stored), fresh: emptyStats() };
    else {
      const s = spare ?? emptyStats();
      if (spare) resetStats(s);
      b = { tMs: t, stats: s, fresh: s };
    }
    st.open[level] = b;
    // The open coarser bucket always covers the open finer one: a drain folds the finer one into it,
    // and after a restart it is read back (seeded) before the finer one's new part reaches it.
    if (level + 1 < ROLLUP_LEVELS.length) {
      const ms = ROLLUP_LEVELS[level + 1]!.ms;
      const tu = Math.floor(t / ms) * ms;
      const up = st.open[level + 1];
      if (!up || up.tMs !== tu) this.openBucket(sessionId, st, level + 1, tu);
    }
    return b;
  }

  /**
   * Finished buckets, and every open bucket of a session that got frames since the last drain, packed
   * as they stand (a coarse one with the open 1 s bucket folded in).
   */
  drain(): RollupRow[] {
    const out = [...this.pending.values()];
    this.pending.clear();
    for (const [sessionId, st] of this.sessions) {
      if (!st.dirty) continue;
      st.dirty = false;
      // A frame sits in the `fresh` part of exactly one open bucket (the finest it has reached): a
      // coarse bucket is written with the fresh parts of the finer open buckets inside it folded in.
      const finer: Bucket[] = [];
      for (let level = 0; level < st.open.length; level++) {
        const b = st.open[level];
        if (!b) continue;
        const ms = ROLLUP_LEVELS[level]!.ms;
        let stats = b.stats;
        for (const f of finer) {
          if (f.fresh.frames === 0 || Math.floor(f.tMs / ms) * ms !== b.tMs) continue;
          if (stats === b.stats) stats = cloneStats(b.stats);
          mergeStats(stats, f.fresh);
        }
        if (stats.frames > 0)
          out.push({ sessionId, level, tMs: b.tMs, frames: stats.frames, data: encodeRollup(stats) });
        finer.push(b);
      }
    }
    return out;
  }

  /** Ends a session's open buckets: they are written at the next drain and forgotten. */
  close(sessionId: number): void {
    const st = this.sessions.get(sessionId);
    if (!st) return;
    // Finest first: each finish passes its part on to the next level before that one finishes.
    for (let level = 0; level < st.open.length; level++) {
      const b = st.open[level];
      st.open[level] = null;
      if (b) this.finish(sessionId, st, level, b);
    }
    this.sessions.delete(sessionId);
    this.last = null;
    this.lastId = -1;
  }

  /** Copy of the state, taken before a flush so a rolled-back transaction can be undone. */
  snapshot(): AggregatorSnapshot {
    const sessions = new Map<number, SessionState>();
    for (const [id, st] of this.sessions)
      sessions.set(id, {
        open: st.open.map((b) => (b ? copyBucket(b) : null)),
        mayExistUpTo: st.mayExistUpTo,
        dirty: st.dirty,
      });
    return { sessions, pending: new Map(this.pending) };
  }

  restore(s: AggregatorSnapshot): void {
    this.sessions = s.sessions;
    this.pending = s.pending;
    this.last = null;
    this.lastId = -1;
  }
}
