/**
 * Follows the pushed live snapshots (≤ 20 Hz) for indicators only: the devices' states and when the
 * reading count last advanced. Tables and cards pull on their own interval instead.
 */
import { useEffect, useRef, useState } from 'react';
import type { DeviceStatus, StationApi } from '../../../native-bridge/contract/index.js';

export interface LiveSnapshotView {
  devices: DeviceStatus[] | null;
  /** Local time when totalRecords last grew; null before the first reading. */
  lastAdvanceMs: number | null;
}

export function useLiveSnapshot(station: StationApi): LiveSnapshotView {
  const [view, setView] = useState<LiveSnapshotView>({ devices: null, lastAdvanceMs: null });
  const lastTotal = useRef<number | null>(null);
  useEffect(
    () =>
      station.on('onLiveSnapshot', (snap) => {
        const total = snap.stats.totalRecords;
        const advanced = lastTotal.current === null ? snap.stats.lastReadingMs !== null : total > lastTotal.current;
        lastTotal.current = total;
        setView((v) => ({ devices: snap.devices, lastAdvanceMs: advanced ? Date.now() : v.lastAdvanceMs }));
      }),
    [station],
  );
  return view;
}
