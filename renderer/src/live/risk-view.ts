/**
 * What the Live tab shows of the risk model, decided without React so it can be tested: the label of
 * a cell's class (never a reassuring "Normal" the model cannot vouch for), the worst cell, whose
 * recommendation goes in the strip, and the words of the reliability badge.
 */
import type { ModelState, Prediction, Reliability } from '../../../native-bridge/contract/index.js';

const RELIABILITY_RANK: Record<Reliability, number> = { high: 3, medium: 2, low: 1, 'not-applicable': 0 };

export function classLabel(p: Pick<Prediction, 'className' | 'reliability'>): string {
  if (p.className === 'Normal' && RELIABILITY_RANK[p.reliability] <= RELIABILITY_RANK.low) return 'Unknown';
  return p.className;
}

export function reliabilityLabel(r: Reliability): string {
  return r === 'not-applicable' ? 'not applicable' : r;
}

/** Highest class first; at equal class the less reliable one (it needs the operator's eyes more). */
export function worstPrediction(predictions: readonly Prediction[]): Prediction | null {
  let worst: Prediction | null = null;
  for (const p of predictions) {
    if (
      !worst ||
      p.classIndex > worst.classIndex ||
      (p.classIndex === worst.classIndex && RELIABILITY_RANK[p.reliability] < RELIABILITY_RANK[worst.reliability])
    )
      worst = p;
  }
  return worst;
}

export function reliabilityTitle(p: Pick<Prediction, 'reliability' | 'reasons'>): string {
  if (p.reasons.length === 0) return 'Reliability high: fresh, sound data inside the model’s training range.';
  return `Reliability ${reliabilityLabel(p.reliability)}:\n• ${p.reasons.join('\n• ')}`;
}

export function modelBadge(state: ModelState | null): { text: string; title: string } | null {
  if (state === null || state === 'loaded') return null;
  if (state === 'loading') return { text: 'model loading…', title: 'The risk model is being loaded.' };
  return {
    text: 'model not loaded — rules only',
    title:
      state === 'disabled'
        ? 'The risk model is turned off: only the safety rules (hard limits, GB 38031 runaway rule) raise alarms.'
        : 'The risk model could not be loaded (see the notice): only the safety rules (hard limits, GB 38031 runaway rule) raise alarms.',
  };
}
