import { describe, expect, it } from 'vitest';
import { RISK_CLASSES, strongestFloorRule } from '../contract/ml-methods.js';
import { recommendationFor, SEVERITY } from './risk-classes.js';
import { ruleFloor } from './rule-floor.js';

describe('risk classes', () => {
  it('map to the severities of issue 6', () => {
    expect(RISK_CLASSES.map((c) => SEVERITY[c])).toEqual(['none', 'low', 'medium', 'high', 'critical']);
  });

  it('each have their own specific, actionable recommendation', () => {
    const texts = RISK_CLASSES.map((c) => recommendationFor(c, 'high'));
    expect(new Set(texts).size).toBe(5);
    expect(recommendationFor('Normal', 'high')).toMatch(/No action needed/);
    expect(recommendationFor('Watch', 'high')).toMatch(/watching this cell/);
    expect(recommendationFor('Warning', 'high')).toMatch(/Pause charging.*open the rig relay/s);
    expect(recommendationFor('Alarm', 'high')).toMatch(/Stop charging.*open the rig relay.*clear the area/s);
    expect(recommendationFor('Runaway', 'high')).toMatch(/evacuate.*do not approach.*call the fire service/is);
  });

  it('never give an all-clear the model cannot vouch for', () => {
    expect(recommendationFor('Normal', 'low')).toMatch(/cannot vouch/);
    expect(recommendationFor('Normal', 'not-applicable')).toMatch(/cannot vouch/);
    expect(recommendationFor('Normal', 'medium')).toMatch(/No action needed/);
    // A doubtful alarm keeps its action: acting on it costs little.
    expect(recommendationFor('Alarm', 'not-applicable')).toMatch(/Stop charging/);
  });
});

describe('rule floor', () => {
  it('takes the strongest active rule: runaway, then hard limits, then the warning line', () => {
    expect(ruleFloor([])).toBeNull();
    expect(ruleFloor([{ code: 'SENSOR', message: 'no temperature' }])).toBeNull();
    expect(ruleFloor([{ code: 'T_WARN', message: 'w' }])).toMatchObject({ rule: 'T_WARN', floorClass: 'Watch' });
    expect(
      ruleFloor([
        { code: 'T_WARN', message: 'w' },
        { code: 'T_MAX', message: 'above 80 °C' },
      ]),
    ).toEqual({ rule: 'T_MAX', floorClass: 'Alarm', message: 'above 80 °C' });
    expect(
      ruleFloor([
        { code: 'T_MAX', message: 'm' },
        { code: 'RUNAWAY', message: 'GB 38031' },
      ]),
    ).toEqual({ rule: 'RUNAWAY', floorClass: 'Runaway', message: 'GB 38031' });
  });

  it('holds a self-heating cell at Watch below the 50 °C line and at Warning past it', () => {
    const selfHeat = { code: 'SELF_HEAT', message: 'self-heating, 2.0 °C/min' };
    expect(ruleFloor([selfHeat])).toEqual({ rule: 'SELF_HEAT', floorClass: 'Watch', message: selfHeat.message });
    expect(ruleFloor([{ code: 'T_WARN', message: 'above 50 °C' }, selfHeat])).toEqual({
      rule: 'SELF_HEAT',
      floorClass: 'Warning',
      message: `${selfHeat.message}; above 50 °C`,
    });
    // Together they lift the cell to Warning, never above what a hard limit holds it at.
    expect(ruleFloor([selfHeat, { code: 'T_WARN', message: 'w' }, { code: 'T_ALARM', message: 'a' }])).toMatchObject({
      rule: 'T_ALARM',
      floorClass: 'Alarm',
    });
    expect(strongestFloorRule(['T_WARN', 'SELF_HEAT'])).toBe('SELF_HEAT');
    expect(strongestFloorRule(['T_WARN'])).toBe('T_WARN');
  });
});
