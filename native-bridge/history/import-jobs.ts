/**
 * CSV imports, driven from the station's thread. Each import has a thread of its own
 * (csv-import-worker.ts) that parses it; the frames come back in packed batches and are stored here
 * in small slices between the station's other work (import-writer.ts), so the station's ingest, alarms
 * and API never wait for a large import. The file arrives in chunks (over the contract, so a browser
 * can send a local file, or as a streamed HTTP body) or is read from a path on the station's machine
 * by the thread itself. A chunk is handed over only when the thread asks for more, and the thread
 * sends a batch only when the one before is stored: that is what bounds the memory of any import.
 *
 * Frames go into a session of kind `import` — same frame rows, rollups and counters as live data — so
 * an imported run can be charted, reported, exported and replayed like a recorded one.
 */
import type { Worker } from 'node:worker_threads';
import type { ImportResult } from '../contract/index.js';
import type { Db } from '../store/database.js';
import { CsvImportError } from './csv-import.js';
import { unpackFrames } from './frame-batch.js';
import type { FromImportWorker, ImportWorkerData, ToImportWorker } from './import-messages.js';
import { ImportWriter } from './import-writer.js';
import { checkWindow, type SessionManager, type SessionMeta } from './session-manager.js';
import { startModuleWorker } from '../store/module-worker.js';

interface Job {
  id: number;
  fileName: string;
  meta: SessionMeta;
  worker: Worker;
  writer: ImportWriter;
  sessionId: number | null;
  rows: number;
  frames: number;
  /** Chunks the thread has asked for and not yet been sent. */
  credits: number;
  waitingForCredit: (() => void) | null;
  /** Batches are stored one after another, in the order they came. */
  storing: Promise<void>;
  failure: CsvImportError | null;
  settled: Promise<ImportResult>;
  /** Ends the import with this error: the thread is told, what was stored is deleted. */
  fail(e: CsvImportError): void;
}

type FramesMessage = Extract<FromImportWorker, { type: 'frames' }>;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const numOrNull = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The imported session's voltage window: the operator's where given (checked in begin()), else the
 * exporting station's header's if it is a window at all. A header is a file's word, not the operator's:
 * an impossible one is dropped for the chemistry's rather than judge every replayed reading by it.
 */
function importWindow(
  given: SessionMeta,
  header: Record<string, unknown>,
): { vMinV: number | null; vMaxV: number | null } {
  if (given.vMinV !== undefined || given.vMaxV !== undefined)
    return { vMinV: given.vMinV ?? null, vMaxV: given.vMaxV ?? null };
  const volts = (v: unknown) => {
    const n = numOrNull(v);
    return n !== null && n >= 0.5 && n <= 5 ? n : null;
  };
  const w = { vMinV: volts(header.vMinV), vMaxV: volts(header.vMaxV) };
  try {
    checkWindow({ ...w, chemistry: given.chemistry ?? (typeof header.chemistry === 'string' ? header.chemistry : '') });
    return w;
  } catch {
    return { vMinV: null, vMaxV: null };
  }
}

export interface ImportJobsOptions {
  db: Db;
  dbPath: string;
  sessions: SessionManager;
}

export class ImportJobs {
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;

  constructor(private readonly o: ImportJobsOptions) {}

  begin(fileName: string, meta: SessionMeta, filePath?: string): number {
    checkWindow(meta);
    const id = this.nextId++;
    const data: ImportWorkerData = { fileName, filePath, anchorMs: Date.now() };
    let settle!: { resolve: (r: ImportResult) => void; reject: (e: Error) => void };
    const settled = new Promise<ImportResult>((resolve, reject) => (settle = { resolve, reject }));
    // A cancelled import may have nobody awaiting it: its rejection is not "unhandled".
    settled.catch(() => undefined);
    const job: Job = {
      id,
      fileName,
      meta,
      worker: startModuleWorker(import.meta.url, 'csv-import-worker', data),
      writer: new ImportWriter({ db: this.o.db, dbPath: this.o.dbPath }),
      sessionId: null,
      rows: 0,
      frames: 0,
      credits: 0,
      waitingForCredit: null,
      storing: Promise.resolve(),
      failure: null,
      settled,
      fail: (e) => fail(e),
    };
    let over = false;
    const fail = (e: CsvImportError) => {
      if (over) return;
      over = true;
      job.failure ??= e;
      job.waitingForCredit?.();
      this.jobs.delete(id);
      this.post(job, { type: 'cancel' });
      // After the batches already being stored: then delete what they stored.
      job.storing = job.storing
        .catch(() => undefined)
        .then(() => job.writer.abort())
        .catch(() => undefined)
        .then(() => settle.reject(job.failure!));
    };
    const chain = (step: () => Promise<void> | void) => {
      job.storing = job.storing
        .then(step)
        .catch((e: unknown) =>
          fail(e instanceof CsvImportError ? e : new CsvImportError(`The import failed: ${(e as Error).message}`)),
        );
    };
    job.worker.on('message', (m: FromImportWorker) => {
      if (over) return;
      switch (m.type) {
        case 'more':
          job.rows = m.rows;
          job.frames = m.frames;
          job.credits++;
          job.waitingForCredit?.();
          return;
        case 'frames':
          chain(async () => {
            if (over) return;
            const frames = unpackFrames(m.packed);
            if (!job.writer.hasSession && frames.length) this.openSession(job, m, frames[0]!);
            await job.writer.store(frames);
            this.post(job, { type: 'stored' });
          });
          return;
        case 'done':
          chain(() => {
            if (over) return;
            if (job.sessionId === null) throw new CsvImportError(`${fileName} holds no readings to import.`);
            job.writer.finish();
            over = true;
            this.jobs.delete(id);
            this.o.sessions.end(job.sessionId, job.writer.lastT ?? undefined);
            settle.resolve({
              importId: id,
              sessionId: job.sessionId,
              format: m.format,
              rows: m.rows,
              frames: m.frames,
              skipped: m.skipped,
              warnings: m.warnings,
            });
          });
          return;
        case 'failed':
          fail(new CsvImportError(m.message));
          return;
      }
    });
    job.worker.on('error', (e) => fail(new CsvImportError(`The import thread failed: ${e.message}`)));
    job.worker.on('exit', () =>
      // A thread that ends with its import settled is done; otherwise it died under the import.
      chain(() => fail(new CsvImportError('The import thread ended before the import was finished.'))),
    );
    this.jobs.set(id, job);
    return id;
  }

  private post(job: Job, m: ToImportWorker): void {
    try {
      job.worker.postMessage(m);
    } catch {
      // The thread has ended; the exit handler settles the import.
    }
  }

  private openSession(job: Job, m: FramesMessage, first: { tHostMs: number; cells: unknown[] }): void {
    const meta = m.meta ?? {};
    const deviceId = m.deviceId ?? str(meta.deviceId) ?? 'IMPORT';
    const fromFile = str(meta.notes);
    job.sessionId = this.o.sessions.openImport({
      deviceId,
      sourceSpec: `import:${job.fileName}`,
      startedMs: first.tHostMs,
      rig: job.meta.rig ?? str(meta.rig) ?? '',
      chemistry: job.meta.chemistry ?? str(meta.chemistry) ?? '',
      capacityAh: job.meta.capacityAh !== undefined ? job.meta.capacityAh : numOrNull(meta.capacityAh),
      ...importWindow(job.meta, meta),
      notes:
        job.meta.notes ??
        `Imported from ${job.fileName}${typeof meta.session === 'number' ? ` (session ${meta.session} of the exporting station)` : ''}.${fromFile ? ` ${fromFile}` : ''}`,
      cellCount: first.cells.length,
      periodMs: numOrNull(meta.periodMs),
      fwVersion: str(meta.fwVersion) ?? null,
    });
    job.writer.useSession(job.sessionId, deviceId);
  }

  private job(id: number): Job {
    const j = this.jobs.get(id);
    if (!j) throw new CsvImportError(`No import ${id} in progress.`);
    return j;
  }

  /** Hands one chunk over once the thread has asked for it; resolves with the progress so far. */
  async append(importId: number, chunk: string): Promise<{ rows: number; frames: number }> {
    const job = this.job(importId);
    while (job.credits === 0 && job.failure === null) await new Promise<void>((r) => (job.waitingForCredit = r));
    job.waitingForCredit = null;
    if (job.failure) throw job.failure;
    job.credits--;
    if (chunk.length) this.post(job, { type: 'chunk', text: chunk });
    return { rows: job.rows, frames: job.frames };
  }

  finish(importId: number): Promise<ImportResult> {
    const job = this.job(importId);
    this.post(job, { type: 'end' });
    return job.settled;
  }

  /** Drops the import; what it had stored is deleted (in slices, after the call returns). */
  cancel(importId: number): boolean {
    const job = this.jobs.get(importId);
    if (!job) return false;
    job.fail(new CsvImportError('The import was cancelled.'));
    return true;
  }

  /** A file on the station's machine, read by the import's own thread. */
  importFile(path: string, meta: SessionMeta): Promise<ImportResult> {
    const id = this.begin(path.split(/[\\/]/).pop() ?? path, meta, path);
    return this.job(id).settled;
  }

  /** The station is stopping: imports in flight are cancelled and their stored part deleted. */
  async close(): Promise<void> {
    const jobs = [...this.jobs.values()];
    for (const j of jobs) this.cancel(j.id);
    await Promise.all(jobs.map((j) => j.settled.catch(() => undefined)));
    await Promise.all(jobs.map((j) => j.worker.terminate()));
  }
}
