/**
 * Every method of the contract, answered: the device requests by the device manager, the history
 * requests by the history service (an error while the store is not open), the alarm requests by the
 * station's alarms (station-alarms.ts), and the live and model requests here from the parts that hold them.
 */
import type { CellReading, MethodHandlers, StationStatus } from '../contract/index.js';
import type { ReadingInput } from '../contract/ml-methods.js';
import { historyHandlers, type HistoryService } from '../history/history-service.js';
import type { RiskEngine } from '../ml/risk-engine.js';
import { syncHandlers, type SyncService } from '../sync/sync-service.js';
import type { CorePulseMeter } from './core-pulse-meter.js';
import type { DeviceManager } from './device-manager.js';
import type { LiveState } from './live-state.js';
import type { StationAlarms } from './station-alarms.js';
import type { StationIngest } from './station-ingest.js';
import { serverAccessHandlers, type ServerAccessProvider } from './server-access-handlers.js';

export interface HandlerParts {
  devices: DeviceManager;
  history: () => HistoryService | null;
  sync: () => SyncService | null;
  status: () => StationStatus;
  ingest: StationIngest;
  live: LiveState;
  alarms: StationAlarms;
  ml: RiskEngine;
  pulse: CorePulseMeter;
  /** The HTTP server serving this core, if any (Settings → Server access). */
  serverAccess: () => ServerAccessProvider | null;
}

/** Posted readings as the feature code takes them: what was left out is unknown (null). */
function asReadings(input: readonly ReadingInput[]): CellReading[] {
  return input.map((r, i) => ({
    deviceId: r.deviceId ?? 'ANALYSIS',
    cell: r.cell,
    seq: i,
    tDevMs: r.tDevMs,
    tHostMs: r.tHostMs ?? r.tDevMs,
    voltageV: r.voltageV,
    tempC: r.tempC,
    currentA: r.currentA ?? null,
    ambientC: r.ambientC ?? null,
    humidityPct: r.humidityPct ?? null,
    socPct: r.socPct ?? null,
    socEstimated: false,
  }));
}

export function stationHandlers(p: HandlerParts): MethodHandlers {
  const { live, alarms, ml } = p;
  return {
    ...p.devices.handlers,
    ...historyHandlers(p.history),
    ...syncHandlers(p.sync),
    ...serverAccessHandlers(p.serverAccess),
    getStatus: () => p.status(),
    getStats: ({ windowS }) =>
      windowS === undefined ? live.stats(p.ingest.currentDeviceIds()) : live.windowStats(Date.now() - windowS * 1000),
    getLatestReadings: ({ limit = 100, ...filter }) => live.latestReadings(limit, filter),
    getLatestByCell: ({ deviceId }) =>
      live.latestByCell().filter((r) => deviceId === undefined || r.deviceId === deviceId),
    getCorePulse: () => p.pulse.latest(),
    ...alarms.handlers,
    getLiveSeries: ({ windowS = 300, maxPoints = 3000 }) => live.series(Date.now() - windowS * 1000, maxPoints),
    // In one turn of the core, so no frame is ingested between its parts.
    getLiveView: ({ limit = 100, windowS = 300, maxPoints = 3000 }) => ({
      status: p.status(),
      readings: live.latestReadings(limit),
      latestByCell: live.latestByCell(),
      series: live.series(Date.now() - windowS * 1000, maxPoints),
      predictions: ml.update(),
    }),
    getPredictions: ({ deviceId }) => ml.update(deviceId),
    getModelInfo: () => ml.info(),
    analyzeReadings: async ({ readings }) => (await ml.analyze([asReadings(readings)]))[0]!,
    predictBatch: async ({ windows }) => ({ results: await ml.analyze(windows.map((w) => asReadings(w.readings))) }),
    analyzeRecent: async ({ limit = 600, deviceId }) =>
      (await ml.analyze([live.latestReadings(limit, { deviceId }).reverse()]))[0]!,
    getPredictionTrends: ({ deviceId }) => ml.trends(deviceId),
    getPredictionHistory: ({ deviceId, cell, sinceMs, maxPoints = 720 }) =>
      ml.predictionHistory(deviceId, cell, sinceMs, maxPoints),
    getTrainingStats: () => ml.trainingStats(),
  };
}
