/**
 * Every method of the contract, answered: the device requests by the device manager, the history
 * requests by the history service (an error while the store is not open), the alarm requests by the
 * station's alarms (station-alarms.ts), and the live and model requests here from the parts that hold them.
 */
import type { MethodHandlers, StationStatus } from '../contract/index.js';
import { historyHandlers, type HistoryService } from '../history/history-service.js';
import type { RiskEngine } from '../ml/risk-engine.js';
import { syncHandlers, type SyncService } from '../sync/sync-service.js';
import type { CorePulseMeter } from './core-pulse-meter.js';
import type { DeviceManager } from './device-manager.js';
import type { LiveState } from './live-state.js';
import type { StationAlarms } from './station-alarms.js';
import type { StationIngest } from './station-ingest.js';

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
}

export function stationHandlers(p: HandlerParts): MethodHandlers {
  const { live, alarms, ml } = p;
  return {
    ...p.devices.handlers,
    ...historyHandlers(p.history),
    ...syncHandlers(p.sync),
    getStatus: () => p.status(),
    getStats: () => live.stats(p.ingest.currentDeviceIds()),
    getLatestReadings: ({ limit = 100 }) => live.latestReadings(limit),
    getCorePulse: () => p.pulse.latest(),
    ...alarms.handlers,
    getLiveSeries: ({ windowS = 300, maxPoints = 3000 }) => live.series(Date.now() - windowS * 1000, maxPoints),
    getPredictions: ({ deviceId }) => ml.update(deviceId),
    getModelInfo: () => ml.info(),
  };
}
