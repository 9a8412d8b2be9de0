/**
 * From the model's onset-bin probabilities to what the station shows: the five class probabilities,
 * the class by the card's thresholds (tuned on validation runs, never an argmax), and the estimated time
 * to runaway with its 80 % interval. The card carries the bins, the thresholds and the hysteresis hold; a card without them
 * cannot be loaded (model-files.ts). models/risk_decision.py is the same decision for training and
 * evaluation; the parity test checks the two agree on the shipped parity rows.
 */
import type { ModelCard, TimeToRunaway } from '../contract/ml-methods.js';
import { DEFAULT_HOLD_MS } from './risk-hysteresis.js';

export interface OnsetBin {
  /** onset − t in (lowerS, upperS], s; null = unbounded. */
  lowerS: number | null;
  upperS: number | null;
  riskClass: string;
}

export interface DecisionThresholds {
  runaway: number;
  alarm: number;
  warning: number;
  watch: number;
}

export interface RiskDecision {
  bins: readonly OnsetBin[];
  thresholds: DecisionThresholds;
  horizonS: number;
  /** How long the model must stay lower before the shown class steps down (the card's, else 10 s). */
  holdMs: number;
  /** The interval's scale about the median in log time (the card's ttoIntervalSpread, else 1). */
  intervalSpread: number;
}

/** The decision a card describes: its bins, its thresholds and its hysteresis hold. */
export function decisionOf(card: ModelCard): RiskDecision {
  const { holdS, ttoIntervalSpread } = card.decision;
  return {
    bins: card.onsetBins,
    thresholds: card.decision.thresholds,
    horizonS: card.horizonS,
    holdMs: holdS === undefined ? DEFAULT_HOLD_MS : holdS * 1000,
    intervalSpread: ttoIntervalSpread ?? 1,
  };
}

const CLASS_INDEX: Readonly<Record<string, number>> = { Normal: 0, Watch: 1, Warning: 2, Alarm: 3, Runaway: 4 };
const HORIZON: Readonly<Record<keyof DecisionThresholds, number>> = {
  runaway: 0,
  alarm: 300,
  warning: 900,
  watch: 3600,
};

export function classOfBin(bin: OnsetBin): number {
  const k = CLASS_INDEX[bin.riskClass];
  if (k === undefined) throw new Error(`onset bin class ${bin.riskClass} is not a risk class`);
  return k;
}

/** The five class probabilities: each class is the sum of its bins. */
export function classProbabilities(d: RiskDecision, p: ArrayLike<number>, at = 0): number[] {
  const out = [0, 0, 0, 0, 0];
  for (let b = 0; b < d.bins.length; b++) out[classOfBin(d.bins[b]!)]! += p[at + b]!;
  return out;
}

/** P(onset within the horizon), the sum of the bins that end at or before it. */
function within(d: RiskDecision, p: ArrayLike<number>, at: number, horizonS: number): number {
  let s = 0;
  for (let b = 0; b < d.bins.length; b++) {
    const up = d.bins[b]!.upperS;
    if (up !== null && up <= horizonS) s += p[at + b]!;
  }
  return s;
}

/** The class: the most severe whose cumulative probability reaches its threshold; Normal otherwise. */
export function decideClass(d: RiskDecision, p: ArrayLike<number>, at = 0): number {
  const t = d.thresholds;
  // Float32 sums as the evaluation makes them in float64: compare with a hair of slack, never less.
  const eps = 1e-7;
  if (within(d, p, at, HORIZON.runaway) >= t.runaway - eps) return 4;
  if (within(d, p, at, HORIZON.alarm) >= t.alarm - eps) return 3;
  if (within(d, p, at, HORIZON.warning) >= t.warning - eps) return 2;
  if (within(d, p, at, HORIZON.watch) >= t.watch - eps) return 1;
  return 0;
}

/**
 * Median and 10th/90th percentile of the onset time from the bins' cumulative distribution (linear
 * inside a bin); null when an onset within the horizon is less likely than not. The bounds are moved
 * about the median in log time by the card's spread, fitted on validation runs so that the interval
 * holds the truth 80 % of the time it is shown (the bins' own held it 94 %: wider than it said).
 */
export function timeToRunaway(d: RiskDecision, p: ArrayLike<number>, at = 0): TimeToRunaway | null {
  const edges: number[] = [];
  const cdf: number[] = [];
  let c = 0;
  for (let b = 0; b < d.bins.length; b++) {
    c += p[at + b]!;
    const up = d.bins[b]!.upperS;
    if (up === null) break;
    edges.push(Math.max(0, up));
    cdf.push(c);
  }
  const quantile = (q: number): number | null => {
    let prevT = 0;
    let prevC = 0;
    for (let i = 0; i < edges.length; i++) {
      if (cdf[i]! >= q) {
        if (i === 0) return 0;
        const frac = Math.min(1, Math.max(0, (q - prevC) / Math.max(cdf[i]! - prevC, 1e-12)));
        return prevT + frac * (edges[i]! - prevT);
      }
      prevT = edges[i]!;
      prevC = cdf[i]!;
    }
    return null;
  };
  const inHorizon = (v: number | null) => (v !== null && v <= d.horizonS ? v : null);
  const median = inHorizon(quantile(0.5));
  if (median === null) return null;
  // As models/risk_decision.py spread_interval: a bound or a median at 0 has no log distance to scale.
  const spread = (b: number | null) =>
    b === null || b <= 0 || median <= 0 || d.intervalSpread === 1 ? b : median * (b / median) ** d.intervalSpread;
  const round = (v: number) => Math.round(v);
  const low = inHorizon(spread(quantile(0.1)));
  const high = inHorizon(spread(quantile(0.9)));
  return {
    medianS: round(median),
    lowS: round(low ?? 0),
    highS: high === null ? null : round(high),
    horizonS: d.horizonS,
  };
}
