/**
 * The station's alarms in the renderer: fetched with getAlarms, kept current by onAlarmChanged at once
 * and fetched again shortly after each push (the push is the fast path, the fetch the truth), on a
 * reconnect, and every so often in case a push was lost with the connection.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { StationApi } from '../../../native-bridge/contract/index.js';
import { EMPTY_ALARMS, applyAlarmChange, fromAlarmList, type AlarmsState } from './alarm-list.js';

const REFETCH_AFTER_PUSH_MS = 1_000;
const REFETCH_EVERY_MS = 15_000;
const LOG_LIMIT = 500;

export interface AlarmsFeed extends AlarmsState {
  /** Why the last fetch failed, in the station's words; null when it worked. */
  error: string | null;
  refresh(): void;
  acknowledge(id: number, by: string, comment: string): Promise<void>;
}

export function useAlarms(station: StationApi): AlarmsFeed {
  const [state, setState] = useState<AlarmsState>(EMPTY_ALARMS);
  const [error, setError] = useState<string | null>(null);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refresh = useCallback(() => {
    station.getAlarms({ limit: LOG_LIMIT }).then(
      (list) => {
        setState(fromAlarmList(list));
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  }, [station]);

  useEffect(() => {
    refresh();
    const every = setInterval(refresh, REFETCH_EVERY_MS);
    const offChange = station.on('onAlarmChanged', (change) => {
      setState((s) => applyAlarmChange(s, change, LOG_LIMIT));
      if (pending.current === null)
        pending.current = setTimeout(() => {
          pending.current = null;
          refresh();
        }, REFETCH_AFTER_PUSH_MS);
    });
    const offConnection = station.onConnectionChange((up) => {
      if (up) refresh();
    });
    return () => {
      clearInterval(every);
      if (pending.current !== null) clearTimeout(pending.current);
      pending.current = null;
      offChange();
      offConnection();
    };
  }, [station, refresh]);

  const acknowledge = useCallback(
    async (id: number, by: string, comment: string) => {
      const trimmed = comment.trim();
      await station.acknowledgeAlarm({ id, by, ...(trimmed ? { comment: trimmed } : {}) });
      refresh();
    },
    [station, refresh],
  );

  return { ...state, error, refresh, acknowledge };
}
