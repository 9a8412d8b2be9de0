import { describe, expect, it } from 'vitest';
import { ALARM, NORMAL, onsetBin, riskLabel, RUNAWAY, WARNING, WATCH } from './risk-labels.js';

describe('riskLabel', () => {
  it('follows the time to the onset: Runaway after, Alarm ≤ 5 min, Warning ≤ 15 min, Watch ≤ 60 min', () => {
    const at = [-100, 0, 1, 300, 301, 900, 901, 3600, 3601].map(riskLabel);
    expect(at).toEqual([RUNAWAY, RUNAWAY, ALARM, ALARM, WARNING, WARNING, WATCH, WATCH, NORMAL]);
    expect(riskLabel(null)).toBe(NORMAL);
  });

  it('puts every time into one bin of the model', () => {
    expect([-5, 0, 60, 120, 121, 300, 599, 600, 899, 1200, 3000, 3600, 3601, 99999].map(onsetBin)).toEqual([
      0, 0, 1, 1, 2, 2, 3, 3, 4, 5, 6, 6, 7, 7,
    ]);
    expect(onsetBin(null)).toBe(7);
    expect(onsetBin(NaN)).toBe(7);
  });
});
