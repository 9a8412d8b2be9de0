/**
 * How far one prediction can be trusted, and why not more. Unknown is never shown as Normal: stale
 * data, a sensor fault, gaps, a model that is unsure, and inputs outside what the model was trained on
 * each lower the rating with a reason the operator can act on. Pure: one row's facts in, a rating out.
 */
import type { Reliability } from '../contract/ml-methods.js';

export interface FeatureRange {
  name: string;
  unit: string;
  min: number;
  max: number;
}

export interface ReliabilityInput {
  values: ArrayLike<number>;
  /** Training ranges in the model's column order (from the model card). */
  ranges: readonly FeatureRange[];
  sensorFault: string | null;
  /** Longest recent gap between readings of this cell, s. */
  gapS: number;
  /** Wall time since the cell's newest reading arrived, ms. */
  dataAgeMs: number;
  confidence: number;
}

export interface ReliabilityRules {
  staleAfterMs: number;
  /** Gaps above these lower the rating to medium / low. */
  gapMediumS: number;
  gapLowS: number;
  /** A feature this share of its training span outside the range makes the model not applicable. */
  farOutsideShare: number;
  /** This many features outside their range at all make it not applicable too. */
  maxOutsideFeatures: number;
  /** Top-class probability below this: the model is unsure. */
  unsureBelow: number;
  /** Column that says how much history the windows hold, s (absent in the spec: no warm-up rule). */
  historyFeature: string;
  warmupS: number;
}

export const DEFAULT_RELIABILITY_RULES: ReliabilityRules = {
  staleAfterMs: 5_000,
  gapMediumS: 5,
  gapLowS: 30,
  farOutsideShare: 0.25,
  maxOutsideFeatures: 3,
  unsureBelow: 0.5,
  historyFeature: 'history_s',
  warmupS: 30,
};

const RANK: Record<Reliability, number> = { high: 3, medium: 2, low: 1, 'not-applicable': 0 };

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(1) : v.toPrecision(2));

export function assessReliability(
  r: ReliabilityInput,
  rules: ReliabilityRules = DEFAULT_RELIABILITY_RULES,
): { reliability: Reliability; reasons: string[] } {
  let level: Reliability = 'high';
  const reasons: string[] = [];
  const lower = (to: Reliability, reason: string) => {
    if (RANK[to] < RANK[level]) level = to;
    reasons.push(reason);
  };

  if (r.dataAgeMs > rules.staleAfterMs)
    lower('low', `stale data: no reading from this cell for ${Math.round(r.dataAgeMs / 1000)} s`);
  if (r.sensorFault) lower('low', `sensor fault: ${r.sensorFault}`);
  if (r.gapS > rules.gapLowS) lower('low', `gap of ${Math.round(r.gapS)} s in this cell's readings`);
  else if (r.gapS > rules.gapMediumS) lower('medium', `gap of ${r.gapS.toFixed(1)} s in this cell's readings`);

  const outside: string[] = [];
  let far = false;
  let missing = 0;
  for (let i = 0; i < r.ranges.length; i++) {
    const v = r.values[i]!;
    const f = r.ranges[i]!;
    // NaN is the features' "not available" (no history yet, not at rest): the model was trained with it.
    if (Number.isNaN(v)) {
      missing++;
      continue;
    }
    if (v >= f.min && v <= f.max) continue;
    const span = Math.max(f.max - f.min, 1e-9);
    const beyond = v < f.min ? f.min - v : v - f.max;
    if (beyond / span > rules.farOutsideShare) far = true;
    outside.push(`${f.name} ${fmt(v)} ${f.unit} (trained ${fmt(f.min)}…${fmt(f.max)})`);
  }
  if (outside.length > 0)
    lower(
      far || outside.length >= rules.maxOutsideFeatures ? 'not-applicable' : 'medium',
      `input${outside.length > 1 ? 's' : ''} outside the training range: ${outside.join(', ')}`,
    );
  if (r.ranges.length > 0 && missing * 2 > r.ranges.length)
    lower('low', `${missing} of ${r.ranges.length} inputs unavailable (missing readings)`);

  const hi = r.ranges.findIndex((f) => f.name === rules.historyFeature);
  const historyS = hi >= 0 ? r.values[hi]! : Number.NaN;
  if (hi >= 0 && !(historyS >= rules.warmupS))
    lower('medium', `warming up: ${Number.isNaN(historyS) ? 'no' : `${Math.round(historyS)} s of`} history yet`);

  if (r.confidence < rules.unsureBelow)
    lower('medium', `model unsure: top class only ${Math.round(r.confidence * 100)} % likely`);
  return { reliability: level, reasons };
}
