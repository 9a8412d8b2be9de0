/** The sync's status: asked for once, then kept current by the core's onSyncStatus events. */
import { useEffect, useState } from 'react';
import type { StationApi, SyncStatus } from '../../../native-bridge/contract/index.js';

export function useSyncStatus(station: StationApi): { status: SyncStatus | null; error: string | null } {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const off = station.on('onSyncStatus', (s) => live && setStatus(s));
    station.getSyncStatus().then(
      (s) => live && setStatus(s),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
      off();
    };
  }, [station]);
  return { status, error };
}
