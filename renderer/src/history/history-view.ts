/**
 * What the operator chose for one session — the window, whether it follows new data, the cells
 * shown, points A and B — and how each change applies. Another session starts from its defaults.
 * Pure, so following a recording session and every clamp are tested without React.
 */
import { clampWindow, type TimeWindow } from './time-window.js';

export interface HistoryView {
  sessionId: number;
  window: TimeWindow;
  /** The window's end follows the newest data of a recording session. */
  follow: boolean;
  /** Null: every cell. */
  cells: number[] | null;
  pointA: number | null;
  pointB: number | null;
}

/** The whole session, every cell, no points, following. */
export function defaultView(sessionId: number, span: TimeWindow): HistoryView {
  return { sessionId, window: { ...span }, follow: true, cells: null, pointA: null, pointB: null };
}

/** The view on screen: the stored one if it is this session's, moved to the newest data while it follows. */
export function currentView(stored: HistoryView | null, sessionId: number, span: TimeWindow): HistoryView {
  if (stored?.sessionId !== sessionId) return defaultView(sessionId, span);
  if (!stored.follow) return stored;
  // Following a recording session: the window keeps its width and ends at the newest data.
  const width = stored.window.toMs - stored.window.fromMs;
  return { ...stored, window: clampWindow({ fromMs: span.toMs - width, toMs: span.toMs }, span) };
}

/** A change: a new window is clamped to the session, and follows again once it reaches the newest data. */
export function applyChange(view: HistoryView, change: Partial<HistoryView>, span: TimeWindow): HistoryView {
  const next = { ...view, ...change };
  if (change.window) {
    next.window = clampWindow(change.window, span);
    next.follow = next.window.toMs >= span.toMs;
  }
  return next;
}

/** A click on the chart: the first sets A, the second B, the next starts again at A. */
export function pickPoint(view: HistoryView, tMs: number): Partial<HistoryView> {
  return view.pointA === null || view.pointB !== null ? { pointA: tMs, pointB: null } : { pointB: tMs };
}

/** The cells drawn: the chosen ones, or all of them. */
export function shownCells(cells: number[] | null, cellCount: number): number[] {
  return cells ?? Array.from({ length: cellCount }, (_, i) => i + 1);
}

/** The cell choice after toggling one; null (every cell) when all or none would be left. */
export function toggleCell(cells: number[] | null, cell: number, cellCount: number): number[] | null {
  const shown = shownCells(cells, cellCount);
  const next = shown.includes(cell) ? shown.filter((x) => x !== cell) : [...shown, cell].sort((a, b) => a - b);
  return next.length === 0 || next.length === cellCount ? null : next;
}
