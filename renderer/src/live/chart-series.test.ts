import { describe, expect, it } from 'vitest';
import type { SeriesPoint } from '../../../native-bridge/contract/index.js';
import {
  alignedTimeTicks,
  buildCellSeries,
  chartWindowLabel,
  decimateLine,
  liveSeriesMaxPoints,
  parseChartWindow,
  SERIES_MAX_POINTS,
  timeRange,
  timeTickStepMs,
  type XY,
} from './chart-series.js';
import { cellColor } from './cell-palette.js';

const pt = (
  tHostMs: number,
  cell: number,
  tempC: number | null,
  voltageV: number | null,
  deviceId = 'SIM-1',
): SeriesPoint => ({
  tHostMs,
  cell,
  deviceId,
  tempC,
  voltageV,
});

describe('buildCellSeries', () => {
  it('makes one temperature and one voltage line per cell, in cell order', () => {
    const s = buildCellSeries([
      pt(2000, 2, 25, 3.9),
      pt(1000, 1, 24, 3.8),
      pt(1000, 2, 24.5, 3.85),
      pt(2000, 1, 24.2, 3.81),
    ]);
    expect(s.map((x) => x.label)).toEqual(['Cell 1', 'Cell 2']);
    expect(s[0]!.temperature).toEqual([
      { x: 1000, y: 24 },
      { x: 2000, y: 24.2 },
    ]);
    expect(s[1]!.voltage.map((p) => p.y)).toEqual([3.85, 3.9]);
  });
  it('keeps missing values as gaps', () => {
    const s = buildCellSeries([pt(1000, 1, null, 3.8), pt(2000, 1, 24, null)]);
    expect(s[0]!.temperature[0]!.y).toBeNull();
    expect(s[0]!.voltage[1]!.y).toBeNull();
  });
  it('names the device when several devices share a chart', () => {
    const s = buildCellSeries([pt(1000, 1, 24, 3.8, 'RIG-B'), pt(1000, 1, 24, 3.8, 'RIG-A')]);
    expect(s.map((x) => x.label)).toEqual(['RIG-A cell 1', 'RIG-B cell 1']);
  });
  it('handles an empty answer', () => {
    expect(buildCellSeries([])).toEqual([]);
  });
});

describe('decimateLine', () => {
  // 15 min of one cell at 10 Hz, a slow ramp with noise-free steps.
  const flat = (n: number): XY[] => Array.from({ length: n }, (_, i) => ({ x: i * 100, y: 25 + (i % 7) * 0.01 }));

  it('keeps a one-sample spike and a one-sample dip among 9,000 points', () => {
    const line = flat(9000);
    line[4321] = { x: 432_100, y: 80 };
    line[6000] = { x: 600_000, y: -5 };
    const out = decimateLine(line, 0, 899_900, 500);
    expect(out.length).toBeLessThanOrEqual(502);
    expect(out).toContainEqual({ x: 432_100, y: 80 });
    expect(out).toContainEqual({ x: 600_000, y: -5 });
    expect(Math.max(...out.map((p) => p.y!))).toBe(80);
  });
  it('keeps the first and last points and the time order', () => {
    const line = flat(5000);
    const out = decimateLine(line, 0, 499_900, 300);
    expect(out[0]).toBe(line[0]);
    expect(out.at(-1)).toBe(line.at(-1));
    for (let i = 1; i < out.length; i++) expect(out[i]!.x).toBeGreaterThan(out[i - 1]!.x);
  });
  it('keeps a gap as a gap', () => {
    const line = flat(5000);
    line[2500] = { x: 250_000, y: null };
    const out = decimateLine(line, 0, 499_900, 300);
    expect(out).toContainEqual({ x: 250_000, y: null });
  });
  it('leaves a line that already fits untouched', () => {
    const line = flat(400);
    expect(decimateLine(line, 0, 39_900, 500)).toEqual(line);
  });
});

describe('liveSeriesMaxPoints', () => {
  it("asks for each cell's share as wide as the plot: what the chart then draws untouched", () => {
    for (const [cells, width] of [
      [16, 537],
      [4, 1100],
      [1, 300],
    ] as const) {
      const share = Math.floor(liveSeriesMaxPoints(cells, width) / cells);
      expect(share).toBeGreaterThanOrEqual(width);
      const line: XY[] = Array.from({ length: share }, (_, i) => ({ x: i * 100, y: 25 + (i % 5) }));
      expect(decimateLine(line, 0, (share - 1) * 100, width)).toHaveLength(share);
    }
    expect(liveSeriesMaxPoints(16, 537)).toBeLessThan(SERIES_MAX_POINTS / 2);
  });
  it('asks for the ceiling before the chart is laid out, and never more', () => {
    expect(liveSeriesMaxPoints(16, null)).toBe(SERIES_MAX_POINTS);
    expect(liveSeriesMaxPoints(0, 500)).toBe(SERIES_MAX_POINTS);
    expect(liveSeriesMaxPoints(64, 1900)).toBe(SERIES_MAX_POINTS);
  });
});

describe('timeRange', () => {
  it('ends at the newest point and spans the window once it has filled', () => {
    const points = [pt(0, 1, 1, 1), pt(400_000, 1, 1, 1)];
    expect(timeRange(points, 300)).toEqual({ minMs: 100_000, maxMs: 400_000 });
  });
  it('starts at the oldest point while the window is still filling', () => {
    expect(timeRange([pt(10_000, 1, 1, 1), pt(40_000, 1, 1, 1)], 300)).toEqual({ minMs: 10_000, maxMs: 40_000 });
  });
  it('gives a single instant a visible span, and no range without data', () => {
    expect(timeRange([pt(5000, 1, 1, 1)], 60)).toEqual({ minMs: 4000, maxMs: 5000 });
    expect(timeRange([], 60)).toBeNull();
  });
});

describe('chart windows and colours', () => {
  it('parses and labels windows', () => {
    expect(parseChartWindow('60')).toBe(60);
    expect(parseChartWindow('7')).toBe(300);
    expect(chartWindowLabel(900)).toBe('15 min');
  });
  it('gives every cell a colour and wraps around', () => {
    expect(cellColor(0)).toMatch(/^#[0-9A-F]{6}$/i);
    expect(cellColor(16)).toBe(cellColor(0));
    expect(cellColor(-1)).toBe(cellColor(15));
  });
});

describe('timeTickStepMs', () => {
  it('picks a round step giving at most 7 ticks, never below 1 s', () => {
    expect(timeTickStepMs(2_000)).toBe(1000);
    expect(timeTickStepMs(13_000)).toBe(5000);
    expect(timeTickStepMs(60_000)).toBe(10_000);
    expect(timeTickStepMs(300_000)).toBe(60_000);
    expect(timeTickStepMs(900_000)).toBe(300_000);
  });
  it('caps at an hour for very long spans', () => {
    expect(timeTickStepMs(1e9)).toBe(3_600_000);
  });
});

describe('alignedTimeTicks', () => {
  it('puts ticks on round multiples of the step within the range', () => {
    expect(alignedTimeTicks(1_000_400, 1_013_100)).toEqual([1_005_000, 1_010_000]);
    expect(alignedTimeTicks(0, 60_000)).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
  });
  it('gives no ticks for an empty range', () => {
    expect(alignedTimeTicks(5, 5)).toEqual([]);
  });
});
