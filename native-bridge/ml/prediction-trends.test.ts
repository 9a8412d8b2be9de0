/** The risk trend over a cell's last predictions: a least-squares slope of the expected class. */
import { describe, expect, it } from 'vitest';
import type { Prediction } from '../contract/ml-methods.js';
import { PredictionTrends, riskScore, TREND_POINTS, trendOf } from './prediction-trends.js';

const point = (tMs: number, score: number) => ({
  tMs,
  tHostMs: tMs,
  classIndex: Math.round(score),
  className: 'Normal' as const,
  confidence: 0.9,
  riskScore: score,
});

const prediction = (cell: number, tMs: number, probabilities: number[]) =>
  ({
    deviceId: 'RIG',
    cell,
    tMs,
    tHostMs: tMs,
    probabilities,
    classIndex: 0,
    className: 'Normal',
    confidence: 1,
  }) as Prediction;

describe('prediction trends', () => {
  it('calls a quarter class or more across the points rising or falling, less steady, under three unknown', () => {
    const line = (from: number, to: number) =>
      Array.from({ length: 10 }, (_, i) => point(i * 60_000, from + ((to - from) * i) / 9));
    expect(trendOf(line(0, 1))).toEqual({ trend: 'rising', slopePerMin: 0.1111 });
    expect(trendOf(line(2, 1.5)).trend).toBe('falling');
    expect(trendOf(line(1, 1.2)).trend).toBe('steady');
    // One outlier does not make a trend.
    const noisy = line(1, 1).map((p, i) => (i === 4 ? { ...p, riskScore: 1.6 } : p));
    expect(trendOf(noisy).trend).toBe('steady');
    expect(trendOf(line(0, 4).slice(0, 2))).toEqual({ trend: 'unknown', slopePerMin: null });
  });

  it('keeps the last ten predictions per cell, replacing one of the same time, and forgets a device', () => {
    const book = new PredictionTrends();
    for (let i = 0; i < 15; i++) book.add(prediction(1, i * 1000, [1 - i / 20, i / 20, 0, 0, 0]));
    book.add(prediction(1, 14_000, [0, 0, 1, 0, 0]));
    book.add(prediction(2, 0, [1, 0, 0, 0, 0]));
    const [c1, c2] = book.trends();
    expect(c1!.points).toHaveLength(TREND_POINTS);
    expect(c1!.points[0]!.tMs).toBe(5000);
    expect(c1!.points.at(-1)!.riskScore).toBe(2);
    expect(c1!.trend).toBe('rising');
    expect(c2).toMatchObject({ cell: 2, trend: 'unknown' });
    expect(riskScore([0, 0, 0.5, 0.5, 0])).toBe(2.5);
    book.forget('RIG');
    expect(book.trends()).toEqual([]);
  });
});
