import { describe, expect, it } from 'vitest';
import type { Alarm, AlarmSeverity } from '../../../native-bridge/contract/index.js';
import { alarm as alarmOf } from '../../../testing/electron/alarms.js';
import { ALL_ALARMS, STATION_ROW, logDevices } from './alarm-filter.js';
import { FILTERED_LOG_LIMIT, filteredRows, logQuery } from './filtered-log.js';

const alarm = (id: number, deviceId: string | null, severity: AlarmSeverity): Alarm =>
  alarmOf({ id, deviceId, severity, raisedAtMs: id * 1000, cell: deviceId === null ? null : 1 });

describe('logQuery', () => {
  it('asks nothing when nothing is filtered: the held log is the answer', () => {
    expect(logQuery(ALL_ALARMS)).toBeNull();
  });
  it('asks the station by device and least severity', () => {
    expect(logQuery({ deviceId: 'RIG-A', minSeverity: 'critical' })).toEqual({
      deviceId: 'RIG-A',
      minSeverity: 'critical',
      limit: FILTERED_LOG_LIMIT,
    });
    expect(logQuery({ deviceId: 'RIG-A', minSeverity: ALL_ALARMS.minSeverity })).toEqual({
      deviceId: 'RIG-A',
      limit: FILTERED_LOG_LIMIT,
    });
  });
  it("asks for the station's own row by severity only (no id names it)", () => {
    expect(logQuery({ deviceId: STATION_ROW, minSeverity: ALL_ALARMS.minSeverity })).toEqual({
      limit: FILTERED_LOG_LIMIT,
    });
  });
});

describe('filteredRows', () => {
  const filter = { deviceId: 'QUIET', minSeverity: ALL_ALARMS.minSeverity };
  // The held log: the newest alarms, all of a noisy device but one.
  const held = [alarm(900, 'NOISY', 'warning'), alarm(899, 'QUIET', 'warning')];

  it('before the station answers, filters what is held', () => {
    expect(filteredRows(held, filter, null).rows.map((a) => a.id)).toEqual([899]);
  });
  it("shows the station's older matches beside the held ones, newest first, each once", () => {
    const answer = [alarm(899, 'QUIET', 'warning'), alarm(12, 'QUIET', 'critical'), alarm(3, 'QUIET', 'info')];
    const { rows, truncated } = filteredRows(held, filter, answer);
    expect(rows.map((a) => a.id)).toEqual([899, 12, 3]);
    expect(truncated).toBe(false);
  });
  it("keeps the held (pushed, newer) version of an alarm over the station's answer", () => {
    const cleared = { ...alarm(899, 'QUIET', 'warning'), clearedAtMs: 950_000 };
    const rows = filteredRows([cleared], filter, [alarm(899, 'QUIET', 'warning')]).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.clearedAtMs).toBe(950_000);
  });
  it("picks the station's own alarms out of a severity-only answer", () => {
    const f = { deviceId: STATION_ROW, minSeverity: ALL_ALARMS.minSeverity };
    const rows = filteredRows([], f, [alarm(5, null, 'warning'), alarm(4, 'RIG', 'warning')]).rows;
    expect(rows.map((a) => a.id)).toEqual([5]);
  });
  it('says when the answer filled its limit', () => {
    const answer = Array.from({ length: FILTERED_LOG_LIMIT }, (_, i) => alarm(i + 1, 'QUIET', 'warning'));
    expect(filteredRows([], filter, answer).truncated).toBe(true);
  });
});

describe('logDevices', () => {
  it('offers streaming devices whose alarms are no longer held', () => {
    expect(logDevices([alarm(1, 'B', 'info'), alarm(2, null, 'info')], ['A', 'B'])).toEqual(['A', 'B', STATION_ROW]);
  });
});
