/**
 * The optional MongoDB sync, wired into the core: its URI goes to the secret store the host gives
 * (the desktop app's OS keychain), else to a file only the user can read in the data folder.
 */
import { join } from 'node:path';
import type { SyncStatus } from '../contract/index.js';
import type { Db } from '../store/database.js';
import type { StoreWriter } from '../store/store-writer.js';
import { FileSecretStore, MemorySecretStore, type SecretStore } from '../sync/secret-store.js';
import { SyncService, type SyncServiceOptions } from '../sync/sync-service.js';

export const SYNC_SECRET_FILE = 'sync-secret.json';
/** For the desktop shell, which may import station/ but not sync/: it hands in a SecretStore of its own. */
export type { SecretStore } from '../sync/secret-store.js';

export interface StationSyncOptions {
  secretStore?: SecretStore;
  /** Shown beside the stored URI when the default file store stands in for a keychain the host lacks. */
  secretWarning?: string;
  /** Engine timings and batch sizes (tests). */
  engine?: SyncServiceOptions['engine'];
  inProcess?: boolean;
  onBatch?: SyncServiceOptions['onBatch'];
}

export function createStationSync(
  store: { db: Db; dbPath: string; writer: StoreWriter; dataDir: string | null; nativeBinding?: string | undefined },
  onStatus: (s: SyncStatus) => void,
  o: StationSyncOptions = {},
): SyncService {
  const secrets =
    o.secretStore ??
    (store.dataDir === null
      ? new MemorySecretStore()
      : new FileSecretStore(join(store.dataDir, SYNC_SECRET_FILE), o.secretWarning));
  const sync = new SyncService({
    db: store.db,
    dbPath: store.dbPath,
    writer: store.writer,
    secrets,
    onStatus,
    ...(store.nativeBinding ? { nativeBinding: store.nativeBinding } : {}),
    ...(o.engine ? { engine: o.engine } : {}),
    ...(o.inProcess ? { inProcess: true } : {}),
    ...(o.onBatch ? { onBatch: o.onBatch } : {}),
  });
  void sync.start();
  return sync;
}
