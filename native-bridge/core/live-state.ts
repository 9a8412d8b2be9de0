/**
 * In-memory view of the recent past: the latest reading of every cell and a bounded ring of recent
 * readings. The Live tab and its chart read from here, so they keep working when the disk does not.
 */
import type { CellReading, SeriesPoint, Stats } from '../contract/index.js';

const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

export class LiveState {
  private latest = new Map<string, CellReading>();
  private ring: CellReading[] = [];
  private ringStart = 0;
  totalRecords = 0;

  constructor(private readonly ringCapacity = 200_000) {}

  add(readings: CellReading[]): void {
    for (const r of readings) {
      this.latest.set(`${r.deviceId}#${r.cell}`, r);
      if (this.ring.length < this.ringCapacity) this.ring.push(r);
      else {
        this.ring[this.ringStart] = r;
        this.ringStart = (this.ringStart + 1) % this.ringCapacity;
      }
    }
    this.totalRecords += readings.length;
  }

  /** Seeds the ring from stored readings at startup (given newest first). */
  seed(newestFirst: CellReading[]): void {
    const ordered = [...newestFirst].reverse();
    for (const r of ordered) this.latest.set(`${r.deviceId}#${r.cell}`, r);
    this.ring = ordered.slice(-this.ringCapacity);
    this.ringStart = 0;
  }

  latestByCell(): CellReading[] {
    return [...this.latest.values()].sort((a, b) => a.deviceId.localeCompare(b.deviceId) || a.cell - b.cell);
  }

  /** Newest first, as the Live table shows them. */
  latestReadings(limit: number): CellReading[] {
    const n = this.ring.length;
    const out: CellReading[] = [];
    for (let k = 0; k < Math.min(limit, n); k++) {
      const idx = (this.ringStart + n - 1 - k) % n;
      out.push(this.ring[idx]!);
    }
    return out;
  }

  /** Readings since `sinceMs`, thinned evenly to at most `maxPoints`. */
  series(sinceMs: number, maxPoints: number): SeriesPoint[] {
    const n = this.ring.length;
    const picked: CellReading[] = [];
    for (let k = 0; k < n; k++) {
      const r = this.ring[(this.ringStart + k) % n]!;
      if (r.tHostMs >= sinceMs) picked.push(r);
    }
    const stride = Math.max(1, Math.ceil(picked.length / maxPoints));
    const out: SeriesPoint[] = [];
    for (let k = 0; k < picked.length; k += stride) {
      const r = picked[k]!;
      out.push({ tHostMs: r.tHostMs, cell: r.cell, deviceId: r.deviceId, tempC: r.tempC, voltageV: r.voltageV });
    }
    return out;
  }

  stats(): Stats {
    const latest = [...this.latest.values()];
    const temps = latest.flatMap((r) => (r.tempC === null ? [] : [r.tempC]));
    const volts = latest.flatMap((r) => (r.voltageV === null ? [] : [r.voltageV]));
    const byDevice = new Map<string, CellReading>();
    for (const r of latest) byDevice.set(r.deviceId, r);
    const hums = [...byDevice.values()].flatMap((r) => (r.humidityPct === null ? [] : [r.humidityPct]));
    const currents = [...byDevice.values()].flatMap((r) => (r.currentA === null ? [] : [r.currentA]));
    return {
      totalRecords: this.totalRecords,
      avgTempC: mean(temps),
      avgHumidityPct: mean(hums),
      minCellV: volts.length ? Math.min(...volts) : null,
      maxCellV: volts.length ? Math.max(...volts) : null,
      packCurrentA: currents.length ? currents.reduce((a, b) => a + b, 0) : null,
      lastReadingMs: latest.length ? Math.max(...latest.map((r) => r.tHostMs)) : null,
    };
  }
}
