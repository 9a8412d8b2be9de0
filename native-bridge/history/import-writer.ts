/**
 * What an import does with its frames on the station's thread: it stores them into their session
 * through a writer of its own on the station's connection — the same frame rows, rollups and counters
 * as live data — a small slice per transaction, yielding to the event loop between slices, so a
 * reading from the rig waits at most for one slice. (The import's thread parses; it does not write:
 * a second connection writing the file makes the station's writer wait for it whenever that thread is
 * descheduled mid-transaction, and on a busy machine that was hundreds of milliseconds.) Cancelling
 * deletes what was stored, a slice at a time for the same reason.
 */
import type { ReplayFrame } from '../devices/replay-source.js';
import type { Db } from '../store/database.js';
import { StoreWriter, type SampleRow } from '../store/store-writer.js';
import { CsvImportError } from './csv-import.js';

export interface ImportWriterOptions {
  db: Db;
  dbPath: string;
  /** Time one slice may take on the station's thread (frames per slice follow it). */
  sliceMs?: number;
}

const nextTurn = () => new Promise<void>((r) => setImmediate(r));

export class ImportWriter {
  private readonly writer: StoreWriter;
  private sessionId: number | null = null;
  private deviceId = 'IMPORT';
  private readingsStored = 0;
  lastT: number | null = null;
  maxCells = 0;
  private readonly deltas: number[] = [];

  constructor(private readonly o: ImportWriterOptions) {
    this.writer = new StoreWriter(o.db, o.dbPath, { maxQueuedSamples: Number.MAX_SAFE_INTEGER });
  }

  get hasSession(): boolean {
    return this.sessionId !== null;
  }

  useSession(sessionId: number, deviceId: string): void {
    this.sessionId = sessionId;
    this.deviceId = deviceId;
    this.writer.setRouter({ sessionForSample: () => sessionId, sessionForEvent: () => null });
  }

  /** Frames per slice, adapted so a slice takes about `sliceMs` (a commit has a fixed cost too). */
  private perSlice = 64;

  async store(frames: readonly ReplayFrame[]): Promise<void> {
    const budget = this.o.sliceMs ?? 5;
    for (let i = 0; i < frames.length;) {
      const t0 = performance.now();
      const end = Math.min(frames.length, i + this.perSlice);
      for (; i < end; i++) {
        const f = frames[i]!;
        if (this.lastT !== null && this.deltas.length < 2000 && f.tHostMs > this.lastT)
          this.deltas.push(f.tHostMs - this.lastT);
        this.lastT = f.tHostMs;
        this.maxCells = Math.max(this.maxCells, f.cells.length);
        const s: SampleRow = { deviceId: this.deviceId, ...f };
        this.writer.addSample(s);
      }
      this.commit();
      const took = Math.max(0.1, performance.now() - t0);
      this.perSlice = Math.round(Math.min(4096, Math.max(8, (this.perSlice * budget) / took)));
      await nextTurn();
    }
  }

  private commit(): void {
    this.readingsStored += this.writer.flush(true);
    if (this.writer.isFailing)
      throw new CsvImportError(
        `Import into ${this.o.dbPath} failed: ${this.writer.lastError?.message ?? 'store error'}`,
      );
  }

  /** Commits the rest, closes the session's rollups and sets its shape. */
  finish(): void {
    if (this.sessionId === null) return;
    this.writer.endSession(this.sessionId);
    this.commit();
    const sorted = [...this.deltas].sort((a, b) => a - b);
    const period = sorted.length ? sorted[Math.floor(sorted.length / 2)]! : null;
    this.o.db
      .prepare(`UPDATE sessions SET ended_ms = ?, cell_count = ?, period_ms = ? WHERE id = ?`)
      .run(
        this.lastT,
        this.maxCells,
        period === null ? null : Math.max(10, Math.min(60000, Math.round(period))),
        this.sessionId,
      );
  }

  /** Deletes what this import stored, its session row last, a bounded batch per transaction. */
  async abort(): Promise<void> {
    const sid = this.sessionId;
    if (sid === null) return;
    // What is still queued goes in first, so nothing of this session is left behind.
    this.readingsStored += this.writer.flush(true);
    const db = this.o.db;
    const batches = [
      db.prepare(`DELETE FROM frames WHERE id IN (SELECT id FROM frames WHERE session_id = @sid LIMIT 500)`),
      ...['rollup_1s', 'rollup_1m', 'rollup_10m'].map((t) =>
        db.prepare(
          `DELETE FROM ${t} WHERE session_id = @sid AND t_ms IN (SELECT t_ms FROM ${t} WHERE session_id = @sid LIMIT 500)`,
        ),
      ),
    ];
    for (const del of batches) while (del.run({ sid }).changes > 0) await nextTurn();
    db.transaction(() => {
      db.prepare(`DELETE FROM sessions WHERE id = ?`).run(sid);
      db.prepare(`UPDATE meta SET value = max(0, value - ?) WHERE key = 'reading_count'`).run(this.readingsStored);
    })();
  }
}
