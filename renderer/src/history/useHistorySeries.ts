/**
 * The chart series of the chosen window, fetched a moment after the window stops moving; an answer to
 * an older request is dropped, and the last series stays on screen until the new one arrives.
 */
import { useEffect, useRef, useState } from 'react';
import type { HistorySeries, SeriesQuantity, StationApi } from '../../../native-bridge/contract/index.js';
import type { TimeWindow } from './time-window.js';

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
