/**
 * Keeps the database file healthy on a schedule, in small steps so ingest never waits long:
 *  - retention: raw frames (and raw predictions) older than N days are deleted, except ±10 min around
 *    every alarm change of their session (and of station-wide alarms); rollups are kept forever.
 *    A replay's or an import's frames carry recorded times, so their age is the session's creation.
 *  - a passive WAL checkpoint every minute, and a truncating one after retention, so the WAL stays small;
 *  - incremental vacuum, handing pages that retention freed back to the file system.
 * Each step is one short transaction; between steps the event loop runs (the writer keeps flushing).
 */
import { statSync } from 'node:fs';
import type { HistorySettings, StoreInfo } from '../contract/index.js';
import type { Db } from '../store/database.js';
import type { StoreWriter } from '../store/store-writer.js';
import { readSetting, writeSetting } from './station-settings.js';

export const DEFAULT_SETTINGS: HistorySettings = { rawRetentionDays: 30 };
export const ALARM_MARGIN_MS = 10 * 60_000;
const DAY_MS = 86_400_000;
const PREDICTION_SLICE_MS = 10 * 60_000;

export interface MaintenanceOptions {
  db: Db;
  path: string;
  writer: StoreWriter;
  now?: () => number;
  checkpointEveryMs?: number;
  retentionEveryMs?: number;
  /** Frames deleted per transaction. */
  deleteStep?: number;
  /** Pages returned to the file system per step. */
  vacuumStep?: number;
  onError?: (message: string) => void;
}

type Interval = [number, number];

/** Keep-windows (inclusive, whole ms) → the half-open ranges [a, b) below `cutoff` that may go. */
export function deletableRanges(cutoff: number, keep: Interval[]): Interval[] {
  const merged: Interval[] = [];
  for (const [a, b] of [...keep].sort((x, y) => x[0] - y[0])) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  const out: Interval[] = [];
  let from = -Infinity;
  for (const [a, b] of merged) {
    if (a >= cutoff) break;
    if (a > from) out.push([from, Math.min(a, cutoff)]);
    from = Math.max(from, b + 1);
  }
  if (from < cutoff) out.push([from, cutoff]);
  return out.filter(([a, b]) => b > a);
}

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

export class Maintenance {
  private settings: HistorySettings;
  private checkpointTimer: NodeJS.Timeout | undefined;
  private retentionTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private closed = false;
  private lastRetention: StoreInfo['lastRetention'] = null;
  private lastCheckpoint: StoreInfo['lastCheckpoint'] = null;
  private lastVacuum: StoreInfo['lastVacuum'] = null;
  private readonly now: () => number;

  constructor(private readonly o: MaintenanceOptions) {
    this.now = o.now ?? Date.now;
    this.settings = { ...DEFAULT_SETTINGS, ...this.readSettings() };
  }

  start(): void {
    this.checkpointTimer = setInterval(() => this.checkpoint('PASSIVE'), this.o.checkpointEveryMs ?? 60_000);
    this.checkpointTimer.unref?.();
    this.retentionTimer = setInterval(() => void this.run(), this.o.retentionEveryMs ?? 10 * 60_000);
    this.retentionTimer.unref?.();
    // First pass soon after start-up, not in its critical first seconds.
    const first = setTimeout(() => void this.run(), 30_000);
    first.unref?.();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.checkpointTimer);
    clearInterval(this.retentionTimer);
    await this.running?.catch(() => undefined);
  }

  getSettings(): HistorySettings {
    return { ...this.settings };
  }

  setSettings(patch: Partial<HistorySettings>): HistorySettings {
    this.settings = { ...this.settings, ...patch };
    writeSetting(this.o.writer, 'history', this.settings);
    return this.getSettings();
  }

  /** Retention, then a truncating checkpoint and an incremental vacuum. One pass at a time. */
  run(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.running ??= this.pass()
      .catch((e) => this.o.onError?.(`Store maintenance failed: ${(e as Error).message}`))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  info(): StoreInfo {
    const size = (p: string) => statSync(p, { throwIfNoEntry: false })?.size ?? 0;
    return {
      path: this.o.path,
      fileBytes: size(this.o.path),
      walBytes: size(`${this.o.path}-wal`),
      freePages: this.o.db.pragma('freelist_count', { simple: true }) as number,
      pageSize: this.o.db.pragma('page_size', { simple: true }) as number,
      settings: this.getSettings(),
      lastRetention: this.lastRetention,
      lastCheckpoint: this.lastCheckpoint,
      lastVacuum: this.lastVacuum,
    };
  }

  /** A checkpoint another connection ran (the checkpoint thread), shown as the last one. */
  noteCheckpoint(atMs: number, walPages: number): void {
    this.lastCheckpoint = { atMs, mode: 'PASSIVE (checkpoint thread)', walPages };
  }

  checkpoint(mode: 'PASSIVE' | 'TRUNCATE'): void {
    try {
      const r = this.o.db.pragma(`wal_checkpoint(${mode})`) as { busy: number; log: number; checkpointed: number }[];
      this.lastCheckpoint = { atMs: this.now(), mode, walPages: r[0]?.log ?? 0 };
    } catch (e) {
      // A full disk can fail a checkpoint; the WAL keeps the data, the next one tries again.
      this.o.onError?.(`WAL checkpoint failed: ${(e as Error).message}`);
    }
  }

  private readSettings(): Partial<HistorySettings> {
    return readSetting(this.o.db, 'history') as Partial<HistorySettings>;
  }

  private async pass(): Promise<void> {
    const started = this.now();
    const cutoff = started - this.settings.rawRetentionDays * DAY_MS;
    const deleted = await this.retention(cutoff);
    this.lastRetention = { atMs: started, framesDeleted: deleted, cutoffMs: cutoff, tookMs: this.now() - started };
    if (this.closed) return;
    this.o.writer.flush();
    this.checkpoint('TRUNCATE');
    await this.vacuum();
  }

  private async retention(cutoff: number): Promise<number> {
    const db = this.o.db;
    const step = this.o.deleteStep ?? 5000;
    const sessions = db
      .prepare(
        `SELECT id, kind, created_ms FROM sessions s
         WHERE EXISTS (SELECT 1 FROM frames f WHERE f.session_id = s.id AND f.t_host_ms < ?)
            OR (kind != 'live' AND created_ms < ? AND EXISTS (SELECT 1 FROM frames f WHERE f.session_id = s.id))`,
      )
      .all(cutoff, cutoff) as { id: number; kind: string; created_ms: number }[];
    const keepStmt = db.prepare(
      `SELECT c.t_ms FROM alarm_changes c JOIN alarms a ON a.id = c.alarm_id
       WHERE a.session_id = ? OR (a.session_id IS NULL AND a.device_id IS NULL)`,
    );
    const delFrames = db.prepare(
      `DELETE FROM frames WHERE id IN
         (SELECT id FROM frames WHERE session_id = ? AND t_host_ms >= ? AND t_host_ms < ? LIMIT ?)`,
    );
    // Predictions are WITHOUT ROWID (no id to page by): they go in time slices instead.
    const delPred = db.prepare(`DELETE FROM predictions WHERE session_id = ? AND t_host_ms >= ? AND t_host_ms < ?`);
    const firstPred = db.prepare(`SELECT min(t_host_ms) FROM predictions WHERE session_id = ?`).pluck();
    let total = 0;
    for (const s of sessions) {
      // Recorded times of replays and imports say nothing about when they were stored.
      const sessionCutoff = s.kind === 'live' ? cutoff : s.created_ms < cutoff ? Number.MAX_SAFE_INTEGER : -Infinity;
      if (sessionCutoff === -Infinity) continue;
      const keep = (keepStmt.pluck().all(s.id) as number[]).map((t): Interval => [
        t - ALARM_MARGIN_MS,
        t + ALARM_MARGIN_MS,
      ]);
      for (const [a, b] of deletableRanges(sessionCutoff, keep)) {
        const lo = Number.isFinite(a) ? a : -1e18;
        const hi = Number.isFinite(b) ? b : 1e18;
        for (;;) {
          if (this.closed) return total;
          const n = delFrames.run(s.id, lo, hi, step).changes;
          total += n;
          await yieldToLoop();
          if (n < step) break;
        }
        const first = firstPred.get(s.id) as number | null;
        for (let t = Math.max(lo, first ?? hi); t < hi; t += PREDICTION_SLICE_MS) {
          if (this.closed) return total;
          delPred.run(s.id, t, Math.min(hi, t + PREDICTION_SLICE_MS));
          await yieldToLoop();
        }
      }
    }
    return total;
  }

  private async vacuum(): Promise<void> {
    const db = this.o.db;
    if ((db.pragma('auto_vacuum', { simple: true }) as number) !== 2) return;
    const step = this.o.vacuumStep ?? 2000;
    let freed = 0;
    for (;;) {
      if (this.closed) break;
      const before = db.pragma('freelist_count', { simple: true }) as number;
      if (before === 0) break;
      db.pragma(`incremental_vacuum(${step})`);
      const after = db.pragma('freelist_count', { simple: true }) as number;
      freed += before - after;
      if (after >= before) break;
      await yieldToLoop();
    }
    this.lastVacuum = { atMs: this.now(), pagesFreed: freed };
  }
}
