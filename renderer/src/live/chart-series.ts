/**
 * Turns the flat getLiveSeries answer into one temperature line and one voltage line per cell, and
 * picks the time window the chart shows. Missing values stay as gaps (y = null): a faulted sensor
 * must not be drawn as a straight line through the fault.
 */
import type { SeriesPoint } from '../../../native-bridge/contract/index.js';
import { LIVE_SERIES_MAX_POINTS, LIVE_SERIES_MIN_POINTS } from '../../../native-bridge/contract/live-methods.js';

export interface XY {
  x: number;
  y: number | null;
}

export interface CellSeries {
  key: string;
  deviceId: string;
  cell: number;
  label: string;
  temperature: XY[];
  voltage: XY[];
}

export const CHART_WINDOWS_S = [60, 300, 900] as const;
export type ChartWindowS = (typeof CHART_WINDOWS_S)[number];
export const DEFAULT_CHART_WINDOW_S: ChartWindowS = 300;

export function parseChartWindow(raw: unknown): ChartWindowS {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw !== '' ? Number(raw) : NaN;
  return (CHART_WINDOWS_S as readonly number[]).includes(n) ? (n as ChartWindowS) : DEFAULT_CHART_WINDOW_S;
}

export function chartWindowLabel(s: number): string {
  return s < 60 ? `${s} s` : `${s / 60} min`;
}

export function cellKey(deviceId: string, cell: number): string {
  return `${deviceId}#${cell}`;
}

/** Lines sorted by device, then cell number; labels name the device only when there are several. */
export function buildCellSeries(points: readonly SeriesPoint[]): CellSeries[] {
  // The core answers oldest first; sort (a copy) only an answer that is not, and group by device and
  // cell without building a key string per point: this runs on every refresh for ~20,000 points.
  let inOrder = true;
  for (let i = 1; i < points.length && inOrder; i++) inOrder = points[i - 1]!.tHostMs <= points[i]!.tHostMs;
  const ordered = inOrder ? points : [...points].sort((a, b) => a.tHostMs - b.tHostMs);
  const byDevice = new Map<string, Map<number, CellSeries>>();
  const all: CellSeries[] = [];
  for (const p of ordered) {
    let cells = byDevice.get(p.deviceId);
    if (!cells) byDevice.set(p.deviceId, (cells = new Map()));
    let s = cells.get(p.cell);
    if (!s) {
      const key = cellKey(p.deviceId, p.cell);
      cells.set(p.cell, (s = { key, deviceId: p.deviceId, cell: p.cell, label: '', temperature: [], voltage: [] }));
      all.push(s);
    }
    s.temperature.push({ x: p.tHostMs, y: p.tempC });
    s.voltage.push({ x: p.tHostMs, y: p.voltageV });
  }
  for (const s of all) s.label = byDevice.size > 1 ? `${s.deviceId} cell ${s.cell}` : `Cell ${s.cell}`;
  return all.sort((a, b) => a.deviceId.localeCompare(b.deviceId) || a.cell - b.cell);
}

/**
 * One line thinned for a plot `widthPx` wide over [minMs, maxMs]: one bucket per two pixel columns,
 * each keeping its lowest and highest point (in time order), so the drawn envelope is the same and a
 * one-sample spike or dip is never thinned away, at most a pixel off in time. A gap (y = null) keeps
 * its first point in a bucket so the line still breaks there; the first and last points are kept.
 * Drawing a 500-pixel plot needs ~500 points per line, not the ~1,250 a cell gets from the core.
 */
export function decimateLine(line: readonly XY[], minMs: number, maxMs: number, widthPx: number): XY[] {
  const buckets = Math.max(1, Math.floor(widthPx / 2));
  if (line.length <= 2 * buckets + 2 || !(maxMs > minMs)) return [...line];
  const perMs = buckets / (maxMs - minMs);
  const out: XY[] = [line[0]!];
  let bucket = NaN;
  let lo: XY | null = null;
  let hi: XY | null = null;
  let gap: XY | null = null;
  const flush = () => {
    const kept = [lo, hi, gap].filter((p, i, a): p is XY => p !== null && a.indexOf(p) === i);
    kept.sort((a, b) => a.x - b.x);
    for (const p of kept) if (p !== out[out.length - 1]) out.push(p);
  };
  for (let i = 1; i < line.length - 1; i++) {
    const p = line[i]!;
    const b = Math.floor((p.x - minMs) * perMs);
    if (b !== bucket) {
      flush();
      bucket = b;
      lo = hi = gap = null;
    }
    if (p.y === null) gap ??= p;
    else {
      if (!lo || p.y < lo.y!) lo = p;
      if (!hi || p.y > hi.y!) hi = p;
    }
  }
  flush();
  out.push(line[line.length - 1]!);
  return out;
}

/** The contract's ceiling on getLiveSeries points. */
export const SERIES_MAX_POINTS = LIVE_SERIES_MAX_POINTS;

/**
 * Points to ask the core for: as many per cell as the plot is wide in pixels (the core keeps each
 * bucket's extremes, and the chart keeps two per two-pixel column, decimateLine), not the contract's
 * ceiling, which carried ~20,000 points a refresh that the chart thinned to ~8,000. Until the chart has
 * been laid out and has drawn cells once, the ceiling.
 */
export function liveSeriesMaxPoints(cells: number, plotWidthPx: number | null): number {
  if (!plotWidthPx || plotWidthPx <= 0 || cells <= 0) return SERIES_MAX_POINTS;
  return Math.min(SERIES_MAX_POINTS, Math.max(LIVE_SERIES_MIN_POINTS, Math.ceil(cells * plotWidthPx)));
}

/**
 * The x range: the last `windowS` seconds up to the newest point (the station's clock, so a browser
 * on another PC with a skewed clock still sees the newest data at the right edge). Until the window
 * has filled, the range starts at the oldest point so the lines use the full width.
 */
export function timeRange(points: readonly SeriesPoint[], windowS: number): { minMs: number; maxMs: number } | null {
  if (points.length === 0) return null;
  let oldest = Infinity;
  let newest = -Infinity;
  for (const p of points) {
    if (p.tHostMs < oldest) oldest = p.tHostMs;
    if (p.tHostMs > newest) newest = p.tHostMs;
  }
  const minMs = Math.max(oldest, newest - windowS * 1000);
  // A single instant still needs a visible span.
  return { minMs: Math.min(minMs, newest - 1000), maxMs: newest };
}

const TICK_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

/**
 * A time-axis tick step on whole clock seconds/minutes, so ticks land on round times and never
 * repeat a label (sub-second steps would print "10:00:01" twice).
 */
export function timeTickStepMs(spanMs: number, maxTicks = 7): number {
  const want = spanMs / Math.max(1, maxTicks - 1);
  const step = TICK_STEPS_S.find((s) => s * 1000 >= want) ?? TICK_STEPS_S[TICK_STEPS_S.length - 1]!;
  return step * 1000;
}

/** Tick positions on whole multiples of the step (round clock times) inside [minMs, maxMs]. */
export function alignedTimeTicks(minMs: number, maxMs: number, maxTicks = 7): number[] {
  if (!(maxMs > minMs)) return [];
  const step = timeTickStepMs(maxMs - minMs, maxTicks);
  const ticks: number[] = [];
  for (let t = Math.ceil(minMs / step) * step; t <= maxMs; t += step) ticks.push(t);
  return ticks;
}
