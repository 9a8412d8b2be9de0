/**
 * Hands the StationApi (IPC or WebSocket, the UI never knows which) and the shell's view of the
 * station to every tab, so tabs added later need no prop threading through the shell.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { StationApi, StationStatus } from '../../../native-bridge/contract/index.js';
import type { ConnectionState } from '../shell/link-liveness.js';

export interface StationView {
  station: StationApi;
  /** Latest getStatus answer, refreshed by the shell; null until the first one arrives. */
  status: StationStatus | null;
  connection: ConnectionState;
}

const StationContext = createContext<StationView | null>(null);

export function StationProvider({ value, children }: { value: StationView; children: ReactNode }) {
  return <StationContext.Provider value={value}>{children}</StationContext.Provider>;
}

export function useStationView(): StationView {
  const v = useContext(StationContext);
  if (!v) throw new Error('useStationView outside StationProvider');
  return v;
}
