/**
 * The History view's state for the chosen session (see history-view.ts for the rules), with the
 * changes the chart, the toolbar and the readout make to it.
 */
import { useCallback, useMemo, useState } from 'react';
import { zoomAround, type TimeWindow } from './time-window.js';
import { applyChange, currentView, pickPoint, type HistoryView } from './history-view.js';

export function useHistoryView(sessionId: number | null, span: TimeWindow | null) {
  const [stored, setStored] = useState<HistoryView | null>(null);
  const view = useMemo(
    () => (sessionId !== null && span ? currentView(stored, sessionId, span) : null),
    [stored, sessionId, span],
  );

  const update = useCallback(
    (change: Partial<HistoryView> | ((v: HistoryView) => Partial<HistoryView>)) => {
      if (!view || !span) return;
      setStored(applyChange(view, typeof change === 'function' ? change(view) : change, span));
    },
    [view, span],
  );

  const setWindow = useCallback((w: TimeWindow) => update({ window: w }), [update]);
  const zoom = useCallback(
    (atMs: number, factor: number) => span && update((v) => ({ window: zoomAround(v.window, atMs, factor, span) })),
    [span, update],
  );
  const pick = useCallback((tMs: number) => update((v) => pickPoint(v, tMs)), [update]);
  const clearPoints = useCallback(() => update({ pointA: null, pointB: null }), [update]);
  const setCells = useCallback((cells: number[] | null) => update({ cells }), [update]);

  return { view, setWindow, zoom, pick, clearPoints, setCells };
}
