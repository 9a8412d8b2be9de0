/**
 * What the station says about itself: the status a client asks for (getStatus) and the live
 * snapshot pushed at most ten times a second (onLiveSnapshot). Both count only the devices streaming
 * fresh data now.
 */
import type { EventPayload, StationStatus } from '../contract/index.js';
import type { RiskEngine } from '../ml/risk-engine.js';
import type { SyncService } from '../sync/sync-service.js';
import type { LiveState } from './live-state.js';
import type { Notices } from './notices.js';
import type { StationIngest } from './station-ingest.js';

export interface StatusParts {
  version: string;
  startedAtMs: number;
  dataDir: string | null;
  dbPath: string | null;
  storeOk: () => boolean;
  ingest: StationIngest;
  live: LiveState;
  notices: Notices;
  ml: RiskEngine;
  /** The MongoDB sync, when the store opened (its status never carries the URI). */
  sync: SyncService | null;
}

export function stationStatus(p: StatusParts): StationStatus {
  return {
    version: p.version,
    startedAtMs: p.startedAtMs,
    nowMs: Date.now(),
    dataDir: p.dataDir,
    dbPath: p.dbPath,
    storeOk: p.storeOk(),
    devices: p.ingest.deviceStatuses(),
    stats: p.live.stats(p.ingest.currentDeviceIds()),
    notices: p.notices.all(),
    model: {
      state: p.ml.modelState,
      modelVersion: p.ml.modelVersion,
      rulesOnly: p.ml.modelState !== 'loaded',
      error: p.ml.info().error,
    },
    ...(p.sync ? { sync: p.sync.status() } : {}),
  };
}

export function liveSnapshot(ingest: StationIngest, live: LiveState): EventPayload<'onLiveSnapshot'> {
  return {
    nowMs: Date.now(),
    stats: live.stats(ingest.currentDeviceIds()),
    devices: ingest.deviceStatuses(),
    latestByCell: live.latestByCell(),
  };
}
