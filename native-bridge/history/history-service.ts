/**
 * History as the core sees it: sessions, persisted alarms and predictions, chart series, replay,
 * export, import, the session report and store maintenance, behind the contract's history methods.
 * The core only wires it in (hello, alarm changes, sources); all of the logic lives in history/.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type {
  Alarm,
  AlarmTransition,
  EventName,
  EventPayload,
  HistorySeries,
  MethodParams,
  MethodResult,
  Notice,
  SeriesQuantity,
} from '../contract/index.js';
import { HISTORY_METHODS } from '../contract/history-methods.js';
import type { HelloFrame } from '../protocol/index.js';
import type { LineSource } from '../devices/line-source.js';
import type { Db } from '../store/database.js';
import { StoreError } from '../store/store-errors.js';
import type { StoreWriter } from '../store/store-writer.js';
import { AlarmRecorder } from './alarm-recorder.js';
import { CsvPages, ExportJobs, exportPreamble, type ExportWindow } from './csv-export.js';
import { ImportJobs } from './import-jobs.js';
import { IngestTrace } from './ingest-trace.js';
import { Maintenance } from './maintenance.js';
import { ReplayManager } from './replay-manager.js';
import { SeriesQueries, type SeriesRequest } from './series-query.js';
import { SeriesReader } from './series-reader.js';
import { SessionManager, SessionError } from './session-manager.js';
import { SessionQueries } from './session-rows.js';
import type { SessionReportFile } from './series-messages.js';
import { sessionReportFile } from './session-report-file.js';
import { WalCheckpointer } from '../store/wal-checkpointer.js';
import { readSetting, writeSetting } from './station-settings.js';

export interface HistoryHost {
  addSource(source: LineSource): Promise<unknown>;
  removeSource(source: LineSource): Promise<void>;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  notify(level: Notice['level'], code: string, message: string): void;
}

export interface HistoryServiceOptions {
  db: Db;
  dbPath: string;
  /** better_sqlite3.node for this runtime, for the history read thread's connection. */
  nativeBinding?: string | undefined;
  /** Exports are written to `<dataDir>/exports`. */
  dataDir: string;
  writer: StoreWriter;
  host: HistoryHost;
  /** The risk model in use; `none` until one is loaded. */
  modelVersion?: () => string;
  stationVersion?: string;
  /** Scheduled retention, checkpoints and vacuum (tests turn them off and call runMaintenance). */
  scheduleMaintenance?: boolean;
  resumeWithinMs?: number;
}

export interface Prediction {
  cell: number;
  /** 0 Normal, 1 Watch, 2 Warning, 3 Alarm, 4 Runaway. */
  cls: number;
  confidence?: number | null;
}

/** One device-second of risk-model output, on the session axis it was captured at (see sessionAt). */
export interface PredictionGroup {
  at: { sessionId: number; timeMs: number };
  rows: readonly Prediction[];
}

type HistoryMethodName = keyof typeof HISTORY_METHODS;
export type HistoryHandlers = {
  [M in HistoryMethodName]: (params: MethodParams<M>) => Promise<MethodResult<M>> | MethodResult<M>;
};

const ALL_QUANTITIES: SeriesQuantity[] = ['temp', 'voltage', 'current'];
const RISK_LEVELS_MS = [60_000, 600_000];
/** Prediction rows per multi-row INSERT: one statement call instead of sixteen. */
const PREDICTION_CHUNK = 16;
const PREDICTION_COLUMNS = 5;

export class HistoryService {
  readonly sessions: SessionManager;
  readonly alarms: AlarmRecorder;
  readonly series: SeriesQueries;
  /** The chart series queries, answered off the station's thread. */
  readonly seriesReader: SeriesReader;
  readonly maintenance: Maintenance;
  private readonly checkpointer: WalCheckpointer;
  readonly exports: ExportJobs;
  readonly imports: ImportJobs;
  readonly replays: ReplayManager;
  readonly exportDir: string;
  private readonly q: SessionQueries;
  private readonly modelVersion: () => string;
  private readonly trace: IngestTrace | null;
  private readonly stmts;
  /** The model version each session was last given, so it is written once, not once a device-second. */
  private readonly versionOf = new Map<number, string>();
  /** Bind values of one chunk insert, reused from batch to batch. */
  private readonly chunkArgs: (number | null)[] = new Array<number | null>(PREDICTION_CHUNK * PREDICTION_COLUMNS);

  constructor(private readonly o: HistoryServiceOptions) {
    this.modelVersion = o.modelVersion ?? (() => 'none');
    this.q = new SessionQueries(o.db);
    this.trace = IngestTrace.fromEnv();
    this.sessions = new SessionManager({
      db: o.db,
      writer: o.writer,
      modelVersion: this.modelVersion,
      ...(o.resumeWithinMs !== undefined ? { resumeWithinMs: o.resumeWithinMs } : {}),
      onChanged: (s) => o.host.emit('onSessionChanged', s),
      onReplaySession: (source, id) => this.replays.adopt(source, id),
      ...(this.trace ? { onSample: this.trace.onSample } : {}),
    });
    this.alarms = new AlarmRecorder(o.db, o.writer, this.sessions, this.modelVersion);
    this.series = new SeriesQueries(o.db);
    this.seriesReader = new SeriesReader({
      dbPath: o.dbPath,
      nativeBinding: o.nativeBinding,
      direct: this.series,
      alarms: (id, from, to) => this.q.alarms(id, from, to),
      report: (r) => sessionReportFile(o.db, this.series, this.q, r),
    });
    this.maintenance = new Maintenance({
      db: o.db,
      path: o.dbPath,
      writer: o.writer,
      onError: (m) => o.host.notify('warning', 'store.maintenance', m),
    });
    this.checkpointer = new WalCheckpointer({
      db: o.db,
      dbPath: o.dbPath,
      nativeBinding: o.nativeBinding,
      onCheckpoint: (c) => this.maintenance.noteCheckpoint(c.atMs, c.walPages),
      onError: (m) => o.host.notify('warning', 'store.checkpoint', m),
    });
    if (o.scheduleMaintenance !== false) {
      this.maintenance.start();
      this.checkpointer.start();
    }
    this.exportDir = join(o.dataDir, 'exports');
    this.exports = new ExportJobs(o.db, this.exportDir, (p) => o.host.emit('onExportProgress', p));
    this.imports = new ImportJobs({ db: o.db, dbPath: o.dbPath, sessions: this.sessions });
    this.replays = new ReplayManager(o.db, this.sessions, o.host, this.modelVersion, (p) =>
      o.host.emit('onReplayProgress', p),
    );
    this.stmts = {
      prediction: o.db.prepare(
        `INSERT OR REPLACE INTO predictions (session_id, t_host_ms, cell, class, confidence) VALUES (?, ?, ?, ?, ?)`,
      ),
      // Rows of one statement are applied in order, so a repeated key still ends with the last row.
      predictionChunk: o.db.prepare(
        `INSERT OR REPLACE INTO predictions (session_id, t_host_ms, cell, class, confidence) VALUES ${Array.from(
          { length: PREDICTION_CHUNK },
          () => '(?, ?, ?, ?, ?)',
        ).join(', ')}`,
      ),
      riskRollup: o.db.prepare(
        `INSERT INTO risk_rollups (session_id, level_ms, t_ms, cell, max_class) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(session_id, level_ms, t_ms, cell) DO UPDATE SET max_class = max(max_class, excluded.max_class)`,
      ),
    };
  }

  onHello(h: HelloFrame, tHostMs: number, source: LineSource): void {
    this.sessions.onHello(h, tHostMs, source);
  }

  onAlarmChanged(a: Alarm, change: AlarmTransition): void {
    this.alarms.onAlarmChanged(a, change);
  }

  /** A remembered choice of the station (see station-settings.ts). */
  setting(key: string): Record<string, unknown> {
    return readSetting(this.o.db, key);
  }

  remember(key: string, value: unknown): void {
    writeSetting(this.o.writer, key, value);
  }

  /**
   * Stores risk-model output for a device's current session (the risk model calls this about once a
   * second per device). Kept raw for the retention period, and as the highest class per minute and per
   * ten minutes forever. `at`, when given, is the session and the time on its axis, taken when the
   * features were captured (see sessionAt): by the time a batched run is stored, a fast replay has moved
   * on, or ended, and mapping then would pile many recorded seconds onto one or drop them.
   */
  recordPredictions(
    deviceId: string,
    tHostMs: number,
    predictions: Prediction[],
    modelVersion?: string,
    at?: { sessionId: number; timeMs: number },
  ): void {
    const sessionId = at ? at.sessionId : this.sessions.sessionOfDevice(deviceId);
    if (sessionId === null || predictions.length === 0) return;
    const t = at ? at.timeMs : this.sessions.mapTime(deviceId, tHostMs);
    if (modelVersion) this.setModelVersion(sessionId, modelVersion);
    const { prediction, riskRollup } = this.stmts;
    const rows = predictions.map((p) => ({ ...p }));
    this.o.writer.enqueue(() => {
      for (const p of rows) {
        prediction.run(sessionId, t, p.cell, p.cls, p.confidence ?? null);
        for (const ms of RISK_LEVELS_MS) riskRollup.run(sessionId, ms, Math.floor(t / ms) * ms, p.cell, p.cls);
      }
    });
  }

  /**
   * Stores one risk-model run's output: the same rows and rollups as recordPredictions once per group,
   * in one queued operation. A replay's backlog brings hundreds of device-seconds per run; the rows go
   * in multi-row inserts and each cell's rollup bucket is written once per run of equal buckets (the
   * highest class of the run) instead of twice per row. Groups are taken in order, so a repeated
   * session time ends with its last rows, as with separate calls.
   */
  recordPredictionBatch(groups: readonly PredictionGroup[], modelVersion?: string): void {
    let n = 0;
    for (const g of groups) n += g.rows.length;
    if (n === 0) return;
    // Copied into flat arrays now: the operation may run again (a failed flush is retried).
    const sessionIds = new Float64Array(n);
    const times = new Float64Array(n);
    const cells = new Int32Array(n);
    const classes = new Int32Array(n);
    const confidences: (number | null)[] = new Array<number | null>(n);
    let i = 0;
    for (const g of groups) {
      if (modelVersion) this.setModelVersion(g.at.sessionId, modelVersion);
      for (const p of g.rows) {
        sessionIds[i] = g.at.sessionId;
        times[i] = g.at.timeMs;
        cells[i] = p.cell;
        classes[i] = p.cls;
        confidences[i] = p.confidence ?? null;
        i++;
      }
    }
    this.o.writer.enqueue(() => this.writePredictions(sessionIds, times, cells, classes, confidences));
  }

  private writePredictions(
    sessionIds: Float64Array,
    times: Float64Array,
    cells: Int32Array,
    classes: Int32Array,
    confidences: (number | null)[],
  ): void {
    const { prediction, predictionChunk, riskRollup } = this.stmts;
    const n = times.length;
    const args = this.chunkArgs;
    let i = 0;
    for (; i + PREDICTION_CHUNK <= n; i += PREDICTION_CHUNK) {
      for (let j = 0; j < PREDICTION_CHUNK; j++) {
        const a = j * PREDICTION_COLUMNS;
        args[a] = sessionIds[i + j]!;
        args[a + 1] = times[i + j]!;
        args[a + 2] = cells[i + j]!;
        args[a + 3] = classes[i + j]!;
        args[a + 4] = confidences[i + j]!;
      }
      predictionChunk.run(args);
    }
    for (; i < n; i++) prediction.run(sessionIds[i]!, times[i]!, cells[i]!, classes[i]!, confidences[i]!);
    // Per session and cell, the open bucket of each level and its highest class so far.
    const open = new Map<string, { sessionId: number; cell: number; buckets: number[]; max: number[] }>();
    const put = (b: { sessionId: number; cell: number; buckets: number[]; max: number[] }, level: number) =>
      riskRollup.run(b.sessionId, RISK_LEVELS_MS[level]!, b.buckets[level]!, b.cell, b.max[level]!);
    for (let k = 0; k < n; k++) {
      const key = `${sessionIds[k]}#${cells[k]}`;
      let b = open.get(key);
      if (!b) open.set(key, (b = { sessionId: sessionIds[k]!, cell: cells[k]!, buckets: [NaN, NaN], max: [0, 0] }));
      for (let level = 0; level < RISK_LEVELS_MS.length; level++) {
        const ms = RISK_LEVELS_MS[level]!;
        const bucket = Math.floor(times[k]! / ms) * ms;
        if (bucket !== b.buckets[level]) {
          if (!Number.isNaN(b.buckets[level]!)) put(b, level);
          b.buckets[level] = bucket;
          b.max[level] = classes[k]!;
        } else if (classes[k]! > b.max[level]!) b.max[level] = classes[k]!;
      }
    }
    for (const b of open.values()) for (let level = 0; level < RISK_LEVELS_MS.length; level++) put(b, level);
  }

  /** Sets a session's model version, skipping the write when this service already set that version. */
  private setModelVersion(sessionId: number, version: string): void {
    if (this.versionOf.get(sessionId) === version) return;
    if (this.versionOf.size > 1000) this.versionOf.clear();
    this.versionOf.set(sessionId, version);
    this.sessions.setModelVersion(sessionId, version);
  }

  /** The session a device's frame arriving now belongs to, and its time on that session's axis. */
  sessionAt(deviceId: string, tHostMs: number): { sessionId: number; timeMs: number } | null {
    const sessionId = this.sessions.sessionOfDevice(deviceId);
    return sessionId === null ? null : { sessionId, timeMs: this.sessions.mapTime(deviceId, tHostMs) };
  }

  /** The window of a session a request names, defaulting to all its data. */
  window(sessionId: number, fromMs?: number, toMs?: number): ExportWindow {
    const session = this.sessions.get(sessionId);
    const lo = session.firstDataMs ?? session.startedMs;
    const hi = session.lastDataMs ?? session.endedMs ?? lo;
    const from = fromMs ?? lo;
    const to = toMs ?? hi;
    if (to < from) throw new SessionError('history.bad-window', `The window ends (${to}) before it starts (${from}).`);
    return { session, fromMs: from, toMs: to };
  }

  /** The series request a getHistorySeries call names (its window, cells and quantities filled in). */
  seriesRequest(p: MethodParams<'getHistorySeries'>): SeriesRequest {
    const w = this.window(p.sessionId, p.fromMs, p.toMs);
    const n = w.session.cellCount ?? 1;
    return {
      sessionId: w.session.id,
      fromMs: w.fromMs,
      toMs: w.toMs,
      maxPoints: p.maxPoints ?? 2000,
      cells: p.cells?.length ? p.cells : Array.from({ length: n }, (_, i) => i + 1),
      quantities: p.quantities?.length ? p.quantities : ALL_QUANTITIES,
      periodMs: w.session.periodMs,
    };
  }

  getSeries(p: MethodParams<'getHistorySeries'>): Promise<HistorySeries> {
    return this.seriesReader.series(this.seriesRequest(p));
  }

  /** getSeries as JSON, encoded off the station's thread (the transports that write JSON ask for this). */
  getSeriesJson(p: MethodParams<'getHistorySeries'>): Promise<Uint8Array> {
    return this.seriesReader.seriesJson(this.seriesRequest(p));
  }

  /** Read on the history read thread: against a long session it takes as long as the longest chart query. */
  report(sessionId: number): Promise<SessionReportFile> {
    const session = this.sessions.get(sessionId);
    return this.seriesReader.report({ session, stationVersion: this.o.stationVersion ?? '', generatedMs: Date.now() });
  }

  /** Streams a window as CSV into any writable (the HTTP response); stops when `aborted()` says so. */
  async streamCsv(
    w: ExportWindow,
    write: (text: string) => Promise<void> | void,
    aborted: () => boolean,
  ): Promise<number> {
    await write(exportPreamble(w));
    const pages = new CsvPages(this.o.db, w);
    let rows = 0;
    for (let c = pages.next(); c && !aborted(); c = pages.next()) {
      await write(c.text);
      rows += c.rows;
      await new Promise<void>((r) => setImmediate(r));
    }
    return rows;
  }

  /** The Alarms tab's CSV as `alarms-<time>.csv` in the exports folder, written whole or not at all. */
  saveAlarmCsv(csv: string): { fileName: string; path: string; downloadPath: string } {
    mkdirSync(this.exportDir, { recursive: true });
    const fileName = `alarms-${new Date().toISOString().replace(/[:.]/g, '-')}.csv`;
    const path = join(this.exportDir, fileName);
    writeFileSync(`${path}.tmp`, csv);
    renameSync(`${path}.tmp`, path);
    return { fileName, path, downloadPath: `api/exports/${encodeURIComponent(fileName)}` };
  }

  /** A finished export file by name, or null (names only: no paths from the outside). */
  exportFile(name: string): string | null {
    const clean = basename(name);
    if (clean !== name || !clean.endsWith('.csv')) return null;
    const p = join(this.exportDir, clean);
    return existsSync(p) ? p : null;
  }

  async close(): Promise<void> {
    await this.checkpointer.close();
    await this.seriesReader.close();
    await this.imports.close();
    await this.replays.close();
    await this.exports.close();
    await this.maintenance.close();
    this.trace?.close();
  }

  /** The contract's history methods, bound to this service. */
  readonly handlerTable: HistoryHandlers = this.makeHandlers();

  private makeHandlers(): HistoryHandlers {
    return {
      listSessions: ({ limit = 500, deviceId, kind }) => this.sessions.list({ limit, deviceId, kind }),
      getSession: ({ id }) => this.sessions.get(id),
      startSession: ({ deviceId, ...meta }) => this.sessions.startByOperator(deviceId, meta),
      updateSession: ({ id, ...meta }) => this.sessions.update(id, meta),
      endSession: ({ id }) => this.sessions.end(id),
      getHistorySeries: (p) => this.getSeries(p),
      getSessionAlarms: ({ sessionId, fromMs, toMs }) =>
        this.q.alarms(sessionId, fromMs ?? 0, toMs ?? Number.MAX_SAFE_INTEGER),
      startReplay: ({ sessionId, fromMs, toMs, speed = 1 }) => this.replays.start({ sessionId, fromMs, toMs, speed }),
      stopReplay: ({ sessionId }) => ({ ok: this.replays.stop(sessionId) }),
      listReplays: () => this.replays.list(),
      startExport: ({ sessionId, fromMs, toMs, cells }) =>
        this.exports.start({ ...this.window(sessionId, fromMs, toMs), cells }),
      cancelExport: ({ exportId }) => ({ ok: this.exports.cancel(exportId) }),
      getSessionReport: ({ sessionId }) => this.report(sessionId),
      saveAlarmCsv: ({ csv }) => this.saveAlarmCsv(csv),
      beginImport: ({ fileName, ...meta }) => ({ importId: this.imports.begin(fileName, meta) }),
      appendImport: ({ importId, chunk }) => this.imports.append(importId, chunk),
      finishImport: ({ importId }) => this.imports.finish(importId),
      cancelImport: ({ importId }) => ({ ok: this.imports.cancel(importId) }),
      importCsvFile: ({ path, ...meta }) => this.imports.importFile(path, meta),
      getHistorySettings: () => this.maintenance.getSettings(),
      setHistorySettings: (p) => this.maintenance.setSettings(p),
      getStoreInfo: () => this.maintenance.info(),
      runMaintenance: async () => {
        await this.maintenance.run();
        return this.maintenance.info();
      },
    };
  }
}

/**
 * The history methods for the core's handler table. They exist whether or not the store opened (the
 * contract is the same everywhere); without a database they answer with a clear error.
 */
export function historyHandlers(get: () => HistoryService | null): HistoryHandlers {
  const entries = Object.keys(HISTORY_METHODS).map((name) => [
    name,
    (params: unknown) => {
      const s = get();
      if (!s)
        throw new StoreError(
          'store.unavailable',
          'History is not available: the database could not be opened (the notice at the top says why).',
        );
      return (s.handlerTable as unknown as Record<string, (p: unknown) => unknown>)[name]!(params);
    },
  ]);
  return Object.fromEntries(entries) as HistoryHandlers;
}
