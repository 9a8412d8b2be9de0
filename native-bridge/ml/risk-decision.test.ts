/**
 * The time to runaway against a hand-computed distribution, with the card's interval spread and
 * without it. The Python side is checked against the same numbers (models/test_risk_decision.py) and
 * against this code row by row on the shipped parity rows (risk-model.parity.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { timeToRunaway, type OnsetBin, type RiskDecision } from './risk-decision.js';

const BINS: OnsetBin[] = [
  { lowerS: null, upperS: 0, riskClass: 'Runaway' },
  { lowerS: 0, upperS: 300, riskClass: 'Alarm' },
  { lowerS: 300, upperS: 900, riskClass: 'Warning' },
  { lowerS: 900, upperS: 3600, riskClass: 'Watch' },
  { lowerS: 3600, upperS: null, riskClass: 'Normal' },
];
const decision = (intervalSpread: number): RiskDecision => ({
  bins: BINS,
  thresholds: { runaway: 0.5, alarm: 0.5, warning: 0.5, watch: 0.5 },
  horizonS: 3600,
  holdMs: 60_000,
  intervalSpread,
});
// CDF at the edges 0 / 300 / 900 / 3600 s: 0, 0.2, 0.6, 0.9. The 10th percentile is halfway into
// (0, 300] = 150 s, the median 3/4 into (300, 900] = 750 s, the 90th percentile at 3600 s.
const P = [0, 0.2, 0.4, 0.3, 0.1];

describe('timeToRunaway', () => {
  it('gives the bins’ own quantiles at spread 1', () => {
    expect(timeToRunaway(decision(1), P)).toEqual({ medianS: 750, lowS: 150, highS: 3600, horizonS: 3600 });
  });

  it('narrows the interval about the median in log time at spread 0.5', () => {
    // 750·(150/750)^0.5 = 335.4 s, 750·(3600/750)^0.5 = 1643.2 s; the median stays.
    expect(timeToRunaway(decision(0.5), P)).toEqual({ medianS: 750, lowS: 335, highS: 1643, horizonS: 3600 });
  });

  it('leaves a widened bound beyond the horizon open', () => {
    // 750·(3600/750)^1.5 = 7887 s, past the hour the model can see: no upper bound, as the UI shows it.
    const t = timeToRunaway(decision(1.5), P)!;
    expect(t.highS).toBeNull();
    expect(t.lowS).toBe(67); // 750·(150/750)^1.5 = 67.1 s
  });

  it('gives no estimate when an onset within the hour is less likely than not', () => {
    expect(timeToRunaway(decision(0.5), [0, 0.1, 0.1, 0.2, 0.6])).toBeNull();
  });
});
