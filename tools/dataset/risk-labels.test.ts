import { describe, expect, it } from 'vitest';
import { ALARM, NORMAL, riskLabel, RUNAWAY, WARNING, WATCH, type LabelInputs } from './risk-labels.js';

const calm: LabelInputs = {
  timeToOnsetS: null,
  canC: 30,
  voltageV: 3.8,
  vMax: 4.2,
  vMin: 2.5,
  sensorFault: false,
  otherCellNearOnset: false,
};

describe('riskLabel', () => {
  it('follows the GB onset: Runaway after, Alarm ≤ 5 min, Warning ≤ 15 min, Watch ≤ 60 min', () => {
    const at = (tto: number) => riskLabel({ ...calm, timeToOnsetS: tto });
    expect([at(-100), at(0), at(1), at(300), at(301), at(900), at(901), at(3600), at(3601)]).toEqual([
      RUNAWAY,
      RUNAWAY,
      ALARM,
      ALARM,
      WARNING,
      WARNING,
      WATCH,
      WATCH,
      NORMAL,
    ]);
  });

  it('marks abnormal but stable conditions as Watch', () => {
    expect(riskLabel(calm)).toBe(NORMAL);
    expect(riskLabel({ ...calm, canC: 45 })).toBe(WATCH);
    expect(riskLabel({ ...calm, canC: 44.9 })).toBe(NORMAL);
    expect(riskLabel({ ...calm, voltageV: 4.26 })).toBe(WATCH);
    expect(riskLabel({ ...calm, voltageV: 0 })).toBe(WATCH);
    expect(riskLabel({ ...calm, sensorFault: true })).toBe(WATCH);
    expect(riskLabel({ ...calm, otherCellNearOnset: true })).toBe(WATCH);
  });

  it('lets an approaching onset outrank an abnormal condition', () => {
    expect(riskLabel({ ...calm, canC: 80, timeToOnsetS: 200 })).toBe(ALARM);
  });
});
