/**
 * The shell's copy of getStatus: fetched at start, again whenever the transport (re)connects or the
 * station pushes a notice (store state may have changed), and every 10 s as a backstop.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { StationApi, StationStatus } from '../../../native-bridge/contract/index.js';

const BACKSTOP_MS = 10_000;

export interface StationStatusState {
  status: StationStatus | null;
  error: string | null;
  anyCallSucceeded: boolean;
}

export function useStationStatus(
  station: StationApi,
  connectedReport: boolean | null,
  noticeCount: number,
): StationStatusState {
  const [state, setState] = useState<StationStatusState>({ status: null, error: null, anyCallSucceeded: false });
  const inFlight = useRef(false);

  const refresh = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      const status = await station.getStatus();
      setState({ status, error: null, anyCallSucceeded: true });
    } catch (e) {
      setState((s) => ({ ...s, error: (e as Error).message }));
    } finally {
      inFlight.current = false;
    }
  }, [station]);

  useEffect(() => {
    if (connectedReport === false) return;
    void refresh();
    const t = setInterval(() => void refresh(), BACKSTOP_MS);
    return () => clearInterval(t);
  }, [refresh, connectedReport, noticeCount]);

  return state;
}
