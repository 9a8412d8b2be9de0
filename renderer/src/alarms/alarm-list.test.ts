import { describe, expect, it } from 'vitest';
import { alarm as alarmOf } from '../../../testing/electron/alarms.js';
import { ALL_ALARMS, STATION_ROW, filterLog, logDevices } from './alarm-filter.js';
import { EMPTY_ALARMS, applyAlarmChange, devicesWithActiveAlarms } from './alarm-list.js';

describe('the renderer’s alarm list', () => {
  it('a push raises, escalates, acknowledges and clears in place, worst first and newest first', () => {
    let s = applyAlarmChange(EMPTY_ALARMS, { change: 'raised', alarm: alarmOf({ id: 1, severity: 'warning' }) });
    s = applyAlarmChange(s, { change: 'raised', alarm: alarmOf({ id: 2, severity: 'critical', raisedAtMs: 5_000 }) });
    expect(s.active.map((a) => a.id)).toEqual([2, 1]);
    expect(s.recent.map((a) => a.id)).toEqual([2, 1]);
    s = applyAlarmChange(s, {
      change: 'acknowledged',
      alarm: alarmOf({ id: 1, severity: 'warning', acknowledgedAtMs: 6_000 }),
    });
    expect(s.active.find((a) => a.id === 1)?.acknowledgedAtMs).toBe(6_000);
    s = applyAlarmChange(s, {
      change: 'cleared',
      alarm: alarmOf({ id: 1, severity: 'warning', acknowledgedAtMs: 6_000, clearedAtMs: 7_000 }),
    });
    expect(s.active.map((a) => a.id)).toEqual([2]);
    expect(s.recent).toHaveLength(2);
    expect(devicesWithActiveAlarms(s)).toEqual(new Set(['SIM-0001']));
  });

  it('a cleared but unseen alarm stays active; it does not make its device busy', () => {
    const s = applyAlarmChange(EMPTY_ALARMS, { change: 'cleared', alarm: alarmOf({ clearedAtMs: 2_000 }) });
    expect(s.active).toHaveLength(1);
    expect(devicesWithActiveAlarms(s).size).toBe(0);
  });

  it('keeps at most the asked number of log entries', () => {
    let s = EMPTY_ALARMS;
    for (let id = 1; id <= 10; id++)
      s = applyAlarmChange(s, { change: 'raised', alarm: alarmOf({ id, raisedAtMs: id }) }, 4);
    expect(s.recent.map((a) => a.id)).toEqual([10, 9, 8, 7]);
  });

  it('filters the log by device (the station’s own row too) and least severity', () => {
    const log = [
      alarmOf({ id: 1, severity: 'info', deviceId: 'A' }),
      alarmOf({ id: 2, severity: 'alarm', deviceId: 'B' }),
      alarmOf({ id: 3, severity: 'critical', deviceId: null, source: 'store' }),
    ];
    expect(logDevices(log)).toEqual(['A', 'B', STATION_ROW]);
    expect(filterLog(log, ALL_ALARMS).map((a) => a.id)).toEqual([1, 2, 3]);
    expect(filterLog(log, { deviceId: 'B', minSeverity: 'info' }).map((a) => a.id)).toEqual([2]);
    expect(filterLog(log, { deviceId: STATION_ROW, minSeverity: 'info' }).map((a) => a.id)).toEqual([3]);
    expect(filterLog(log, { deviceId: '', minSeverity: 'alarm' }).map((a) => a.id)).toEqual([2, 3]);
  });
});
