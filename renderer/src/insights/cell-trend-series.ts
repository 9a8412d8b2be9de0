/**
 * The selected cell's last hour as chart lines (getPredictionHistory): the class shown as a step line,
 * the five class probabilities in percent, and the temperature, on one x axis of minutes before the
 * cell's newest prediction (device time, so a fast simulation or a replay shows its own hour). Where
 * the model could not judge the cell its probabilities are gaps, never a line drawn through them.
 */
import { RISK_CLASSES, type PredictionHistoryResult, type RiskClass } from '../../../native-bridge/contract/index.js';
import type { XY } from '../live/chart-series.js';

/** The risk palette of the tiles and probability bars (insights.css), for canvas lines. */
export const RISK_LINE_COLOURS: Readonly<Record<RiskClass, string>> = {
  Normal: '#16a34a',
  Watch: '#ca8a04',
  Warning: '#d97706',
  Alarm: '#c62828',
  Runaway: '#7f1d1d',
};

export interface CellTrendSeries {
  classLine: XY[];
  probabilities: { riskClass: RiskClass; points: XY[] }[];
  temperature: XY[];
  /** Minutes covered, newest prediction at 0. */
  spanMin: number;
  /** The highest class of the stretch, or null without points. */
  worst: RiskClass | null;
}

const minutesBefore = (tMs: number, newestMs: number) => Math.round(((tMs - newestMs) / 60_000) * 1000) / 1000;

export function cellTrendSeries(h: PredictionHistoryResult): CellTrendSeries {
  const newest = h.newestMs ?? 0;
  const classLine: XY[] = [];
  const temperature: XY[] = [];
  const probabilities = RISK_CLASSES.map((riskClass) => ({ riskClass, points: [] as XY[] }));
  let worst = -1;
  for (const p of h.points) {
    const x = minutesBefore(p.tMs, newest);
    classLine.push({ x, y: p.classIndex });
    temperature.push({ x, y: p.tempC });
    for (let j = 0; j < 5; j++) {
      const v = p.probabilities?.[j];
      probabilities[j]!.points.push({ x, y: v === undefined ? null : Math.round(v * 1000) / 10 });
    }
    worst = Math.max(worst, p.classIndex);
  }
  const first = h.points[0];
  return {
    classLine,
    probabilities,
    temperature,
    spanMin: first ? -minutesBefore(first.tMs, newest) : 0,
    worst: worst < 0 ? null : RISK_CLASSES[worst]!,
  };
}

/** "−42 min", "now": the x axis's tick labels. */
export function minutesAgoLabel(x: number): string {
  const m = Math.round(-x);
  return m === 0 ? 'now' : `−${m} min`;
}

/** Round minutes for the x axis: every minute up to 10 min, every 5 up to 30, else every 10. */
export function minuteTicks(spanMin: number): number[] {
  const span = Math.max(1, Math.ceil(spanMin));
  const step = span <= 10 ? 1 : span <= 30 ? 5 : 10;
  const out: number[] = [];
  for (let m = Math.floor(span / step) * step; m >= 0; m -= step) out.push(m === 0 ? 0 : -m);
  return out;
}
