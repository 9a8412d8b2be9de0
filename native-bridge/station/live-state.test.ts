import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellReading, SeriesPoint } from '../contract/index.js';
import { LiveState } from './live-state.js';

function reading(deviceId: string, cell: number, tHostMs: number, tempC: number | null, voltageV: number | null = 3.7) {
  return {
    deviceId,
    cell,
    seq: tHostMs,
    tDevMs: tHostMs,
    tHostMs,
    voltageV,
    tempC,
    currentA: 1.5,
    ambientC: 22,
    humidityPct: 40,
    socPct: 50,
    socEstimated: true,
  } satisfies CellReading;
}

/** `frames` frames of `cells` cells, 100 ms apart, as the core adds them (one frame's cells together). */
function fill(
  live: LiveState,
  frames: number,
  cells: number,
  value: (cell: number, i: number) => [number | null, number | null],
) {
  for (let i = 0; i < frames; i++)
    live.add(
      Array.from({ length: cells }, (_, c) => {
        const [t, v] = value(c + 1, i);
        return reading('RIG1', c + 1, i * 100, t, v);
      }),
    );
}

const byCell = (points: SeriesPoint[]) => {
  const m = new Map<number, SeriesPoint[]>();
  for (const p of points) m.set(p.cell, [...(m.get(p.cell) ?? []), p]);
  return m;
};

describe('live chart series', () => {
  it('thins each cell on its own: every cell keeps an even share of the points', () => {
    const live = new LiveState();
    fill(live, 1200, 4, (c, i) => [25 + c + 0.001 * i, 3.7]);
    // 4,800 readings into 1,200 points: one stride across the interleaved cells kept only cell 1.
    const points = live.series(0, 1200);
    expect(points.length).toBeLessThanOrEqual(1200);
    const cells = byCell(points);
    expect([...cells.keys()].sort()).toEqual([1, 2, 3, 4]);
    for (const ps of cells.values()) {
      expect(ps.length).toBeGreaterThan(200);
      expect(ps.length).toBeLessThanOrEqual(300);
      // Evenly spaced: no gap between kept points much wider than the cell's average gap.
      const gaps = ps.slice(1).map((p, k) => p.tHostMs - ps[k]!.tHostMs);
      const avg = (ps.at(-1)!.tHostMs - ps[0]!.tHostMs) / gaps.length;
      expect(Math.max(...gaps)).toBeLessThanOrEqual(avg * 4.5);
      // The newest reading of each cell is always there (the chart's right edge).
      expect(ps.at(-1)!.tHostMs).toBe(119_900);
    }
    // Oldest first, as before.
    expect(points.map((p) => p.tHostMs)).toEqual([...points.map((p) => p.tHostMs)].sort((a, b) => a - b));
  });

  it('keeps a one-reading temperature spike, a voltage dip and a sensor gap of any cell', () => {
    const live = new LiveState();
    fill(live, 3000, 4, (c, i) => {
      if (c === 3 && i === 1501) return [91, 3.7];
      if (c === 2 && i === 777) return [26, 2.41];
      if (c === 4 && i === 2222) return [null, 3.7];
      return [26, 3.7];
    });
    const cells = byCell(live.series(0, 400));
    expect(cells.get(3)!.some((p) => p.tempC === 91)).toBe(true);
    expect(cells.get(2)!.some((p) => p.voltageV === 2.41)).toBe(true);
    expect(cells.get(4)!.some((p) => p.tempC === null)).toBe(true);
    for (const ps of cells.values()) expect(ps.length).toBeLessThanOrEqual(100);
  });

  it('returns everything in the window when it fits, and nothing older than the window', () => {
    const live = new LiveState();
    fill(live, 50, 2, () => [25, 3.7]);
    expect(live.series(0, 1000)).toHaveLength(100);
    const recent = live.series(4000, 1000);
    expect(recent).toHaveLength(20);
    expect(recent.every((p) => p.tHostMs >= 4000)).toBe(true);
  });

  it('still gives every cell a point when the budget is smaller than the bucket minimum', () => {
    const live = new LiveState();
    fill(live, 500, 16, () => [25, 3.7]);
    const points = live.series(0, 40);
    expect(points.length).toBeLessThanOrEqual(40);
    expect(byCell(points).size).toBe(16);
  });
});

describe('live chart series under random data', () => {
  it("stays within the budget, keeps every cell, and keeps each cell's extremes and gaps", () => {
    const value = fc.oneof(
      { weight: 8, arbitrary: fc.double({ min: 2, max: 90, noNaN: true }) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 10, max: 3000 }),
        fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 64, size: 'max' }),
        (devices, cells, frames, maxPoints, pattern) => {
          const live = new LiveState();
          let p = 0;
          const all: CellReading[] = [];
          for (let i = 0; i < frames; i++)
            for (let d = 0; d < devices; d++) {
              const rs = Array.from({ length: cells }, (_, c) => {
                const [t, v] = pattern[p++ % pattern.length]!;
                return reading(`RIG${d}`, c + 1, i * 100, t, v === null ? null : v / 20);
              });
              live.add(rs);
              all.push(...rs);
            }
          const points = live.series(0, maxPoints);
          expect(points.length).toBeLessThanOrEqual(Math.max(maxPoints, devices * cells));
          const perCellBudget = Math.floor(maxPoints / (devices * cells));
          for (let d = 0; d < devices; d++)
            for (let c = 1; c <= cells; c++) {
              const mine = all.filter((r) => r.deviceId === `RIG${d}` && r.cell === c);
              const kept = points.filter((r) => r.deviceId === `RIG${d}` && r.cell === c);
              expect(kept.length).toBeGreaterThan(0);
              if (perCellBudget < 5) continue;
              const temps = mine.flatMap((r) => (r.tempC === null ? [] : [r.tempC]));
              const volts = mine.flatMap((r) => (r.voltageV === null ? [] : [r.voltageV]));
              if (temps.length) expect(kept.some((r) => r.tempC === Math.max(...temps))).toBe(true);
              if (volts.length) expect(kept.some((r) => r.voltageV === Math.min(...volts))).toBe(true);
              if (mine.some((r) => r.tempC === null)) expect(kept.some((r) => r.tempC === null)).toBe(true);
              if (mine.some((r) => r.voltageV === null)) expect(kept.some((r) => r.voltageV === null)).toBe(true);
            }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('live statistics', () => {
  it('count only the devices that are live now', () => {
    const live = new LiveState();
    live.add([reading('RIG1', 1, 1000, 20, 3.5), reading('RIG1', 2, 1000, 30, 3.9)]);
    live.add([{ ...reading('RIG2', 1, 2000, 70, 2.9), humidityPct: 90, currentA: 10 }]);
    const both = live.stats(new Set(['RIG1', 'RIG2']));
    expect(both).toMatchObject({ avgTempC: 40, minCellV: 2.9, maxCellV: 3.9, avgHumidityPct: 65, packCurrentA: 11.5 });

    // RIG2 disconnected or removed: its last values no longer count.
    const one = live.stats(new Set(['RIG1']));
    expect(one).toMatchObject({ avgTempC: 25, minCellV: 3.5, maxCellV: 3.9, avgHumidityPct: 40, packCurrentA: 1.5 });
    // What arrived, and when, is still told.
    expect(one).toMatchObject({ totalRecords: 3, lastReadingMs: 2000 });

    expect(live.stats(new Set())).toMatchObject({
      avgTempC: null,
      minCellV: null,
      maxCellV: null,
      avgHumidityPct: null,
      packCurrentA: null,
      lastReadingMs: 2000,
    });
  });
});

describe('LiveState reads for the REST API', () => {
  it('filters the newest readings by device, cell and host-time window, newest first', () => {
    const live = new LiveState();
    for (let i = 0; i < 50; i++)
      live.add([reading('A', 1, i * 100, 20 + i), reading('A', 2, i * 100, 30), reading('B', 1, i * 100, 40)]);
    expect(live.latestReadings(5, { deviceId: 'B' }).map((r) => r.tHostMs)).toEqual([4900, 4800, 4700, 4600, 4500]);
    expect(live.latestReadings(100, { deviceId: 'A', cell: 1, fromMs: 4000, toMs: 4500 }).map((r) => r.tempC)).toEqual([
      65, 64, 63, 62, 61, 60,
    ]);
    expect(live.latestReadings(3, { cell: 2 }).every((r) => r.deviceId === 'A' && r.cell === 2)).toBe(true);
    expect(live.latestReadings(10, { fromMs: 10_000 })).toEqual([]);
  });

  it('computes the stat cards over a window of readings', () => {
    const live = new LiveState();
    for (let i = 0; i < 10; i++) live.add([reading('A', 1, i * 1000, 20 + i, 3 + i / 10)]);
    const s = live.windowStats(5000);
    expect(s).toMatchObject({ totalRecords: 5, avgTempC: 27, minCellV: 3.5, maxCellV: 3.9, packCurrentA: 1.5 });
    expect(s.lastReadingMs).toBe(9000);
    expect(live.windowStats(20_000)).toMatchObject({ totalRecords: 0, avgTempC: null, minCellV: null });
  });
});
