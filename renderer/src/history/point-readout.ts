/**
 * What the chart holds at a time — the nearest point of every series, min and max kept — and the
 * difference between two chosen points, with the rate per second. Pure, so it is tested on its own.
 */
import type { HistorySeries, SeriesQuantity } from '../../../native-bridge/contract/index.js';

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

/** Decimals a reading of each quantity is shown with (a rate gets one more). */
export const QUANTITY_DIGITS: Record<SeriesQuantity, number> = {
  temp: 2,
  voltage: 3,
  current: 3,
  ambient: 2,
  humidity: 1,
};
