/**
 * The station's read endpoints beside history: health, status with every link's health, readings,
 * alarms, devices, the risk model. Where an endpoint is one contract method it mirrors it.
 */
import { z } from 'zod';
import { deviceLinkSchema } from '../contract/device-methods.js';
import { stationStatusSchema, syncStatusSchema } from '../contract/index.js';
import { STATION_VERSION } from '../station/station.js';
import { mirror } from './contract-routes.js';
import { sendJson } from './http-response.js';
import type { RouteSpec } from './route-table.js';

const healthSchema = z.object({
  ok: z.boolean(),
  version: z.string(),
  uptimeS: z.number(),
  storeOk: z.boolean(),
  modelState: z.string(),
});

/**
 * getStatus with what only getDeviceLinks gave before — each link's health and the reasons it is not
 * streaming — and the MongoDB sync's state (getSyncStatus; null while the store is not open).
 */
export const restStatusSchema = stationStatusSchema.extend({
  links: z.array(deviceLinkSchema),
  sync: syncStatusSchema.nullable(),
});

export const STATION_ROUTES: RouteSpec[] = [
  {
    method: 'GET',
    path: '/api/health',
    summary: 'Is the station up: version, uptime, store and model state',
    response: healthSchema,
    handle: ({ core, res }) => {
      const s = core.status();
      sendJson(res, 200, {
        ok: s.storeOk,
        version: STATION_VERSION,
        uptimeS: Math.round((s.nowMs - s.startedAtMs) / 1000),
        storeOk: s.storeOk,
        modelState: s.model?.state ?? 'disabled',
      });
    },
  },
  {
    method: 'GET',
    path: '/api/status',
    summary: 'Station status: devices, statistics, notices, model, every link with its health, sync',
    response: restStatusSchema,
    handle: async ({ core, call, res }) => {
      const sync = await call('getSyncStatus', {});
      sendJson(res, 200, { ...core.status(), links: core.devices.linkInfos(), sync: sync.ok ? sync.result : null });
    },
  },
  mirror('GET', '/api/data', 'getLatestReadings', {
    summary: 'The latest cell readings, newest first (default 100), of one device, one cell, a host-time window',
    query: { limit: 'limit', device: 'deviceId', cell: 'cell', from: 'fromMs', to: 'toMs' },
  }),
  mirror('GET', '/api/data/latest', 'getLatestByCell', {
    summary: 'The newest reading of every cell',
    query: { device: 'deviceId' },
  }),
  mirror('GET', '/api/data/stats', 'getStats', {
    summary: "The stat cards: over the current devices' newest readings, or over the last `window` seconds",
    query: { window: 'windowS' },
  }),
  mirror('GET', '/api/devices', 'getDeviceLinks', { summary: 'Every device link with its health' }),
  // `severity` is the lowest shown (`alarm` gives alarm and critical).
  mirror('GET', '/api/alarms', 'getAlarms', {
    summary: 'Standing alarms and the log, newest first, under one filter',
    query: { device: 'deviceId', severity: 'minSeverity', source: 'source', limit: 'limit' },
  }),
  mirror('GET', '/api/alarms/active', 'getActiveAlarms', {
    summary: 'The standing alarms (open, or cleared before anyone acknowledged them), worst first',
    query: { device: 'deviceId', severity: 'minSeverity', source: 'source' },
  }),
  mirror('GET', '/api/ml/predict', 'getPredictions', {
    summary: "The risk model's latest prediction per cell",
    query: { device: 'deviceId' },
  }),
  mirror('GET', '/api/model/info', 'getModelInfo', { summary: 'The model card, its load state and run counters' }),
  mirror('POST', '/api/ml/analyze', 'analyzeReadings', {
    summary: 'A window of readings in, a prediction per cell out; nothing is stored',
    jsonBody: true,
    bodyMaxBytes: 4 << 20,
  }),
  mirror('POST', '/api/ml/predict/batch', 'predictBatch', {
    summary: 'Many windows of readings in, their predictions out, in one model run',
    jsonBody: true,
    bodyMaxBytes: 8 << 20,
  }),
  mirror('GET', '/api/ml/analyse', 'analyzeRecent', {
    summary: "The model over the station's own last `limit` readings, as a fresh window",
    query: { limit: 'limit', device: 'deviceId' },
  }),
  mirror('GET', '/api/ml/batch-analyze', 'getPredictionTrends', {
    summary: "Each cell's last ten predictions and their trend",
    query: { device: 'deviceId' },
  }),
  mirror('GET', '/api/ml/history', 'getPredictionHistory', {
    summary: "A cell's class, five probabilities and temperature over its last hour of device time",
    query: { device: 'deviceId', cell: 'cell', since: 'sinceMs', points: 'maxPoints' },
  }),
  mirror('GET', '/api/ml/stats', 'getTrainingStats', {
    summary: "The training data's statistics from the model card",
    errors: [503],
  }),
];
