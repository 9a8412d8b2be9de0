/**
 * Keeps the 1 s, 1 min and 10 min rollups of every session up to date as frames arrive. Each level
 * holds one open bucket per session in memory; the writer drains finished and touched buckets into
 * the same transaction as the frames they summarise, so rollups and raw data always agree on disk,
 * also after a crash. A bucket that may already be on disk (a session resumed after a restart, or
 * time going backwards) is first seeded from its stored row, so restarts never overwrite history.
 */
import type { CellValues } from './frame-codec.js';
import {
  cloneStats,
  emptyStats,
  MAX_CELLS,
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

export interface Bucket {
  sessionId: number;
  level: number;
  tMs: number;
  stats: BucketStats;
}

export interface AggregatorFrame {
  tHostMs: number;
  cells: readonly CellValues[];
  packMa: number | null;
  ambientCc: number | null;
  humidityCpct: number | null;
}

/** Stored state of a bucket, if any: `frames` and the row's blob. */
export type SeedLookup = (sessionId: number, level: number, tMs: number) => BucketStats | undefined;

interface SessionState {
  open: (Bucket | null)[];
  /** Buckets at or before this time may already be on disk. */
  mayExistUpTo: number;
  dirty: boolean[];
}

export interface AggregatorSnapshot {
  sessions: Map<number, SessionState>;
  pending: Bucket[];
}

const copyBucket = (b: Bucket): Bucket => ({ ...b, stats: cloneStats(b.stats) });

function absorb(s: BucketStats, slot: number, v: number): void {
  if (s.cnt[slot] === 0) {
    s.min[slot] = v;
    s.max[slot] = v;
  } else {
    if (v < s.min[slot]!) s.min[slot] = v;
    if (v > s.max[slot]!) s.max[slot] = v;
  }
  s.sum[slot]! += v;
  s.cnt[slot]!++;
}

export class RollupAggregator {
  private sessions = new Map<number, SessionState>();
  private pending: Bucket[] = [];

  constructor(private readonly seed: SeedLookup) {}

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
    for (let level = 0; level < ROLLUP_LEVELS.length; level++) {
      const ms = ROLLUP_LEVELS[level]!.ms;
      const t = Math.floor(f.tHostMs / ms) * ms;
      let b = st.open[level];
      if (!b || b.tMs !== t) b = this.openBucket(sessionId, st, level, t);
      st.dirty[level] = true;
      const s = b.stats;
      s.frames++;
      const n = Math.min(f.cells.length, MAX_CELLS);
      if (n > s.nCells) s.nCells = n;
      for (let c = 0; c < n; c++) {
        const cell = f.cells[c]!;
        if (cell.tempCc !== null) absorb(s, c, cell.tempCc);
        if (cell.mv !== null) absorb(s, MAX_CELLS + c, cell.mv);
      }
      if (f.packMa !== null) absorb(s, SLOT_CURRENT, f.packMa);
      if (f.ambientCc !== null) absorb(s, SLOT_AMBIENT, f.ambientCc);
      if (f.humidityCpct !== null) absorb(s, SLOT_HUMIDITY, f.humidityCpct);
    }
  }

  private state(sessionId: number): SessionState {
    let st = this.sessions.get(sessionId);
    if (!st) {
      st = { open: ROLLUP_LEVELS.map(() => null), mayExistUpTo: -Infinity, dirty: ROLLUP_LEVELS.map(() => false) };
      this.sessions.set(sessionId, st);
    }
    return st;
  }

  private openBucket(sessionId: number, st: SessionState, level: number, t: number): Bucket {
    const prev = st.open[level];
    if (prev) {
      this.pending.push(prev);
      // The open bucket moves to pending and will be written as a whole: no partial row needed.
      st.dirty[level] = false;
      if (prev.tMs > t) st.mayExistUpTo = Math.max(st.mayExistUpTo, prev.tMs);
    }
    // A bucket still waiting in pending (time went back and forth within a batch) continues.
    const i = this.pending.findIndex((p) => p.sessionId === sessionId && p.level === level && p.tMs === t);
    let b: Bucket;
    if (i >= 0) b = this.pending.splice(i, 1)[0]!;
    else {
      const stored = t <= st.mayExistUpTo ? this.seed(sessionId, level, t) : undefined;
      b = { sessionId, level, tMs: t, stats: stored ? cloneStats(stored) : emptyStats() };
    }
    st.open[level] = b;
    return b;
  }

  /** Finished buckets, and open buckets that changed since the last drain (written as they stand). */
  drain(): Bucket[] {
    const out = this.pending;
    this.pending = [];
    for (const st of this.sessions.values()) {
      for (let level = 0; level < st.open.length; level++) {
        const b = st.open[level];
        if (b && st.dirty[level]) out.push(b);
        st.dirty[level] = false;
      }
    }
    return out;
  }

  /** Ends a session's open buckets: they are written at the next drain and forgotten. */
  close(sessionId: number): void {
    const st = this.sessions.get(sessionId);
    if (!st) return;
    for (const b of st.open) if (b) this.pending.push(b);
    this.sessions.delete(sessionId);
  }

  /** Copy of the state, taken before a flush so a rolled-back transaction can be undone. */
  snapshot(): AggregatorSnapshot {
    const sessions = new Map<number, SessionState>();
    for (const [id, st] of this.sessions)
      sessions.set(id, {
        open: st.open.map((b) => (b ? copyBucket(b) : null)),
        mayExistUpTo: st.mayExistUpTo,
        dirty: [...st.dirty],
      });
    return { sessions, pending: this.pending.map(copyBucket) };
  }

  restore(s: AggregatorSnapshot): void {
    this.sessions = s.sessions;
    this.pending = s.pending;
  }
}
