/**
 * The trend of each cell's risk over its last predictions (`GET /api/ml/batch-analyze`): the newest
 * ten, and whether the risk score — the class expected under the probabilities, 0 (Normal) to 4
 * (Runaway) — rises, falls or holds across them. A least-squares slope, so one noisy prediction does
 * not make a trend; "rising" once it adds up to a quarter of a class over the points' span.
 */
import type { Prediction, PredictionTrend, TrendPoint } from '../contract/ml-methods.js';

export const TREND_POINTS = 10;
const TREND_CLASS_CHANGE = 0.25;

export const riskScore = (probabilities: readonly number[]) => probabilities.reduce((sum, p, i) => sum + p * i, 0);

export class PredictionTrends {
  private readonly points = new Map<string, TrendPoint[]>();

  add(p: Prediction): void {
    const key = `${p.deviceId}#${p.cell}`;
    let list = this.points.get(key);
    if (!list) this.points.set(key, (list = []));
    const last = list[list.length - 1];
    if (last && last.tMs === p.tMs) list.pop();
    list.push({
      tMs: p.tMs,
      tHostMs: p.tHostMs,
      classIndex: p.classIndex,
      className: p.className,
      confidence: p.confidence,
      riskScore: Math.round(riskScore(p.probabilities) * 1e4) / 1e4,
    });
    if (list.length > TREND_POINTS) list.shift();
  }

  forget(deviceId: string): void {
    for (const key of [...this.points.keys()]) if (key.startsWith(`${deviceId}#`)) this.points.delete(key);
  }

  trends(deviceId?: string): PredictionTrend[] {
    const out: PredictionTrend[] = [];
    for (const [key, points] of this.points) {
      const hash = key.lastIndexOf('#');
      const dev = key.slice(0, hash);
      if (deviceId !== undefined && dev !== deviceId) continue;
      out.push({ deviceId: dev, cell: Number(key.slice(hash + 1)), points: [...points], ...trendOf(points) });
    }
    return out.sort((a, b) => a.deviceId.localeCompare(b.deviceId) || a.cell - b.cell);
  }
}

export function trendOf(points: readonly TrendPoint[]): Pick<PredictionTrend, 'trend' | 'slopePerMin'> {
  if (points.length < 3) return { trend: 'unknown', slopePerMin: null };
  const t0 = points[0]!.tMs;
  const xs = points.map((p) => (p.tMs - t0) / 60_000);
  const ys = points.map((p) => p.riskScore);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  if (sxx === 0) return { trend: 'unknown', slopePerMin: null };
  const slope = sxy / sxx;
  const change = slope * (xs[xs.length - 1]! - xs[0]!);
  return {
    trend: change >= TREND_CLASS_CHANGE ? 'rising' : change <= -TREND_CLASS_CHANGE ? 'falling' : 'steady',
    slopePerMin: Math.round(slope * 1e4) / 1e4,
  };
}
