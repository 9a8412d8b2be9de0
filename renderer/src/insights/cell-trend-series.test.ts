import { describe, expect, it } from 'vitest';
import { cellTrendSeries, minuteTicks, minutesAgoLabel } from './cell-trend-series.js';

describe('cell trend series', () => {
  it('puts class, probabilities (%) and temperature on minutes before the newest prediction, gaps kept', () => {
    const s = cellTrendSeries({
      deviceId: 'A',
      cell: 1,
      newestMs: 3_600_000,
      points: [
        { tMs: 0, classIndex: 0, probabilities: [0.9, 0.05, 0.03, 0.01, 0.01], tempC: 25 },
        { tMs: 1_800_000, classIndex: 3, probabilities: [0.1, 0.1, 0.1, 0.6, 0.1], tempC: null },
        { tMs: 3_600_000, classIndex: 4, probabilities: null, tempC: 140.5 },
      ],
    });
    expect(s.classLine).toEqual([
      { x: -60, y: 0 },
      { x: -30, y: 3 },
      { x: 0, y: 4 },
    ]);
    expect(s.probabilities.map((p) => p.riskClass)).toEqual(['Normal', 'Watch', 'Warning', 'Alarm', 'Runaway']);
    expect(s.probabilities[3]!.points.map((p) => p.y)).toEqual([1, 60, null]);
    expect(s.temperature.map((p) => p.y)).toEqual([25, null, 140.5]);
    expect(s).toMatchObject({ spanMin: 60, worst: 'Runaway' });
  });

  it('is empty without points, and labels the axis in minutes ago', () => {
    expect(cellTrendSeries({ deviceId: 'A', cell: 1, newestMs: null, points: [] })).toMatchObject({
      classLine: [],
      spanMin: 0,
      worst: null,
    });
    expect([-60, -12.4, -0.2].map(minutesAgoLabel)).toEqual(['−60 min', '−12 min', 'now']);
    expect(minuteTicks(47.2)).toEqual([-40, -30, -20, -10, 0]);
    expect(minuteTicks(12)).toEqual([-10, -5, 0]);
    expect(minuteTicks(0.3)).toEqual([-1, 0]);
  });
});
