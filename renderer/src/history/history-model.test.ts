import { describe, expect, it } from 'vitest';
import type { HistorySeries } from '../../../native-bridge/contract/index.js';
import {
  centreOn,
  clampWindow,
  difference,
  formatSpan,
  fromLocalInput,
  nearestIndex,
  panBy,
  presetWindow,
  readoutAt,
  resolutionText,
  timeTicks,
  toLocalInput,
  zoomAround,
} from './history-model.js';

const span = { fromMs: 1_000_000, toMs: 1_000_000 + 3_600_000 };

describe('history window', () => {
  it('zooms around the pointer, keeping the time under it in place', () => {
    const w = { fromMs: span.fromMs, toMs: span.toMs };
    const at = span.fromMs + 900_000;
    const z = zoomAround(w, at, 0.5, span);
    expect(z.toMs - z.fromMs).toBe(1_800_000);
    expect((at - z.fromMs) / (z.toMs - z.fromMs)).toBeCloseTo(0.25);
    // Zooming out beyond the session stops at the session.
    expect(zoomAround(z, at, 10, span)).toEqual(span);
    // Zooming in stops at two seconds.
    let tiny = z;
    for (let i = 0; i < 40; i++) tiny = zoomAround(tiny, at, 0.5, span);
    expect(tiny.toMs - tiny.fromMs).toBe(2000);
  });

  it('pans within the session and centres on a time', () => {
    const w = { fromMs: span.fromMs + 600_000, toMs: span.fromMs + 1_200_000 };
    expect(panBy(w, 0.5, span)).toEqual({ fromMs: span.fromMs + 900_000, toMs: span.fromMs + 1_500_000 });
    expect(panBy(w, -10, span)).toEqual({ fromMs: span.fromMs, toMs: span.fromMs + 600_000 });
    expect(centreOn(w, span.toMs, span)).toEqual({ fromMs: span.toMs - 600_000, toMs: span.toMs });
    expect(presetWindow(60_000, span)).toEqual({ fromMs: span.toMs - 60_000, toMs: span.toMs });
    expect(presetWindow(null, span)).toEqual(span);
    expect(clampWindow({ fromMs: 0, toMs: 1e15 }, span)).toEqual(span);
  });

  it('puts ticks on round times', () => {
    const ticks = timeTicks(span.fromMs + 1234, span.fromMs + 600_000);
    expect(ticks.length).toBeGreaterThan(3);
    expect(ticks.length).toBeLessThanOrEqual(8);
    for (const t of ticks) expect(t % 60_000).toBe(0);
  });

  it('reads and writes datetime-local values in local time', () => {
    const t = new Date(2024, 4, 1, 10, 15, 7).getTime();
    expect(toLocalInput(t)).toBe('2024-05-01T10:15:07');
    expect(fromLocalInput('2024-05-01T10:15:07')).toBe(t);
    expect(fromLocalInput('2024-05-01T10:15')).toBe(t - 7000);
    expect(fromLocalInput('2024-05-01')).toBeNull();
  });

  it('formats spans', () => {
    expect(formatSpan(250)).toBe('0.250 s');
    expect(formatSpan(-65_000)).toBe('−1 min 05 s');
    expect(formatSpan(3 * 86_400_000 + 3_600_000)).toBe('3 d 01 h');
  });
});

describe('cursor readout and two-point difference', () => {
  const series: HistorySeries = {
    sessionId: 1,
    fromMs: 0,
    toMs: 10_000,
    resolution: '1s',
    bucketMs: 1000,
    sourceRows: 10,
    t: [0, 1000, 2000, 3000],
    series: [
      {
        quantity: 'temp',
        cell: 1,
        unit: '°C',
        min: [20, 21, 22, 30],
        max: [20.5, 21.5, 28, 31],
        mean: [20.2, 21.2, 23, 30.5],
      },
      { quantity: 'current', cell: null, unit: 'A', min: [1, 1, null, 2], max: [1, 1, null, 2], mean: [1, 1, null, 2] },
    ],
    risk: { resolution: 'raw', t: [0, 2000], series: [{ cell: 1, max: [0, 2] }] },
    alarms: [],
    queryMs: 1,
  };

  it('finds the nearest point', () => {
    expect(nearestIndex([], 5)).toBe(-1);
    expect(nearestIndex([0, 10, 20], 14)).toBe(1);
    expect(nearestIndex([0, 10, 20], 16)).toBe(2);
    expect(nearestIndex([0, 10, 20], -5)).toBe(0);
    expect(nearestIndex([0, 10, 20], 99)).toBe(2);
  });

  it('reads every channel at the cursor, spikes (max) included', () => {
    const r = readoutAt(series, 2100)!;
    expect(r.tMs).toBe(2000);
    expect(r.values[0]).toMatchObject({ quantity: 'temp', cell: 1, mean: 23, min: 22, max: 28 });
    expect(r.values[1]!.mean).toBeNull();
    expect(r.risk).toEqual([{ cell: 1, cls: 2 }]);
  });

  it('takes B − A with a rate per second', () => {
    const d = difference(readoutAt(series, 0)!, readoutAt(series, 3000)!);
    expect(d.dtMs).toBe(3000);
    expect(d.values[0]!.delta).toBeCloseTo(10.3);
    expect(d.values[0]!.ratePerS).toBeCloseTo(10.3 / 3);
    expect(d.values[1]!.delta).toBe(1);
    expect(difference(readoutAt(series, 2000)!, readoutAt(series, 2000)!).values[0]!.ratePerS).toBeNull();
  });
});

describe('resolution status', () => {
  const s = (over: Partial<HistorySeries>): HistorySeries => ({
    sessionId: 1,
    fromMs: 0,
    toMs: 1,
    resolution: 'raw',
    bucketMs: 0,
    sourceRows: 600,
    t: Array.from({ length: 600 }, (_, i) => i),
    series: [],
    risk: null,
    alarms: [],
    queryMs: 3.6,
    ...over,
  });

  it('names what the chart is drawn from, how many points, and how long the query took', () => {
    expect(resolutionText(s({}))).toBe('raw frames, 600 points, 4 ms');
    expect(resolutionText(s({ resolution: '1m', bucketMs: 120_000, t: [0, 1, 2], queryMs: 12.2 }))).toBe(
      '1 min rollups, 3 points of 2 min 00 s, 12 ms',
    );
  });
});
