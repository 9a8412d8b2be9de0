/**
 * The History view's arithmetic, without React or chart.js: the time window (zoom around a point,
 * pan, clamp to the session, presets), the value under the cursor, and the difference between two
 * chosen points. Kept pure so it is tested on its own.
 */
import type { HistorySeries, Session, SeriesQuantity } from '../../../native-bridge/contract/index.js';

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

/** Index of the point nearest to `tMs` in ascending times, or -1 when there are none. */
export function nearestIndex(t: readonly number[], tMs: number): number {
  if (t.length === 0) return -1;
  let lo = 0;
  let hi = t.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t[mid]! < tMs) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(t[lo - 1]! - tMs) <= Math.abs(t[lo]! - tMs)) return lo - 1;
  return lo;
}

export interface ReadoutValue {
  quantity: SeriesQuantity;
  cell: number | null;
  unit: string;
  mean: number | null;
  min: number | null;
  max: number | null;
}

export interface Readout {
  /** Start of the point read (its bucket), and its width (0: one stored frame). */
  tMs: number;
  bucketMs: number;
  values: ReadoutValue[];
  /** Highest risk class per cell at that time, when the session has predictions. */
  risk: { cell: number; cls: number | null }[] | null;
}

/** What the chart holds at a time: the nearest point of every series. */
export function readoutAt(s: HistorySeries, tMs: number): Readout | null {
  const i = nearestIndex(s.t, tMs);
  if (i < 0) return null;
  let risk: Readout['risk'] = null;
  if (s.risk) {
    const j = nearestIndex(s.risk.t, tMs);
    risk = s.risk.series.map((r) => ({ cell: r.cell, cls: j < 0 ? null : (r.max[j] ?? null) }));
  }
  return {
    tMs: s.t[i]!,
    bucketMs: s.bucketMs,
    values: s.series.map((x) => ({
      quantity: x.quantity,
      cell: x.cell,
      unit: x.unit,
      mean: x.mean[i] ?? null,
      min: x.min[i] ?? null,
      max: x.max[i] ?? null,
    })),
    risk,
  };
}

export interface PointDifference {
  dtMs: number;
  values: {
    quantity: SeriesQuantity;
    cell: number | null;
    unit: string;
    delta: number | null;
    ratePerS: number | null;
  }[];
}

/** B − A for every channel (means), and the rate per second where the time differs. */
export function difference(a: Readout, b: Readout): PointDifference {
  const dtMs = b.tMs - a.tMs;
  return {
    dtMs,
    values: a.values.map((va, k) => {
      const vb = b.values[k];
      const delta = va.mean === null || vb?.mean == null ? null : vb.mean - va.mean;
      return {
        quantity: va.quantity,
        cell: va.cell,
        unit: va.unit,
        delta,
        ratePerS: delta === null || dtMs === 0 ? null : delta / (dtMs / 1000),
      };
    }),
  };
}

export const RISK_CLASSES = ['Normal', 'Watch', 'Warning', 'Alarm', 'Runaway'] as const;

export const QUANTITY_LABEL: Record<SeriesQuantity, string> = {
  temp: 'Temperature',
  voltage: 'Voltage',
  current: 'Current',
  ambient: 'Ambient',
  humidity: 'Humidity',
};

export const QUANTITY_DIGITS: Record<SeriesQuantity, number> = {
  temp: 2,
  voltage: 3,
  current: 3,
  ambient: 2,
  humidity: 1,
};

/** "12 s", "3 min 05 s", "2 h 07 min", "1 d 04 h": a window or a difference. */
export function formatSpan(ms: number): string {
  const a = Math.abs(ms);
  const sign = ms < 0 ? '−' : '';
  if (a < 10_000) return `${sign}${(a / 1000).toFixed(a < 1000 ? 3 : 1)} s`;
  const s = Math.round(a / 1000);
  if (s < 60) return `${sign}${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${sign}${m} min ${String(s % 60).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${sign}${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${sign}${Math.floor(h / 24)} d ${String(h % 24).padStart(2, '0')} h`;
}

/** Local date and time for a session list or an axis title: "2024-05-01 10:15:07". */
export function formatDateTime(tMs: number | null | undefined): string {
  if (tMs === null || tMs === undefined || !Number.isFinite(tMs)) return '—';
  const d = new Date(tMs);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Tick labels for a time axis: the time, with the date when the window spans days. */
export function axisLabel(tMs: number, windowMs: number): string {
  const d = new Date(tMs);
  const p = (n: number) => String(n).padStart(2, '0');
  const hm = `${p(d.getHours())}:${p(d.getMinutes())}`;
  if (windowMs > 2 * 86_400_000) return `${p(d.getMonth() + 1)}-${p(d.getDate())} ${hm}`;
  if (windowMs > 120_000) return hm;
  return `${hm}:${p(d.getSeconds())}`;
}

const TICK_STEPS_MS = [
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000,
  7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000, 604_800_000,
];

/** Axis ticks on round local clock times, about `maxTicks` of them. */
export function timeTicks(fromMs: number, toMs: number, maxTicks = 8): number[] {
  if (!(toMs > fromMs)) return [];
  const want = (toMs - fromMs) / Math.max(1, maxTicks - 1);
  const step = TICK_STEPS_MS.find((s) => s >= want) ?? TICK_STEPS_MS[TICK_STEPS_MS.length - 1]!;
  // Round on local time, so hour and day ticks fall on the hour and midnight where the operator is.
  const offset = new Date(fromMs).getTimezoneOffset() * 60_000;
  const out: number[] = [];
  for (let t = Math.ceil((fromMs - offset) / step) * step + offset; t <= toMs; t += step) out.push(t);
  return out;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A time as a `datetime-local` input value (local time, to the second). */
export function toLocalInput(tMs: number): string {
  const d = new Date(tMs);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}T${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** A `datetime-local` value back to epoch ms (local time), or null when it is incomplete. */
export function fromLocalInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return null;
  const t = new Date(value).getTime();
  return Number.isFinite(t) ? t : null;
}

const RESOLUTION_LABEL: Record<HistorySeries['resolution'], string> = {
  raw: 'raw frames',
  '1s': '1 s rollups',
  '1m': '1 min rollups',
  '10m': '10 min rollups',
};

/** What the chart is drawn from: `raw frames, 600 points, 4 ms`, `1 min rollups, 1,440 points of 1 min…`. */
export function resolutionText(s: HistorySeries): string {
  const bucket = s.bucketMs ? ` of ${formatSpan(s.bucketMs)}` : '';
  return `${RESOLUTION_LABEL[s.resolution]}, ${s.t.length} points${bucket}, ${s.queryMs.toFixed(0)} ms`;
}
