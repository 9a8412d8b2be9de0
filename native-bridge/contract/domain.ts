/**
 * Domain shapes that cross the UI ↔ core boundary, each with a runtime schema: both transports
 * validate against these, so a renderer bug or a hostile page cannot hand the core a malformed request.
 * Units are in the names (tempC, voltageV) because the wire protocol uses other units (firmware/PROTOCOL.md).
 */
import { z } from 'zod';
import { modelStateSchema } from './ml-methods.js';
import { syncStatusSchema } from './sync-methods.js';

export const cellReadingSchema = z.object({
  deviceId: z.string(),
  /** 1-based cell number as labelled on the rig. */
  cell: z.number().int().min(1),
  seq: z.number().int(),
  tDevMs: z.number(),
  tHostMs: z.number(),
  voltageV: z.number().nullable(),
  tempC: z.number().nullable(),
  currentA: z.number().nullable(),
  ambientC: z.number().nullable(),
  humidityPct: z.number().nullable(),
  socPct: z.number().nullable(),
  /** True when SOC came from the station's estimator rather than the device. */
  socEstimated: z.boolean(),
});
export type CellReading = z.infer<typeof cellReadingSchema>;

export const statsSchema = z.object({
  totalRecords: z.number().int(),
  avgTempC: z.number().nullable(),
  avgHumidityPct: z.number().nullable(),
  minCellV: z.number().nullable(),
  maxCellV: z.number().nullable(),
  packCurrentA: z.number().nullable(),
  /** Host time of the newest reading, or null before the first. */
  lastReadingMs: z.number().nullable(),
});
export type Stats = z.infer<typeof statsSchema>;

export const sourceStateSchema = z.enum([
  'starting',
  'waiting-hello',
  'streaming',
  'stale',
  'disconnected',
  'stopped',
  'error',
]);
export type SourceState = z.infer<typeof sourceStateSchema>;

/**
 * The lines a device's cells are judged by (its session's chemistry, safety/safety-limits.ts), so the UI
 * colours a value past its cell's own limits instead of fixed numbers. Temperatures are raise lines
 * (a reading at or above one is past it); the voltage window is the cycler's, and the alarm lines
 * beyond it are where V_LOW and V_HIGH start counting their hold.
 */
export const cellLimitsSchema = z.object({
  tempWarnC: z.number(),
  tempAlarmC: z.number(),
  tempMaxC: z.number(),
  voltMinV: z.number(),
  voltMaxV: z.number(),
  /** V_LOW's line, below voltMinV. */
  voltLowAlarmV: z.number(),
  /** V_HIGH's line, above voltMaxV. */
  voltHighAlarmV: z.number(),
});
export type CellLimits = z.infer<typeof cellLimitsSchema>;

export const deviceStatusSchema = z.object({
  /** The STATION_DEVICE-style spec this source was opened from, e.g. `sim` or `serial:/dev/ttyUSB0@115200`. */
  spec: z.string(),
  kind: z.enum(['sim', 'serial', 'replay', 'network']),
  label: z.string(),
  state: sourceStateSchema,
  deviceId: z.string().nullable(),
  fwVersion: z.string().nullable(),
  cellCount: z.number().int().nullable(),
  periodMs: z.number().int().nullable(),
  framesOk: z.number().int(),
  framesRejected: z.number().int(),
  lastFrameMs: z.number().nullable(),
  lastError: z.string().nullable(),
  /** Absent until the safety rules have judged a reading of the device (its cells' limits are read then). */
  limits: cellLimitsSchema.optional(),
});
export type DeviceStatus = z.infer<typeof deviceStatusSchema>;

export const noticeSchema = z.object({
  id: z.number().int(),
  tMs: z.number(),
  level: z.enum(['info', 'warning', 'error']),
  /** Stable machine code, e.g. `store.readonly`, for the UI to key on. */
  code: z.string(),
  message: z.string(),
});
export type Notice = z.infer<typeof noticeSchema>;

export const stationStatusSchema = z.object({
  version: z.string(),
  startedAtMs: z.number(),
  nowMs: z.number(),
  dataDir: z.string().nullable(),
  dbPath: z.string().nullable(),
  /** False when the database could not be opened: readings are then kept in memory only. */
  storeOk: z.boolean(),
  devices: z.array(deviceStatusSchema),
  stats: statsSchema,
  notices: z.array(noticeSchema),
  /** The risk model: without it (`rulesOnly`) only the safety rules raise alarms. */
  model: z
    .object({
      state: modelStateSchema,
      modelVersion: z.string().nullable(),
      rulesOnly: z.boolean(),
      error: z.string().nullable(),
    })
    .optional(),
  /** The optional MongoDB sync (never its URI). */
  sync: syncStatusSchema.optional(),
});
export type StationStatus = z.infer<typeof stationStatusSchema>;

export const seriesPointSchema = z.object({
  tHostMs: z.number(),
  cell: z.number().int(),
  deviceId: z.string(),
  tempC: z.number().nullable(),
  voltageV: z.number().nullable(),
});
export type SeriesPoint = z.infer<typeof seriesPointSchema>;

/** Pushed at most 10 times a second: what changed since the last snapshot, for live indicators. */
export const liveSnapshotSchema = z.object({
  nowMs: z.number(),
  stats: statsSchema,
  devices: z.array(deviceStatusSchema),
  latestByCell: z.array(cellReadingSchema),
});
export type LiveSnapshot = z.infer<typeof liveSnapshotSchema>;
