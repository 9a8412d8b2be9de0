import { describe, expect, it } from 'vitest';
import type { PredictionTrend, RiskClass } from '../../../native-bridge/contract/index.js';
import { trendRows } from './trend-summary.js';

const point = (className: RiskClass, i: number) => ({
  tMs: i * 1000,
  tHostMs: i * 1000,
  classIndex: ['Normal', 'Watch', 'Warning', 'Alarm', 'Runaway'].indexOf(className),
  className,
  confidence: 0.8,
  riskScore: i,
});

describe('trend rows', () => {
  it('counts each cell’s last predictions per class and says which way the risk goes', () => {
    const trends: PredictionTrend[] = [
      {
        deviceId: 'A',
        cell: 2,
        points: (['Normal', 'Watch', 'Watch', 'Alarm'] as RiskClass[]).map(point),
        trend: 'rising',
        slopePerMin: 1.5,
      },
      { deviceId: 'A', cell: 3, points: [point('Normal', 0)], trend: 'unknown', slopePerMin: null },
    ];
    const [a, b] = trendRows(trends);
    expect(a!.counts).toEqual({ Normal: 1, Watch: 2, Warning: 0, Alarm: 1, Runaway: 0 });
    expect(a!.direction).toBe('↑ rising (+1.50 class/min)');
    expect(a!.classes).toEqual(['Normal', 'Watch', 'Watch', 'Alarm']);
    expect(b!.direction).toBe('too few predictions');
  });
});
