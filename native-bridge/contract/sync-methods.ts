/**
 * Requests and events of the optional MongoDB sync. The URI travels one way only, from the UI into
 * the core (setSyncSettings, testSyncConnection); what comes back shows it with the password masked.
 */
import { z } from 'zod';
import { method } from './method.js';

/** Loose enough for Atlas (`mongodb+srv://`), strict enough to refuse garbage before the driver sees it. */
const uriSchema = z.string().trim().min(1).max(4096);
/** MongoDB's own rules for a database name: no `/\. "$*<>:|?`, under 64 bytes. */
export const syncDatabaseSchema = z
  .string()
  .trim()
  .min(1)
  .max(63)
  .regex(/^[^/\\. "$*<>:|?]+$/, 'a database name cannot contain / \\ . space " $ * < > : | ?');
export const syncStationIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only');

export const syncSettingsSchema = z.object({
  enabled: z.boolean(),
  /** The URI as stored, password replaced by ••••; null when none is set. */
  uriMasked: z.string().nullable(),
  database: z.string(),
  stationId: z.string(),
  /** Where the URI is kept: the OS keychain (desktop app), a file only the user can read, or memory. */
  secretStorage: z.enum(['os-keychain', 'file', 'memory']),
  /** Why it is kept less safely than expected (the desktop app on Linux without a keyring); null when all is well. */
  secretStorageWarning: z.string().nullable(),
});
export type SyncSettings = z.infer<typeof syncSettingsSchema>;

export const syncStateSchema = z.enum([
  /** Sync is switched off (the default). */
  'off',
  /** On, but no URI is set or it cannot be read. */
  'not-configured',
  'connecting',
  /** Sending a backlog. */
  'syncing',
  'up-to-date',
  /** The last attempt failed; the next one is scheduled (`nextRetryMs`). */
  'retrying',
  /** The database could not be opened: there is nothing to sync. */
  'unavailable',
]);

export const syncPendingSchema = z.object({
  /** Stored frames not yet sent (one reading document each, with all its cells). */
  frames: z.number().int(),
  sessions: z.number().int(),
  /** Device-seconds of predictions changed since sent, plus rows recorded before sync was first switched on. */
  predictions: z.number().int(),
  alarmChanges: z.number().int(),
  linkEvents: z.number().int(),
  total: z.number().int(),
  /** False when a count was too large to count exactly and is an estimate. */
  exact: z.boolean(),
});

export const syncStatusSchema = z.object({
  enabled: z.boolean(),
  state: syncStateSchema,
  connected: z.boolean(),
  pending: syncPendingSchema,
  /** When a pass last reached the server and sent all it had, or null. */
  lastSyncMs: z.number().nullable(),
  lastError: z.object({ code: z.string(), message: z.string(), atMs: z.number() }).nullable(),
  nextRetryMs: z.number().nullable(),
  /** How readings are stored on this server: a time-series collection (MongoDB 5+) or a plain one. */
  readingsCollection: z.enum(['timeseries', 'plain']).nullable(),
  /** Documents the server accepted since the station started. */
  sentDocs: z.number().int(),
  /** Readings retention deleted before they could be sent (the station was offline for too long). */
  prunedReadings: z.number().int(),
  database: z.string(),
  stationId: z.string(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const syncTestResultSchema = z.object({
  ok: z.boolean(),
  message: z.string(),
  serverVersion: z.string().nullable(),
  latencyMs: z.number().nullable(),
});
export type SyncTestResult = z.infer<typeof syncTestResultSchema>;

export const SYNC_METHODS = {
  getSyncSettings: method(z.object({}).strict(), syncSettingsSchema),
  /** Fields left out keep their value; `uri: null` forgets the stored URI. */
  setSyncSettings: method(
    z
      .object({
        enabled: z.boolean().optional(),
        uri: uriSchema.nullable().optional(),
        database: syncDatabaseSchema.optional(),
        stationId: syncStationIdSchema.optional(),
      })
      .strict(),
    syncSettingsSchema,
  ),
  /** Connects once and answers in plain words; without `uri`, the stored one is tried. */
  testSyncConnection: method(
    z.object({ uri: uriSchema.optional(), database: syncDatabaseSchema.optional() }).strict(),
    syncTestResultSchema,
  ),
  getSyncStatus: method(z.object({}).strict(), syncStatusSchema),
};

export const SYNC_EVENTS = {
  /** Whenever the sync's state, error or pending counts change; at most about once a second. */
  onSyncStatus: syncStatusSchema,
};
