/**
 * CSV imports: the file arrives in chunks (over the contract, so a browser can send a local file) or is
 * read from a path on the station's machine. Frames go into a session of kind `import` through a
 * writer of their own — same frame rows, rollups and counters as live data, committed chunk by chunk —
 * so an imported run can be charted, reported, exported and replayed like a recorded one.
 */
import type { ImportResult } from '../contract/index.js';
import type { Db } from '../store/database.js';
import { StoreWriter, type SampleRow } from '../store/store-writer.js';
import { CsvFrameParser, CsvImportError, readFileChunks } from './csv-import.js';
import type { SessionManager, SessionMeta } from './session-manager.js';
import type { ReplayFrame } from '../devices/replay-source.js';

interface Job {
  id: number;
  fileName: string;
  meta: SessionMeta;
  parser: CsvFrameParser;
  writer: StoreWriter;
  sessionId: number | null;
  deviceId: string;
  firstT: number | null;
  lastT: number | null;
  maxCells: number;
  deltas: number[];
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const numOrNull = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export class ImportJobs {
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;

  constructor(
    private readonly db: Db,
    private readonly dbPath: string,
    private readonly sessions: SessionManager,
  ) {}

  begin(fileName: string, meta: SessionMeta): number {
    const id = this.nextId++;
    const job: Job = {
      id,
      fileName,
      meta,
      parser: new CsvFrameParser(),
      writer: new StoreWriter(this.db, this.dbPath, { maxQueuedSamples: 5000 }),
      sessionId: null,
      deviceId: 'IMPORT',
      firstT: null,
      lastT: null,
      maxCells: 0,
      deltas: [],
    };
    this.jobs.set(id, job);
    return id;
  }

  append(importId: number, chunk: string): { rows: number; frames: number } {
    const job = this.job(importId);
    try {
      this.store(job, job.parser.push(chunk));
    } catch (e) {
      this.abort(job);
      throw e;
    }
    return { rows: job.parser.rows, frames: job.parser.frames };
  }

  finish(importId: number): ImportResult {
    const job = this.job(importId);
    try {
      this.store(job, job.parser.end());
      if (job.sessionId === null) throw new CsvImportError(`${job.fileName} holds no readings to import.`);
      job.writer.endSession(job.sessionId);
      this.commit(job);
      const deltas = job.deltas.sort((a, b) => a - b);
      const period = deltas.length ? deltas[Math.floor(deltas.length / 2)]! : null;
      this.db
        .prepare(`UPDATE sessions SET ended_ms = ?, cell_count = ?, period_ms = ? WHERE id = ?`)
        .run(
          job.lastT,
          job.maxCells,
          period === null ? null : Math.max(10, Math.min(60000, Math.round(period))),
          job.sessionId,
        );
    } catch (e) {
      this.abort(job);
      throw e;
    }
    this.jobs.delete(importId);
    this.sessions.end(job.sessionId, job.lastT ?? undefined);
    return {
      importId,
      sessionId: job.sessionId,
      format: job.parser.format!,
      rows: job.parser.rows,
      frames: job.parser.frames,
      skipped: job.parser.skipped,
      warnings: [...job.parser.warnings],
    };
  }

  /** Drops the import and whatever it had stored. */
  cancel(importId: number): boolean {
    const job = this.jobs.get(importId);
    if (!job) return false;
    this.abort(job);
    return true;
  }

  async importFile(path: string, meta: SessionMeta): Promise<ImportResult> {
    const id = this.begin(path.split(/[\\/]/).pop() ?? path, meta);
    try {
      await readFileChunks(path, async (text) => {
        this.append(id, text);
        await new Promise<void>((r) => setImmediate(r));
      });
    } catch (e) {
      this.cancel(id);
      if (e instanceof CsvImportError) throw e;
      throw new CsvImportError(`Cannot read ${path}: ${(e as Error).message}`);
    }
    return this.finish(id);
  }

  private job(id: number): Job {
    const j = this.jobs.get(id);
    if (!j) throw new CsvImportError(`No import ${id} in progress.`);
    return j;
  }

  private store(job: Job, frames: ReplayFrame[]): void {
    if (frames.length === 0) return;
    if (job.sessionId === null) this.openSession(job, frames[0]!);
    for (const f of frames) {
      if (job.lastT !== null && job.deltas.length < 2000 && f.tHostMs > job.lastT)
        job.deltas.push(f.tHostMs - job.lastT);
      job.firstT ??= f.tHostMs;
      job.lastT = f.tHostMs;
      job.maxCells = Math.max(job.maxCells, f.cells.length);
      const s: SampleRow = { deviceId: job.deviceId, ...f };
      job.writer.addSample(s);
    }
    this.commit(job);
  }

  private commit(job: Job): void {
    job.writer.flush(true);
    if (job.writer.isFailing)
      throw new CsvImportError(`Import into ${this.dbPath} failed: ${job.writer.lastError?.message ?? 'store error'}`);
  }

  private openSession(job: Job, first: ReplayFrame): void {
    const m = job.parser.meta ?? {};
    job.deviceId = job.parser.deviceId ?? str(m.deviceId) ?? 'IMPORT';
    const fromFile = str(m.notes);
    job.sessionId = this.sessions.openImport({
      deviceId: job.deviceId,
      sourceSpec: `import:${job.fileName}`,
      startedMs: first.tHostMs,
      rig: job.meta.rig ?? str(m.rig) ?? '',
      chemistry: job.meta.chemistry ?? str(m.chemistry) ?? '',
      capacityAh: job.meta.capacityAh !== undefined ? job.meta.capacityAh : numOrNull(m.capacityAh),
      notes:
        job.meta.notes ??
        `Imported from ${job.fileName}${typeof m.session === 'number' ? ` (session ${m.session} of the exporting station)` : ''}.${fromFile ? ` ${fromFile}` : ''}`,
      cellCount: first.cells.length,
      periodMs: numOrNull(m.periodMs),
      fwVersion: str(m.fwVersion) ?? null,
    });
    const sid = job.sessionId;
    job.writer.setRouter({ sessionForSample: () => sid, sessionForEvent: () => null });
  }

  private abort(job: Job): void {
    this.jobs.delete(job.id);
    const sid = job.sessionId;
    if (sid === null) return;
    this.db.transaction(() => {
      for (const t of ['frames', 'rollup_1s', 'rollup_1m', 'rollup_10m'])
        this.db.prepare(`DELETE FROM ${t} WHERE session_id = ?`).run(sid);
      this.db.prepare(`DELETE FROM sessions WHERE id = ?`).run(sid);
    })();
  }
}
