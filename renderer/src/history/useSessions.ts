/**
 * The session list, kept current by pushed session changes and, while a session records, a refresh
 * every few seconds (its counts and end time grow).
 */
import { useCallback, useEffect, useState } from 'react';
import type { Session, StationApi } from '../../../native-bridge/contract/index.js';

export function useSessions(station: StationApi) {
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(
    () =>
      station.listSessions({ limit: 500 }).then(
        (list) => {
          setSessions(list);
          setError(null);
        },
        (e: Error) => setError(e.message),
      ),
    [station],
  );

  useEffect(() => {
    void refresh();
    return station.on('onSessionChanged', (s) =>
      setSessions((list) => {
        if (!list) return [s];
        const i = list.findIndex((x) => x.id === s.id);
        if (i < 0) return [s, ...list];
        const next = [...list];
        next[i] = s;
        return next;
      }),
    );
  }, [station, refresh]);

  // A recording session grows: its counts and end time are refreshed every few seconds.
  const anyActive = sessions?.some((s) => s.active) ?? false;
  useEffect(() => {
    if (!anyActive) return;
    const timer = setInterval(() => void refresh(), 5000);
    return () => clearInterval(timer);
  }, [anyActive, refresh]);

  return { sessions, error, refresh };
}
