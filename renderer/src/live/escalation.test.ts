import { describe, expect, it } from 'vitest';
import { prediction, ruleAlarm } from '../insights/fixtures/predictions.js';
import { alarmEscalates, predictionsEscalate } from './escalation.js';

describe('escalation', () => {
  it('is a cell whose class rose above the one shown, or a new cell above Normal', () => {
    const shown = [prediction({ cell: 1, classIndex: 1 }), prediction({ cell: 2, classIndex: 2 })];
    expect(predictionsEscalate(shown, [prediction({ cell: 1, classIndex: 1 })])).toBe(false);
    expect(predictionsEscalate(shown, [prediction({ cell: 2, classIndex: 1 })])).toBe(false);
    expect(predictionsEscalate(shown, [prediction({ cell: 1, classIndex: 2 })])).toBe(true);
    expect(predictionsEscalate(shown, [prediction({ cell: 3, classIndex: 0 })])).toBe(false);
    expect(predictionsEscalate(null, [prediction({ cell: 3, classIndex: 1 })])).toBe(true);
  });
  it('is an alarm raised or escalated to Warning or worse', () => {
    expect(alarmEscalates({ change: 'raised', alarm: ruleAlarm({ severity: 'warning' }) })).toBe(true);
    expect(alarmEscalates({ change: 'escalated', alarm: ruleAlarm({ severity: 'critical' }) })).toBe(true);
    expect(alarmEscalates({ change: 'raised', alarm: ruleAlarm({ severity: 'info' }) })).toBe(false);
    expect(alarmEscalates({ change: 'cleared', alarm: ruleAlarm({ severity: 'critical' }) })).toBe(false);
    // A cleared alarm nobody acknowledged that comes back is news as much as a new one.
    expect(alarmEscalates({ change: 'returned', alarm: ruleAlarm({ severity: 'alarm' }) })).toBe(true);
  });
});
