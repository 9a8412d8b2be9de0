import { describe, expect, it } from 'vitest';
import type { HistorySeries } from '../../../../native-bridge/contract/index.js';
import { cellColor } from '../../live/cell-palette.js';
import { datasetsFor } from './chart-datasets.js';

const rollup: HistorySeries = {
  sessionId: 1,
  fromMs: 0,
  toMs: 3000,
  resolution: '1s',
  bucketMs: 1000,
  sourceRows: 30,
  t: [0, 1000, 2000],
  series: [
    { quantity: 'temp', cell: 1, unit: '°C', min: [20, 21, 22], max: [20.5, 28, 22.5], mean: [20.2, 23, 22.2] },
    { quantity: 'temp', cell: 2, unit: '°C', min: [19, 19, 19], max: [19, 19, 19], mean: [19, 19, 19] },
    { quantity: 'current', cell: null, unit: 'A', min: [1, null, 2], max: [1, null, 2], mean: [1, null, 2] },
  ],
  risk: { resolution: 'raw', t: [0, 2000], series: [{ cell: 2, max: [0, 3] }] },
  alarms: [],
  queryMs: 2,
};

describe('datasetsFor', () => {
  it('draws each cell of a rollup as a min–max band under its mean line, in the cell’s colour', () => {
    const sets = datasetsFor(rollup, 'temp');
    expect(sets.map((d) => d.label)).toEqual([
      'Cell 1 max',
      'Cell 1 min',
      'Cell 1',
      'Cell 2 max',
      'Cell 2 min',
      'Cell 2',
    ]);
    const [max, min, mean] = sets;
    expect(max!.data).toEqual([
      { x: 0, y: 20.5 },
      { x: 1000, y: 28 },
      { x: 2000, y: 22.5 },
    ]);
    // The band is the min filled up to the max before it.
    expect(min!.fill).toBe('-1');
    expect(mean!.borderColor).toBe(cellColor(0));
    expect(mean!.data.map((p) => p.y)).toEqual([20.2, 23, 22.2]);
  });

  it('draws raw frames as lines only, and keeps a gap where a value is missing', () => {
    const raw = { ...rollup, resolution: 'raw' as const, bucketMs: 0 };
    expect(datasetsFor(raw, 'temp').map((d) => d.label)).toEqual(['Cell 1', 'Cell 2']);
    const pack = datasetsFor(raw, 'current');
    expect(pack.map((d) => d.label)).toEqual(['Pack current']);
    expect(pack[0]!.data.map((p) => p.y)).toEqual([1, null, 2]);
  });

  it('draws the risk panel as stepped lines of each cell’s highest class, or nothing without predictions', () => {
    const risk = datasetsFor(rollup, 'risk');
    expect(risk).toHaveLength(1);
    expect(risk[0]).toMatchObject({ label: 'Cell 2', stepped: 'before', borderColor: cellColor(1) });
    // The last bucket (from 2000) holds its class one bucket on, up to the window's end (3000).
    expect(risk[0]!.data).toEqual([
      { x: 0, y: 0 },
      { x: 2000, y: 3 },
      { x: 3000, y: 3 },
    ]);
    const wide = datasetsFor({ ...rollup, toMs: 10_000 }, 'risk');
    expect(wide[0]!.data.at(-1)).toEqual({ x: 4000, y: 3 });
    // One point, or a last point at the window's end: nothing to hold.
    expect(
      datasetsFor({ ...rollup, risk: { ...rollup.risk!, t: [0], series: [{ cell: 2, max: [1] }] } }, 'risk')[0]!.data,
    ).toEqual([{ x: 0, y: 1 }]);
    expect(datasetsFor({ ...rollup, risk: null }, 'risk')).toEqual([]);
    expect(datasetsFor(rollup, 'voltage')).toEqual([]);
  });
});
