/**
 * In-memory view of the recent past: the latest reading of every cell and a bounded ring of recent
 * readings. The Live tab and its chart read from here, so they keep working when the disk does not.
 */
import type { CellReading, SeriesPoint, Stats } from '../contract/index.js';
import { ReadingRing } from './reading-ring.js';

const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

/**
 * Below this per-cell budget a cell is thinned by plain stride: min–max buckets need 4 points each
 * plus the newest reading.
 */
const MIN_BUCKETED_BUDGET = 5;

export interface ReadingFilter {
  deviceId?: string | undefined;
  cell?: number | undefined;
  fromMs?: number | undefined;
  toMs?: number | undefined;
}

export class LiveState {
  /** Device id → cell number → newest reading (nested, so a reading costs no key string). */
  private latest = new Map<string, Map<number, CellReading>>();
  private readonly ring: ReadingRing;
  totalRecords = 0;

  constructor(ringCapacity = 200_000) {
    this.ring = new ReadingRing(ringCapacity);
  }

  add(readings: CellReading[]): void {
    let deviceId: string | null = null;
    let cells: Map<number, CellReading> | undefined;
    for (const r of readings) {
      if (r.deviceId !== deviceId) {
        deviceId = r.deviceId;
        cells = this.cellsOf(deviceId);
      }
      cells!.set(r.cell, r);
      this.ring.push(r);
    }
    this.totalRecords += readings.length;
  }

  private cellsOf(deviceId: string): Map<number, CellReading> {
    let cells = this.latest.get(deviceId);
    if (!cells) this.latest.set(deviceId, (cells = new Map()));
    return cells;
  }

  /** Seeds the ring from stored readings at startup (given newest first). */
  seed(newestFirst: CellReading[]): void {
    const ordered = [...newestFirst].reverse();
    for (const r of ordered) this.cellsOf(r.deviceId).set(r.cell, r);
    this.ring.reset(ordered);
  }

  latestByCell(): CellReading[] {
    const out: CellReading[] = [];
    for (const cells of this.latest.values()) for (const r of cells.values()) out.push(r);
    return out.sort((a, b) => a.deviceId.localeCompare(b.deviceId) || a.cell - b.cell);
  }

  /** Newest first, as the Live table shows them; a filter keeps only one device, cell or host-time window. */
  latestReadings(limit: number, f: ReadingFilter = {}): CellReading[] {
    const n = this.ring.length;
    const out: CellReading[] = [];
    const filtered = f.deviceId !== undefined || f.cell !== undefined || f.fromMs !== undefined || f.toMs !== undefined;
    const ring = this.ring;
    for (let k = n - 1; k >= 0 && out.length < limit; k--) {
      if (filtered) {
        const t = ring.tHostMs(k);
        if (f.fromMs !== undefined && t < f.fromMs) break;
        if (f.toMs !== undefined && t > f.toMs) continue;
        if (f.deviceId !== undefined && ring.deviceId(k) !== f.deviceId) continue;
        if (f.cell !== undefined && ring.cell(k) !== f.cell) continue;
      }
      out.push(ring.reading(k));
    }
    return out;
  }

  /** The stat cards over every reading since `sinceMs` (the current is the window's mean). */
  windowStats(sinceMs: number): Stats {
    const n = this.ring.length;
    let count = 0;
    let lastReadingMs: number | null = null;
    const sums = { t: 0, nt: 0, h: 0, nh: 0, i: 0, ni: 0 };
    let minV: number | null = null;
    let maxV: number | null = null;
    const ring = this.ring;
    for (let k = n - 1; k >= 0; k--) {
      const t = ring.tHostMs(k);
      if (t < sinceMs) break;
      count++;
      lastReadingMs ??= t;
      const tempC = ring.tempC(k);
      if (tempC !== null) {
        sums.t += tempC;
        sums.nt++;
      }
      const humidity = ring.humidityPct(k);
      if (humidity !== null) {
        sums.h += humidity;
        sums.nh++;
      }
      const current = ring.currentA(k);
      if (current !== null) {
        sums.i += current;
        sums.ni++;
      }
      const v = ring.voltageV(k);
      if (v !== null) {
        if (minV === null || v < minV) minV = v;
        if (maxV === null || v > maxV) maxV = v;
      }
    }
    return {
      totalRecords: count,
      avgTempC: sums.nt ? sums.t / sums.nt : null,
      avgHumidityPct: sums.nh ? sums.h / sums.nh : null,
      minCellV: minV,
      maxCellV: maxV,
      packCurrentA: sums.ni ? sums.i / sums.ni : null,
      lastReadingMs,
    };
  }

  /**
   * Readings since `sinceMs`, at most `maxPoints` in all, thinned per cell: each cell gets an even
   * share of the budget and keeps its own evenly spaced buckets. A bucket keeps the readings holding
   * its lowest and highest temperature and voltage, so a spike or a dip between two kept points never
   * vanishes; a missing value (a faulted sensor, drawn as a gap) counts as the lowest temperature
   * and the highest voltage of its bucket, the ends that matter least for safety. The
   * newest reading of every cell is always kept. Points come out oldest first.
   */
  series(sinceMs: number, maxPoints: number): SeriesPoint[] {
    const n = this.ring.length;
    // Ring offsets (0 = oldest) of each cell's readings in the window.
    const byDevice = new Map<string, Map<number, number[]>>();
    let cellCount = 0;
    const ring = this.ring;
    for (let k = 0; k < n; k++) {
      if (ring.tHostMs(k) < sinceMs) continue;
      const deviceId = ring.deviceId(k);
      let cells = byDevice.get(deviceId);
      if (!cells) byDevice.set(deviceId, (cells = new Map()));
      const cell = ring.cell(k);
      let ks = cells.get(cell);
      if (!ks) {
        cells.set(cell, (ks = []));
        cellCount++;
      }
      ks.push(k);
    }
    const budget = Math.max(1, Math.floor(maxPoints / Math.max(1, cellCount)));
    const keep: number[] = [];
    for (const cells of byDevice.values()) for (const ks of cells.values()) this.thinCell(ks, budget, keep);
    keep.sort((a, b) => a - b);
    return keep.map((k) => ({
      tHostMs: ring.tHostMs(k),
      cell: ring.cell(k),
      deviceId: ring.deviceId(k),
      tempC: ring.tempC(k),
      voltageV: ring.voltageV(k),
    }));
  }

  /** Appends to `keep` at most `budget` of one cell's ring offsets `ks` (oldest first). */
  private thinCell(ks: number[], budget: number, keep: number[]): void {
    const len = ks.length;
    if (len <= budget) {
      for (const k of ks) keep.push(k);
      return;
    }
    if (budget < MIN_BUCKETED_BUDGET) {
      for (let i = 0; i < budget; i++)
        keep.push(ks[budget === 1 ? len - 1 : Math.round((i * (len - 1)) / (budget - 1))]!);
      return;
    }
    // As many buckets as fit: 2 points each where a bucket's extremes share readings (a smooth
    // trace), down to 4 each (always fits).
    const room = budget - 1;
    const fewest = Math.floor(room / 4);
    let buckets = Math.max(fewest, Math.floor(room / 2));
    let picked = this.bucketExtremes(ks, buckets);
    while (picked.length > room && buckets > fewest) {
      buckets = Math.max(fewest, Math.min(buckets - 1, Math.floor((buckets * room) / picked.length)));
      picked = this.bucketExtremes(ks, buckets);
    }
    for (const i of picked) keep.push(ks[i]!);
    if (keep[keep.length - 1] !== ks[len - 1]) keep.push(ks[len - 1]!);
  }

  /** Indices into `ks` of each bucket's extreme readings, in order (see series()). */
  private bucketExtremes(ks: number[], buckets: number): number[] {
    const ring = this.ring;
    const tempAt = (i: number) => ring.tempC(ks[i]!);
    const voltAt = (i: number) => ring.voltageV(ks[i]!);
    const len = ks.length;
    const out: number[] = [];
    const picked: number[] = [];
    for (let b = 0; b < buckets; b++) {
      const lo = Math.floor((b * len) / buckets);
      const hi = Math.floor(((b + 1) * len) / buckets);
      let minT = -1,
        maxT = -1,
        nullT = -1,
        minV = -1,
        maxV = -1,
        nullV = -1;
      for (let i = lo; i < hi; i++) {
        const tempC = tempAt(i);
        if (tempC === null) {
          if (nullT < 0) nullT = i;
        } else {
          if (minT < 0 || tempC < tempAt(minT)!) minT = i;
          if (maxT < 0 || tempC > tempAt(maxT)!) maxT = i;
        }
        const v = voltAt(i);
        if (v === null) {
          if (nullV < 0) nullV = i;
        } else {
          if (minV < 0 || v < voltAt(minV)!) minV = i;
          if (maxV < 0 || v > voltAt(maxV)!) maxV = i;
        }
      }
      picked.length = 0;
      for (const i of [nullT >= 0 ? nullT : minT, maxT, minV, nullV >= 0 ? nullV : maxV])
        if (i >= 0 && !picked.includes(i)) picked.push(i);
      picked.sort((x, y) => x - y);
      for (const i of picked) out.push(i);
    }
    return out;
  }

  /**
   * Headline figures over the devices that are live now (`currentDevices`): a device that has
   * disconnected, gone stale or been removed keeps its last readings for the Live table, marked stale
   * there, but they no longer count in averages, the voltage range or the pack current.
   * `lastReadingMs` stays the newest reading of any device, so the UI can say how old the data is.
   */
  stats(currentDevices: ReadonlySet<string>): Stats {
    const temps: number[] = [];
    const volts: number[] = [];
    const hums: number[] = [];
    const currents: number[] = [];
    let lastReadingMs: number | null = null;
    for (const [deviceId, cells] of this.latest) {
      const current = currentDevices.has(deviceId);
      // Humidity and current are per device (one sensor, one pack): taken from its newest reading.
      let newest: CellReading | null = null;
      for (const r of cells.values()) {
        if (lastReadingMs === null || r.tHostMs > lastReadingMs) lastReadingMs = r.tHostMs;
        if (!current) continue;
        if (r.tempC !== null) temps.push(r.tempC);
        if (r.voltageV !== null) volts.push(r.voltageV);
        if (newest === null || r.tHostMs >= newest.tHostMs) newest = r;
      }
      if (newest?.humidityPct != null) hums.push(newest.humidityPct);
      if (newest?.currentA != null) currents.push(newest.currentA);
    }
    return {
      totalRecords: this.totalRecords,
      avgTempC: mean(temps),
      avgHumidityPct: mean(hums),
      minCellV: volts.length ? Math.min(...volts) : null,
      maxCellV: volts.length ? Math.max(...volts) : null,
      packCurrentA: currents.length ? currents.reduce((a, b) => a + b, 0) : null,
      lastReadingMs,
    };
  }
}
