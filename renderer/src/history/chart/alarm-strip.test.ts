import { describe, expect, it } from 'vitest';
import type { AlarmSeverity } from '../../../../native-bridge/contract/index.js';
import { alarmStretches } from './alarm-strip.js';

const alarm = (raisedAtMs: number, clearedAtMs: number | null, peakSeverity: AlarmSeverity) => ({
  raisedAtMs,
  clearedAtMs,
  peakSeverity,
});

describe('alarmStretches', () => {
  it('draws a runaway’s pile of overlapping alarms as one strip at the worst severity standing', () => {
    // As a runaway raises them on one cell: T_WARN, then T_ALARM and RUNAWAY, then T_MAX; all still open.
    const runaway = [
      alarm(100, null, 'warning'),
      alarm(105, null, 'alarm'),
      alarm(105, null, 'critical'),
      alarm(115, null, 'critical'),
    ];
    expect(alarmStretches(runaway)).toEqual([
      { fromMs: 100, toMs: 105, severity: 'warning' },
      { fromMs: 105, toMs: Infinity, severity: 'critical' },
    ]);
  });

  it('steps back down when the worse alarm clears, and leaves calm time out', () => {
    const alarms = [alarm(0, 50, 'warning'), alarm(10, 20, 'alarm'), alarm(30, 40, 'warning'), alarm(70, 80, 'info')];
    expect(alarmStretches(alarms)).toEqual([
      { fromMs: 0, toMs: 10, severity: 'warning' },
      { fromMs: 10, toMs: 20, severity: 'alarm' },
      { fromMs: 20, toMs: 50, severity: 'warning' },
      { fromMs: 70, toMs: 80, severity: 'info' },
    ]);
  });

  it('keeps an alarm cleared the moment it was raised, and has nothing without alarms', () => {
    expect(alarmStretches([alarm(5, 5, 'alarm')])).toEqual([{ fromMs: 5, toMs: 6, severity: 'alarm' }]);
    expect(alarmStretches([])).toEqual([]);
  });
});
