/**
 * The chart series of the chosen window, fetched a moment after the window stops moving; an answer to
 * an older request is dropped, and the last series stays on screen until the new one arrives. A session
 * that stops recording on screen is fetched again 1 s and 3 s later: the model's rows trail the frames by
 * up to one batch, so the fetch its end set off can come before its last predictions are stored.
 */
import { useEffect, useRef, useState } from 'react';
import type { HistorySeries, SeriesQuantity, StationApi } from '../../../native-bridge/contract/index.js';
import type { TimeWindow } from './time-window.js';

export interface SeriesRequest {
  sessionId: number;
  window: TimeWindow;
  cells: number[] | null;
  quantities: SeriesQuantity[];
  /** The session is recording (its end and its last predictions are still to come). */
  active: boolean;
}

const SETTLE_REFETCH_MS = [1000, 3000];

export function useHistorySeries(station: StationApi, req: SeriesRequest | null, debounceMs = 90) {
  const [answer, setAnswer] = useState<{ key: string; series: HistorySeries | null; error: string | null } | null>(
    null,
  );
  const latestKey = useRef('');
  // Bumped to fetch the same key again; not part of the key, so the chart does not show "loading".
  const [refetch, setRefetch] = useState(0);
  const wasActive = useRef<{ sessionId: number; active: boolean } | null>(null);
  const key = req
    ? `${req.sessionId}:${req.window.fromMs}:${req.window.toMs}:${req.cells?.join(',') ?? '*'}:${req.quantities.join(',')}`
    : '';

  const sessionId = req?.sessionId ?? null;
  const active = req?.active ?? false;
  useEffect(() => {
    const before = wasActive.current;
    wasActive.current = sessionId === null ? null : { sessionId, active };
    if (sessionId === null || active || before?.sessionId !== sessionId || !before.active) return;
    const timers = SETTLE_REFETCH_MS.map((ms) => setTimeout(() => setRefetch((n) => n + 1), ms));
    return () => timers.forEach(clearTimeout);
  }, [sessionId, active]);

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
  }, [station, key, debounceMs, refetch]);

  // Until the new window's series arrives, the previous one stays on screen (drawn in the new window).
  return {
    series: req && answer?.series?.sessionId === req.sessionId ? answer.series : null,
    loading: req !== null && answer?.key !== key,
    error: answer?.key === key ? answer.error : null,
  };
}
