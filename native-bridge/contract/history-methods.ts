/**
 * Requests and events of History: sessions (one per test run), chart series at the right resolution,
 * stored alarms, replay of a session through the whole pipeline, CSV export (streamed to a file with
 * progress and cancel), the printable session report, CSV import in chunks, and the store's upkeep.
 * Values are in engineering units (°C, V, A); times are host milliseconds since the epoch.
 */
import { z } from 'zod';
import { alarmSeveritySchema } from './alarm-types.js';
import { cellLimitsSchema } from './domain.js';
import { method } from './method.js';

export const sessionKindSchema = z.enum(['live', 'replay', 'import']);
export type SessionKind = z.infer<typeof sessionKindSchema>;

export const sessionSchema = z.object({
  id: z.number().int(),
  kind: sessionKindSchema,
  /** The device id the frames came in under (a replay streams under its own id, `RP<id>-<original>`). */
  deviceId: z.string(),
  sourceSpec: z.string(),
  /** `hello` (device connected), `operator`, `data`, `replay`, `import` or `migration`. */
  startedBy: z.string(),
  rig: z.string(),
  chemistry: z.string(),
  capacityAh: z.number().nullable(),
  /** The session's own voltage window, V; null where the chemistry's applies. */
  vMinV: z.number().nullable(),
  vMaxV: z.number().nullable(),
  /** The lines its cells are judged by (its chemistry and window, as the station's rules take them): History marks stored values by them. */
  limits: cellLimitsSchema,
  notes: z.string(),
  startedMs: z.number(),
  endedMs: z.number().nullable(),
  firstDataMs: z.number().nullable(),
  lastDataMs: z.number().nullable(),
  cellCount: z.number().int().nullable(),
  periodMs: z.number().int().nullable(),
  fwVersion: z.string().nullable(),
  /** Risk model that ran while the session was recorded or replayed; `none` before the model exists. */
  modelVersion: z.string(),
  replayOf: z.number().int().nullable(),
  replaySpeed: z.number().nullable(),
  createdMs: z.number(),
  frameCount: z.number().int(),
  readingCount: z.number().int(),
  alarmCount: z.number().int(),
  /** Frames are arriving for it in this station process now. */
  active: z.boolean(),
});
export type Session = z.infer<typeof sessionSchema>;

export const storedAlarmSchema = z.object({
  id: z.number().int(),
  sessionId: z.number().int().nullable(),
  key: z.string(),
  code: z.string(),
  severity: alarmSeveritySchema,
  peakSeverity: alarmSeveritySchema,
  source: z.string(),
  deviceId: z.string().nullable(),
  cell: z.number().int().nullable(),
  message: z.string(),
  raisedAtMs: z.number(),
  clearedAtMs: z.number().nullable(),
  acknowledgedAtMs: z.number().nullable(),
  acknowledgedBy: z.string().nullable(),
  ackComment: z.string().nullable(),
  escalatedAtMs: z.number().nullable(),
  /** Times the condition came back after clearing unacknowledged (the same alarm opened again), the last one. */
  returnCount: z.number().int().min(0),
  returnedAtMs: z.number().nullable(),
  /** `restart` when the station stopped while the alarm was open and did not see it again. */
  closedBy: z.string().nullable(),
  modelVersion: z.string(),
});
export type StoredAlarm = z.infer<typeof storedAlarmSchema>;

export const seriesQuantitySchema = z.enum(['temp', 'voltage', 'current', 'ambient', 'humidity']);
export type SeriesQuantity = z.infer<typeof seriesQuantitySchema>;
export const seriesResolutionSchema = z.enum(['raw', '1s', '1m', '10m']);
export type SeriesResolution = z.infer<typeof seriesResolutionSchema>;

const nums = z.array(z.number().nullable());

export const historySeriesSchema = z.object({
  sessionId: z.number().int(),
  fromMs: z.number(),
  toMs: z.number(),
  /** Table the points were read from. */
  resolution: seriesResolutionSchema,
  /** Width of one point (0: one point per stored frame). Points are never more than `maxPoints`. */
  bucketMs: z.number(),
  /** Rows read to build the series. */
  sourceRows: z.number().int(),
  /** Start time of each point, shared by every series. */
  t: z.array(z.number()),
  series: z.array(
    z.object({
      quantity: seriesQuantitySchema,
      /** Cell number, or null for pack-wide channels (current, ambient, humidity). */
      cell: z.number().int().nullable(),
      unit: z.string(),
      /** Per point: the lowest and highest value in it (so spikes survive any zoom) and the mean. */
      min: nums,
      max: nums,
      mean: nums,
    }),
  ),
  /** Highest risk class (0 Normal … 4 Runaway) per cell and point; null when the session has no predictions. */
  risk: z
    .object({
      resolution: z.enum(['raw', '1m', '10m']),
      t: z.array(z.number()),
      series: z.array(z.object({ cell: z.number().int(), max: nums })),
    })
    .nullable(),
  alarms: z.array(storedAlarmSchema),
  queryMs: z.number(),
});
export type HistorySeries = z.infer<typeof historySeriesSchema>;

export const exportStateSchema = z.enum(['running', 'done', 'cancelled', 'failed']);
export const exportProgressSchema = z.object({
  exportId: z.number().int(),
  sessionId: z.number().int(),
  state: exportStateSchema,
  /** Cell readings written so far, and the total the window holds. */
  rows: z.number().int(),
  totalRows: z.number().int(),
  bytes: z.number(),
  fileName: z.string(),
  /** Where the file is on the station's machine. */
  path: z.string(),
  /** Served by the headless server at this path (relative to its root). */
  downloadPath: z.string(),
  error: z.string().nullable(),
});
export type ExportProgress = z.infer<typeof exportProgressSchema>;

export const replayStateSchema = z.enum(['running', 'done', 'stopped', 'failed']);
export const replayProgressSchema = z.object({
  /** The replay's own session, where its results (alarms, predictions) are stored. */
  sessionId: z.number().int(),
  sourceSessionId: z.number().int().nullable(),
  spec: z.string(),
  state: replayStateSchema,
  framesSent: z.number().int(),
  totalFrames: z.number().int(),
  /** Recorded time of the frame being replayed now. */
  originalTimeMs: z.number().nullable(),
  speed: z.number(),
  /** Recorded time replayed per wall second over the last seconds; below `speed` when the pipeline cannot keep up. */
  achievedSpeed: z.number(),
  modelVersion: z.string(),
  error: z.string().nullable(),
});
export type ReplayProgress = z.infer<typeof replayProgressSchema>;

export const importResultSchema = z.object({
  importId: z.number().int(),
  sessionId: z.number().int(),
  format: z.enum(['station', 'minimal']),
  rows: z.number().int(),
  frames: z.number().int(),
  /** Lines skipped, with the first few reasons. */
  skipped: z.number().int(),
  warnings: z.array(z.string()),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export const historySettingsSchema = z.object({
  /** Raw frames older than this are deleted (rollups and ±10 min around alarms are kept). */
  rawRetentionDays: z.number().min(1).max(3650),
});
export type HistorySettings = z.infer<typeof historySettingsSchema>;

export const storeInfoSchema = z.object({
  path: z.string(),
  fileBytes: z.number(),
  walBytes: z.number(),
  freePages: z.number().int(),
  pageSize: z.number().int(),
  settings: historySettingsSchema,
  lastRetention: z
    .object({ atMs: z.number(), framesDeleted: z.number().int(), cutoffMs: z.number(), tookMs: z.number() })
    .nullable(),
  lastCheckpoint: z.object({ atMs: z.number(), mode: z.string(), walPages: z.number().int() }).nullable(),
  lastVacuum: z.object({ atMs: z.number(), pagesFreed: z.number().int() }).nullable(),
});
export type StoreInfo = z.infer<typeof storeInfoSchema>;

const id = z.number().int().min(1);
const timeMs = z.number().min(0).max(8.64e15);
/** Any lithium cell's window lies inside this (LTO's 1.5 V floor, high-voltage NMC's 4.4 V top). */
const cellVolts = z.number().min(0.5).max(5);
const metaFields = {
  rig: z.string().max(200).optional(),
  chemistry: z.string().max(100).optional(),
  capacityAh: z.number().min(0).max(100_000).nullable().optional(),
  /** Null clears the session's own window: the chemistry's applies again. */
  vMinV: cellVolts.nullable().optional(),
  vMaxV: cellVolts.nullable().optional(),
  notes: z.string().max(10_000).optional(),
};
const windowParams = {
  sessionId: id,
  fromMs: timeMs.optional(),
  toMs: timeMs.optional(),
};
/** Import chunks stay well below the WebSocket's 1 MB message limit. */
export const IMPORT_CHUNK_MAX_CHARS = 512 * 1024;
/** The Alarms tab's CSV in one message (its 500-row log is about 150 KB): the import chunk's bound. */
export const ALARM_CSV_MAX_CHARS = IMPORT_CHUNK_MAX_CHARS;

export const HISTORY_METHODS = {
  listSessions: method(
    z
      .object({
        limit: z.number().int().min(1).max(5000).default(500),
        deviceId: z.string().max(64).optional(),
        kind: sessionKindSchema.optional(),
      })
      .strict(),
    z.array(sessionSchema),
  ),
  getSession: method(z.object({ id }).strict(), sessionSchema),
  /** Ends the device's current session and starts a new one with this run's details. */
  startSession: method(z.object({ deviceId: z.string().min(1).max(64), ...metaFields }).strict(), sessionSchema),
  updateSession: method(z.object({ id, ...metaFields }).strict(), sessionSchema),
  endSession: method(z.object({ id }).strict(), sessionSchema),
  getHistorySeries: method(
    z
      .object({
        ...windowParams,
        maxPoints: z.number().int().min(10).max(5000).default(2000),
        cells: z.array(z.number().int().min(1).max(32)).max(32).optional(),
        quantities: z.array(seriesQuantitySchema).max(5).optional(),
      })
      .strict(),
    historySeriesSchema,
  ),
  getSessionAlarms: method(z.object(windowParams).strict(), z.array(storedAlarmSchema)),
  startReplay: method(
    z
      .object({
        ...windowParams,
        speed: z.number().min(1).max(1000).default(1),
      })
      .strict(),
    replayProgressSchema,
  ),
  stopReplay: method(z.object({ sessionId: id }).strict(), z.object({ ok: z.boolean() })),
  listReplays: method(z.object({}).strict(), z.array(replayProgressSchema)),
  startExport: method(
    z.object({ ...windowParams, cells: z.array(z.number().int().min(1).max(32)).max(32).optional() }).strict(),
    exportProgressSchema,
  ),
  cancelExport: method(z.object({ exportId: id }).strict(), z.object({ ok: z.boolean() })),
  getSessionReport: method(z.object({ sessionId: id }).strict(), z.object({ fileName: z.string(), html: z.string() })),
  /**
   * The Alarms tab's CSV, written by the station into its exports folder under a name of its own: the
   * desktop app's page may not download files. Served at `downloadPath` like a session export.
   */
  saveAlarmCsv: method(
    z.object({ csv: z.string().min(1).max(ALARM_CSV_MAX_CHARS) }).strict(),
    z.object({ fileName: z.string(), path: z.string(), downloadPath: z.string() }),
  ),
  beginImport: method(
    z.object({ fileName: z.string().min(1).max(255), ...metaFields }).strict(),
    z.object({ importId: id }),
  ),
  appendImport: method(
    z.object({ importId: id, chunk: z.string().max(IMPORT_CHUNK_MAX_CHARS) }).strict(),
    z.object({ rows: z.number().int(), frames: z.number().int() }),
  ),
  finishImport: method(z.object({ importId: id }).strict(), importResultSchema),
  cancelImport: method(z.object({ importId: id }).strict(), z.object({ ok: z.boolean() })),
  /** A CSV file on the station's own machine (the desktop app, or a path typed for `serve`). */
  importCsvFile: method(z.object({ path: z.string().min(1).max(4096), ...metaFields }).strict(), importResultSchema),
  getHistorySettings: method(z.object({}).strict(), historySettingsSchema),
  setHistorySettings: method(historySettingsSchema.partial().strict(), historySettingsSchema),
  getStoreInfo: method(z.object({}).strict(), storeInfoSchema),
  /** Runs retention, a WAL checkpoint and an incremental vacuum now instead of at their next turn. */
  runMaintenance: method(z.object({}).strict(), storeInfoSchema),
};

export const HISTORY_EVENTS = {
  onExportProgress: exportProgressSchema,
  onReplayProgress: replayProgressSchema,
  /** A session started, ended or was edited. */
  onSessionChanged: sessionSchema,
};
