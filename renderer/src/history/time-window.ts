/**
 * The History chart's time window, without React or chart.js: the session's span, clamping, zoom
 * around a point, pan, centring on an alarm, and the presets. Pure, so it is tested on its own.
 */
import type { Session } from '../../../native-bridge/contract/index.js';

export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

/** The narrowest window the chart zooms to: a few samples of a fast rig. */
export const MIN_WINDOW_MS = 2_000;

/** The whole recorded span of a session (at least a second, so a one-frame session still draws). */
export function sessionSpan(s: Session): TimeWindow {
  const fromMs = s.firstDataMs ?? s.startedMs;
  const toMs = Math.max(fromMs + 1000, s.lastDataMs ?? s.endedMs ?? fromMs + 1000);
  return { fromMs, toMs };
}

/** Keeps a window inside the session span, its width between MIN_WINDOW_MS and the span. */
export function clampWindow(w: TimeWindow, span: TimeWindow): TimeWindow {
  const spanMs = span.toMs - span.fromMs;
  let width = Math.min(Math.max(w.toMs - w.fromMs, Math.min(MIN_WINDOW_MS, spanMs)), spanMs);
  if (!Number.isFinite(width) || width <= 0) width = spanMs;
  let fromMs = Math.max(span.fromMs, Math.min(w.fromMs, span.toMs - width));
  if (!Number.isFinite(fromMs)) fromMs = span.fromMs;
  return { fromMs: Math.round(fromMs), toMs: Math.round(fromMs + width) };
}

/** Zooms by `factor` (< 1 in, > 1 out) keeping the time under the pointer where it is. */
export function zoomAround(w: TimeWindow, atMs: number, factor: number, span: TimeWindow): TimeWindow {
  const at = Math.min(Math.max(atMs, w.fromMs), w.toMs);
  return clampWindow({ fromMs: at - (at - w.fromMs) * factor, toMs: at + (w.toMs - at) * factor }, span);
}

/** Shifts by a fraction of the window's width (negative: back in time). */
export function panBy(w: TimeWindow, fraction: number, span: TimeWindow): TimeWindow {
  const d = (w.toMs - w.fromMs) * fraction;
  return clampWindow({ fromMs: w.fromMs + d, toMs: w.toMs + d }, span);
}

/** Centres the window on a time (an alarm), keeping its width. */
export function centreOn(w: TimeWindow, tMs: number, span: TimeWindow): TimeWindow {
  const half = (w.toMs - w.fromMs) / 2;
  return clampWindow({ fromMs: tMs - half, toMs: tMs + half }, span);
}

export const WINDOW_PRESETS: { label: string; ms: number | null }[] = [
  { label: 'Whole session', ms: null },
  { label: 'Last 24 h', ms: 24 * 3_600_000 },
  { label: 'Last 1 h', ms: 3_600_000 },
  { label: 'Last 10 min', ms: 600_000 },
  { label: 'Last 1 min', ms: 60_000 },
];

export function presetWindow(ms: number | null, span: TimeWindow): TimeWindow {
  if (ms === null) return { ...span };
  return clampWindow({ fromMs: span.toMs - ms, toMs: span.toMs }, span);
}
