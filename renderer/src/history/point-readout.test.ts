import { describe, expect, it } from 'vitest';
import type { HistorySeries } from '../../../native-bridge/contract/index.js';
import { difference, nearestIndex, readoutAt } from './point-readout.js';

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
