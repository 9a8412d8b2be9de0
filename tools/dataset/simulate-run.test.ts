import { describe, expect, it } from 'vitest';
import { CODE_BIT } from '../../native-bridge/safety/cell-safety.js';
import { WARNING, WATCH } from './risk-labels.js';
import { simulateRun } from './simulate-run.js';

describe('simulateRun: the station’s rule floors', () => {
  it('records SELF_HEAT on a heated cell and holds those rows at Watch or above, Warning past 50 °C, as the station does', () => {
    // The small dataset's oven-000: one LFP cell in an oven that heats it without a runaway; SafetyMonitor
    // raises SELF_HEAT from 1082 s on (CellSafety alone, the dataset's old rules, never did), T_WARN from
    // about 1600 s and T_ALARM from about 1800 s.
    const r = simulateRun({
      id: 'oven-000',
      index: 12,
      scenario: 'oven',
      seed: 1331279835,
      chemistry: 'lfp-prismatic',
      cellCount: 1,
      faults: false,
      durationS: 1800,
      split: 'val',
    });
    const selfHeat = [...r.ruleCodes.keys()].filter((k) => (r.ruleCodes[k]! & CODE_BIT.SELF_HEAT) !== 0);
    expect(selfHeat.length).toBeGreaterThan(30);
    expect(r.tS[selfHeat[0]!]).toBeGreaterThan(600);
    for (const k of selfHeat) expect(r.ruleClass[k]).toBeGreaterThanOrEqual(WATCH);
    // Past the T_WARN line self-heating is a warning (ml/rule-floor.ts); this cell gets there.
    const past = selfHeat.filter((k) => (r.ruleCodes[k]! & CODE_BIT.T_WARN) !== 0);
    expect(past.length).toBeGreaterThan(0);
    for (const k of past) expect(r.ruleClass[k]).toBeGreaterThanOrEqual(WARNING);
    // The floor comes from the book's standing alarms, so it stays for the clear hold after the rule
    // stops holding and never before the rule first held.
    expect([...r.ruleClass.subarray(0, selfHeat[0]!)].every((c) => c < WATCH)).toBe(true);
    expect(r.onsets[0]!.onsetS).toBeNull();
  });
});
