/**
 * History's data from the station: the session list (kept current by pushed session changes and a
 * slow refresh while a session records) and the chart series of the chosen window (fetched a moment
 * after the window stops moving; an answer to an older request is dropped).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { HistorySeries, SeriesQuantity, Session, StationApi } from '../../../native-bridge/contract/index.js';
import type { TimeWindow } from './history-model.js';

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

export interface SeriesRequest {
  sessionId: number;
  window: TimeWindow;
  cells: number[] | null;
  quantities: SeriesQuantity[];
}

export function useHistorySeries(station: StationApi, req: SeriesRequest | null, debounceMs = 90) {
  const [answer, setAnswer] = useState<{ key: string; series: HistorySeries | null; error: string | null } | null>(
    null,
  );
  const latestKey = useRef('');
  const key = req
    ? `${req.sessionId}:${req.window.fromMs}:${req.window.toMs}:${req.cells?.join(',') ?? '*'}:${req.quantities.join(',')}`
    : '';

  useEffect(() => {
    latestKey.current = key;
    if (!req) return;
    const timer = setTimeout(() => {
      station
        .getHistorySeries({
          sessionId: req.sessionId,
          fromMs: req.window.fromMs,
          toMs: req.window.toMs,
          maxPoints: 2000,
          ...(req.cells ? { cells: req.cells } : {}),
          quantities: req.quantities,
        })
        .then(
          // An answer to a request that has been overtaken is dropped.
          (series) => latestKey.current === key && setAnswer({ key, series, error: null }),
          (e: Error) =>
            latestKey.current === key && setAnswer((a) => ({ key, series: a?.series ?? null, error: e.message })),
        );
    }, debounceMs);
    return () => clearTimeout(timer);
    // `key` captures everything in `req` that changes the answer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [station, key, debounceMs]);

  // Until the new window's series arrives, the previous one stays on screen (drawn in the new window).
  return {
    series: req && answer?.series?.sessionId === req.sessionId ? answer.series : null,
    loading: req !== null && answer?.key !== key,
    error: answer?.key === key ? answer.error : null,
  };
}
