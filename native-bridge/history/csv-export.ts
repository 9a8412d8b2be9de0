/**
 * CSV export of a session window, one row per cell reading, streamed a page of frames at a time so a
 * multi-day window never sits in memory and the station keeps ingesting while it is written. Exports
 * run as jobs writing a file (`<data>/exports/…csv`) with progress events and cancel; the headless
 * server can also stream the same bytes straight into an HTTP response.
 *
 * The format is the station's import format too (csv-import.ts): a `#` line with the session's details
 * as JSON, then a header and the rows. Values are in engineering units with the sensor's resolution.
 */
import { createWriteStream, mkdirSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { ExportProgress, Session } from '../contract/index.js';
import type { Db } from '../store/database.js';
import { CellBlob } from '../store/frame-codec.js';
import { FramePages } from './frame-pages.js';

export const EXPORT_MAGIC = '# EV Battery Station export v1';
export const EXPORT_COLUMNS = [
  'time_iso',
  't_host_ms',
  'session_id',
  'device_id',
  'boot_id',
  'seq',
  't_dev_ms',
  'cell',
  'voltage_v',
  'temp_c',
  'current_a',
  'ambient_c',
  'humidity_pct',
  'soc_pct',
  'soc_estimated',
  'status',
] as const;

const PAGE_FRAMES = 2000;

const fixed = (v: number | null, div: number, digits: number) => (v === null ? '' : (v / div).toFixed(digits));

export interface ExportWindow {
  session: Session;
  fromMs: number;
  toMs: number;
  /** Only these cells (1-based); all when absent. */
  cells?: number[] | undefined;
}

export function exportPreamble(w: ExportWindow): string {
  const s = w.session;
  const meta = {
    session: s.id,
    kind: s.kind,
    deviceId: s.deviceId,
    rig: s.rig,
    chemistry: s.chemistry,
    capacityAh: s.capacityAh,
    vMinV: s.vMinV,
    vMaxV: s.vMaxV,
    notes: s.notes,
    startedMs: s.startedMs,
    endedMs: s.endedMs,
    cellCount: s.cellCount,
    periodMs: s.periodMs,
    fwVersion: s.fwVersion,
    modelVersion: s.modelVersion,
    replayOf: s.replayOf,
    fromMs: w.fromMs,
    toMs: w.toMs,
    exportedMs: Date.now(),
  };
  return `${EXPORT_MAGIC} ${JSON.stringify(meta)}\n${EXPORT_COLUMNS.join(',')}\n`;
}

/** The CSV body of a window, one chunk per page of frames. */
export class CsvPages {
  private readonly pages: FramePages;
  private readonly cellFilter: Set<number> | null;
  readonly totalFrames: number;
  done = false;

  constructor(
    db: Db,
    private readonly w: ExportWindow,
  ) {
    this.pages = new FramePages(db, w.session.id, w.fromMs, w.toMs);
    this.cellFilter = w.cells?.length ? new Set(w.cells) : null;
    this.totalFrames = this.pages.count();
  }

  get rowsPerFrame(): number {
    return this.cellFilter?.size ?? this.w.session.cellCount ?? 1;
  }

  /** Next chunk, or null at the end. */
  next(): { text: string; rows: number } | null {
    const frames = this.pages.next(PAGE_FRAMES);
    if (frames.length === 0) {
      this.done = true;
      return null;
    }
    const sid = String(this.w.session.id);
    const dev = this.w.session.deviceId;
    const parts: string[] = [];
    let rows = 0;
    for (const f of frames) {
      const cells = new CellBlob(f.cells);
      const common = `${new Date(f.t_host_ms).toISOString()},${f.t_host_ms},${sid},${dev},${(f.boot_id >>> 0)
        .toString(16)
        .toUpperCase()
        .padStart(8, '0')},${f.seq},${f.t_dev_ms}`;
      const pack = `${fixed(f.pack_ma, 1000, 3)},${fixed(f.ambient_cc, 100, 2)},${fixed(f.humidity_cpct, 100, 2)}`;
      for (let i = 0; i < cells.n; i++) {
        if (this.cellFilter && !this.cellFilter.has(i + 1)) continue;
        const soc = cells.socPermille(i);
        parts.push(
          `${common},${i + 1},${fixed(cells.mv(i), 1000, 3)},${fixed(cells.tempCc(i), 100, 2)},${pack},${fixed(soc, 10, 1)},${
            soc === null ? '' : cells.socEstimated(i) ? 1 : 0
          },${f.status}\n`,
        );
        rows++;
      }
    }
    return { text: parts.join(''), rows };
  }
}

export function exportFileName(w: ExportWindow): string {
  const stamp = (t: number) =>
    new Date(t)
      .toISOString()
      .replace(/[:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
  return `session-${w.session.id}-${w.session.deviceId}-${stamp(w.fromMs)}-${stamp(w.toMs)}.csv`;
}

const write = (out: WriteStream, text: string) =>
  new Promise<void>((resolve, reject) => {
    const ok = out.write(text, (e) => (e ? reject(e) : undefined));
    if (ok) resolve();
    else out.once('drain', resolve);
  });

interface Job {
  progress: ExportProgress;
  cancelled: boolean;
}

/** Export jobs: each writes its file in pages, reporting progress at most every `progressEveryMs`. */
export class ExportJobs {
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;

  constructor(
    private readonly db: Db,
    private readonly dir: string,
    private readonly emit: (p: ExportProgress) => void,
    private readonly progressEveryMs = 200,
  ) {}

  start(w: ExportWindow): ExportProgress {
    mkdirSync(this.dir, { recursive: true });
    const pages = new CsvPages(this.db, w);
    const fileName = exportFileName(w);
    const path = join(this.dir, fileName);
    const progress: ExportProgress = {
      exportId: this.nextId++,
      sessionId: w.session.id,
      state: 'running',
      rows: 0,
      totalRows: pages.totalFrames * pages.rowsPerFrame,
      bytes: 0,
      fileName,
      path,
      downloadPath: `api/exports/${encodeURIComponent(fileName)}`,
      error: null,
    };
    const job: Job = { progress, cancelled: false };
    this.jobs.set(progress.exportId, job);
    void this.run(job, w, pages, path);
    return { ...progress };
  }

  cancel(exportId: number): boolean {
    const j = this.jobs.get(exportId);
    if (!j || j.progress.state !== 'running') return false;
    j.cancelled = true;
    return true;
  }

  /** Cancels every running export (station shutdown). */
  async close(): Promise<void> {
    for (const j of this.jobs.values()) j.cancelled = true;
    for (let i = 0; i < 100 && [...this.jobs.values()].some((j) => j.progress.state === 'running'); i++)
      await new Promise((r) => setTimeout(r, 10));
  }

  private async run(job: Job, w: ExportWindow, pages: CsvPages, path: string): Promise<void> {
    const part = `${path}.part`;
    const out = createWriteStream(part);
    const p = job.progress;
    let lastEmit = 0;
    try {
      await write(out, exportPreamble(w));
      for (;;) {
        if (job.cancelled) break;
        const chunk = pages.next();
        if (!chunk) break;
        await write(out, chunk.text);
        p.rows += chunk.rows;
        p.bytes += Buffer.byteLength(chunk.text);
        if (Date.now() - lastEmit >= this.progressEveryMs) {
          lastEmit = Date.now();
          this.emit({ ...p });
        }
        // Let the writer and the UI run between pages.
        await new Promise<void>((r) => setImmediate(r));
      }
      await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
      if (job.cancelled) {
        rmSync(part, { force: true });
        p.state = 'cancelled';
      } else {
        renameSync(part, path);
        p.totalRows = p.rows;
        p.state = 'done';
      }
    } catch (e) {
      out.destroy();
      rmSync(part, { force: true });
      p.state = 'failed';
      p.error = `Export to ${path} failed: ${(e as Error).message}`;
    }
    this.emit({ ...p });
  }
}
