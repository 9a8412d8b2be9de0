/**
 * The batch trend analysis ("View Trends"): for each cell its last predictions, how many fell in each
 * class, and which way the risk is heading, in words.
 */
import { RISK_CLASSES, type PredictionTrend, type RiskClass } from '../../../native-bridge/contract/index.js';

export interface TrendRow {
  key: string;
  deviceId: string;
  cell: number;
  points: number;
  counts: Record<RiskClass, number>;
  direction: string;
  trend: PredictionTrend['trend'];
  classes: RiskClass[];
}

const DIRECTION: Record<PredictionTrend['trend'], string> = {
  rising: '↑ rising',
  steady: '→ steady',
  falling: '↓ falling',
  unknown: 'too few predictions',
};

export function trendRows(trends: readonly PredictionTrend[]): TrendRow[] {
  return trends.map((t) => {
    const counts = Object.fromEntries(RISK_CLASSES.map((c) => [c, 0])) as Record<RiskClass, number>;
    for (const p of t.points) counts[p.className] += 1;
    const slope =
      t.slopePerMin === null
        ? ''
        : ` (${t.slopePerMin >= 0 ? '+' : '−'}${Math.abs(t.slopePerMin).toFixed(2)} class/min)`;
    return {
      key: `${t.deviceId}#${t.cell}`,
      deviceId: t.deviceId,
      cell: t.cell,
      points: t.points.length,
      counts,
      direction: DIRECTION[t.trend] + (t.trend === 'unknown' ? '' : slope),
      trend: t.trend,
      classes: t.points.map((p) => p.className),
    };
  });
}
