/**
 * Answers chart series queries and session reports from the history read thread (series-worker.ts),
 * off the station's thread: a query against a long session holds its thread for its whole length
 * (77 ms median, 268 ms at p99 in the loop bench), which ran the station's event loop that late while
 * the History tab charted. The thread starts at the first query, which waits for it to open its connection: answered
 * here instead, the queries of that first second held the loop 70 ms at p99 in the loop bench. Where
 * the thread cannot be had (an in-memory database, a file it cannot open, a thread that died),
 * queries are answered on the station's own connection, as before.
 */
import type { Worker } from 'node:worker_threads';
import { encodeJson, type HistorySeries, type StoredAlarm } from '../contract/index.js';
import { startModuleWorker } from '../store/module-worker.js';
import type {
  FromSeriesWorker,
  ReportRequest,
  SeriesWorkerData,
  SessionReportFile,
  ToSeriesWorker,
} from './series-messages.js';
import type { SeriesQueries, SeriesRequest } from './series-query.js';

export interface SeriesReaderOptions {
  dbPath: string;
  nativeBinding?: string | undefined;
  /** The station's own connection: the answer while the thread is not there. */
  direct: SeriesQueries;
  alarms(sessionId: number, fromMs: number, toMs: number): StoredAlarm[];
  /** The same report on the station's own connection. */
  report(r: ReportRequest): SessionReportFile;
}

type Answer = HistorySeries | Uint8Array | SessionReportFile;

/** A question: how to ask the thread, and the same answer on the station's connection. */
interface Question {
  message: (id: number) => ToSeriesWorker;
  direct(): Answer;
}

interface Pending {
  direct(): Answer;
  resolve(a: Answer): void;
  reject(e: Error): void;
}

export class SeriesReader {
  private worker: Worker | null = null;
  private ready = false;
  /** Set once the thread could not open the database: it is not tried again. */
  private unavailable: string | null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readyWaiters: ((threaded: boolean) => void)[] = [];

  constructor(private readonly o: SeriesReaderOptions) {
    this.unavailable = o.dbPath === ':memory:' ? 'an in-memory database has no second connection' : null;
  }

  /** Whether queries now go through the thread. */
  get threaded(): boolean {
    return this.ready;
  }

  /** Starts the thread if it is not running; resolves with whether queries will go through it. */
  whenReady(): Promise<boolean> {
    if (this.ready) return Promise.resolve(true);
    if (this.unavailable !== null) return Promise.resolve(false);
    this.start();
    return new Promise((r) => this.readyWaiters.push(r));
  }

  series(req: SeriesRequest): Promise<HistorySeries> {
    return this.ask({ message: (id) => ({ id, req }), direct: () => this.direct(req) }) as Promise<HistorySeries>;
  }

  /** The same answer as JSON (UTF-8), encoded on the thread: the station's thread only passes it on. */
  seriesJson(req: SeriesRequest): Promise<Uint8Array> {
    return this.ask({
      message: (id) => ({ id, req, encode: true }),
      direct: () => encodeJson(this.direct(req)),
    }) as Promise<Uint8Array>;
  }

  /** A session's printable report, read and rendered on the thread. */
  report(r: ReportRequest): Promise<SessionReportFile> {
    return this.ask({
      message: (id) => ({ id, report: r }),
      direct: () => this.o.report(r),
    }) as Promise<SessionReportFile>;
  }

  private async ask(q: Question): Promise<Answer> {
    // The first question waits for the thread to open its connection (once a run) rather than run here.
    if (!this.ready && !(await this.whenReady())) return q.direct();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { direct: q.direct, resolve, reject });
      this.worker!.ref();
      this.worker!.postMessage(q.message(id));
    });
  }

  /** The same query on the station's connection (also what the tests compare the thread against). */
  direct(req: SeriesRequest): HistorySeries {
    return this.o.direct.series(req, this.o.alarms(req.sessionId, req.fromMs, req.toMs));
  }

  private start(): void {
    if (this.worker || this.unavailable !== null) return;
    const data: SeriesWorkerData = { dbPath: this.o.dbPath, nativeBinding: this.o.nativeBinding };
    const w = startModuleWorker(import.meta.url, 'series-worker', data);
    this.worker = w;
    // An idle thread must not keep the process alive; a query in flight does (ref above).
    w.unref();
    w.on('message', (m: FromSeriesWorker) => {
      if ('ready' in m) {
        this.ready = true;
        this.settleReady(true);
        return;
      }
      if (m.id === -1) {
        if (!m.ok) this.unavailable = m.message;
        return;
      }
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) w.unref();
      if (m.ok) p.resolve('json' in m ? m.json : 'report' in m ? m.report : m.series);
      else p.reject(new Error(m.message));
    });
    w.on('error', (e) => {
      this.unavailable ??= `the history read thread failed: ${e.message}`;
    });
    w.on('exit', () => {
      if (this.worker !== w) return;
      this.worker = null;
      this.ready = false;
      this.settleReady(false);
      // Whatever was in flight is answered here instead.
      const left = [...this.pending.values()];
      this.pending.clear();
      for (const p of left) {
        try {
          p.resolve(p.direct());
        } catch (e) {
          p.reject(e as Error);
        }
      }
    });
  }

  private settleReady(threaded: boolean): void {
    const ws = this.readyWaiters;
    this.readyWaiters = [];
    for (const r of ws) r(threaded);
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.unavailable ??= 'the station is closing';
    if (w) await w.terminate();
  }
}
