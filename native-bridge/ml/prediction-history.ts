/**
 * The last hour of every cell's predictions, for the Insights trend chart: the class shown, the five
 * class probabilities and the cell's temperature, one entry per device-second (what the engine predicts).
 * The store keeps only class and confidence, and reading an hour back from SQLite every ten seconds
 * for a chart is a query per cell the station does not need to make.
 *
 * Bounded: a ring of HOUR_ENTRIES per cell in typed columns, allocated whole on the cell's first
 * prediction — time Float64 (8 B), temperature Float32 (4), class and a not-applicable flag Uint8 (2),
 * five probabilities Uint16 in 1/65535 steps (10): 24 B an entry, 86.4 KB a cell, 2.8 MB for 32 cells
 * at 1 Hz whatever the speed-up (a replay at 1000× fills its hour in 3.6 s and keeps the newest hour).
 * Time is the device's: "the last hour" of a replayed run is its last recorded hour. A device clock that
 * steps back (a reboot) starts the cell's ring afresh, as the hysteresis does.
 */
import type { PredictionHistoryPoint } from '../contract/ml-methods.js';

/** One hour at the engine's one prediction per device-second. */
export const HOUR_ENTRIES = 3600;
export const HOUR_MS = 3_600_000;
const P_SCALE = 65_535;

class CellRing {
  private readonly t = new Float64Array(HOUR_ENTRIES);
  private readonly temp = new Float32Array(HOUR_ENTRIES);
  private readonly cls = new Uint8Array(HOUR_ENTRIES);
  private readonly na = new Uint8Array(HOUR_ENTRIES);
  private readonly p = new Uint16Array(HOUR_ENTRIES * 5);
  /** Next slot to write, and how many slots hold entries. */
  private head = 0;
  size = 0;

  get newestMs(): number | null {
    return this.size === 0 ? null : this.t[(this.head - 1 + HOUR_ENTRIES) % HOUR_ENTRIES]!;
  }

  add(tMs: number, cls: number, probabilities: ArrayLike<number>, tempC: number | null, applicable: boolean): void {
    const newest = this.newestMs;
    if (newest !== null && tMs < newest) this.size = this.head = 0;
    const k = this.head;
    this.t[k] = tMs;
    this.temp[k] = tempC === null || !Number.isFinite(tempC) ? NaN : tempC;
    this.cls[k] = cls;
    this.na[k] = applicable ? 0 : 1;
    for (let j = 0; j < 5; j++)
      this.p[k * 5 + j] = Math.round(Math.min(1, Math.max(0, probabilities[j] ?? 0)) * P_SCALE);
    this.head = (k + 1) % HOUR_ENTRIES;
    if (this.size < HOUR_ENTRIES) this.size++;
  }

  /** Slot of the i-th entry, oldest first. */
  private slot(i: number): number {
    return (this.head - this.size + i + HOUR_ENTRIES) % HOUR_ENTRIES;
  }

  point(i: number): PredictionHistoryPoint {
    const k = this.slot(i);
    const applicable = this.na[k] === 0;
    const temp = this.temp[k]!;
    return {
      tMs: this.t[k]!,
      classIndex: this.cls[k]!,
      probabilities: applicable ? Array.from(this.p.subarray(k * 5, k * 5 + 5), (v) => v / P_SCALE) : null,
      tempC: Number.isNaN(temp) ? null : Math.round(temp * 100) / 100,
    };
  }

  tAt(i: number): number {
    return this.t[this.slot(i)]!;
  }

  clsAt(i: number): number {
    return this.cls[this.slot(i)]!;
  }
}

export interface PredictionHistory {
  /** The cell's newest device time, ms, or null when it has no entry. */
  newestMs: number | null;
  points: PredictionHistoryPoint[];
}

export class PredictionHistoryBook {
  private readonly cells = new Map<string, CellRing>();

  add(
    deviceId: string,
    cell: number,
    tMs: number,
    cls: number,
    probabilities: ArrayLike<number>,
    tempC: number | null,
    applicable: boolean,
  ): void {
    const key = `${deviceId}#${cell}`;
    let ring = this.cells.get(key);
    if (!ring) this.cells.set(key, (ring = new CellRing()));
    ring.add(tMs, cls, probabilities, tempC, applicable);
  }

  /**
   * The cell's entries from `sinceMs` (device time; default: its newest hour), oldest first, at most
   * `maxPoints`: a longer stretch is cut into equal buckets, each shown by its highest class (the
   * newest of those), so thinning never hides an escalation.
   */
  history(deviceId: string, cell: number, sinceMs: number | undefined, maxPoints: number): PredictionHistory {
    const ring = this.cells.get(`${deviceId}#${cell}`);
    const newestMs = ring?.newestMs ?? null;
    if (!ring || newestMs === null) return { newestMs: null, points: [] };
    const from = sinceMs ?? newestMs - HOUR_MS;
    let first = 0;
    while (first < ring.size && ring.tAt(first) < from) first++;
    const n = ring.size - first;
    const points: PredictionHistoryPoint[] = [];
    if (n <= maxPoints) {
      for (let i = first; i < ring.size; i++) points.push(ring.point(i));
      return { newestMs, points };
    }
    for (let b = 0; b < maxPoints; b++) {
      const lo = first + Math.floor((b * n) / maxPoints);
      const hi = first + Math.floor(((b + 1) * n) / maxPoints);
      let best = lo;
      for (let i = lo + 1; i < hi; i++) if (ring.clsAt(i) >= ring.clsAt(best)) best = i;
      points.push(ring.point(best));
    }
    return { newestMs, points };
  }

  forget(deviceId: string): void {
    for (const key of [...this.cells.keys()]) if (key.startsWith(`${deviceId}#`)) this.cells.delete(key);
  }
}
