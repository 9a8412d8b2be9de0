/** The Alarms tab's log filter: by device and by least severity, and the devices to offer. */
import {
  ALARM_SEVERITIES,
  matchesAlarmFilter,
  type Alarm,
  type AlarmSeverity,
} from '../../../native-bridge/contract/index.js';

export interface LogFilter {
  /** '' for every device; STATION_ROW for alarms of no device (storage, model). */
  deviceId: string;
  minSeverity: AlarmSeverity;
}

export const STATION_ROW = '(station)';
export const ALL_ALARMS: LogFilter = { deviceId: '', minSeverity: ALARM_SEVERITIES[0] };

export function filterLog(log: readonly Alarm[], f: LogFilter): Alarm[] {
  return log.filter(
    (a) =>
      matchesAlarmFilter(a, { minSeverity: f.minSeverity }) &&
      (f.deviceId === '' || (f.deviceId === STATION_ROW ? a.deviceId === null : a.deviceId === f.deviceId)),
  );
}

/** Every device the log names, sorted, with the station's own row last when it has one. */
export function logDevices(log: readonly Alarm[], alsoDevices: readonly string[] = []): string[] {
  const named = log.map((a) => a.deviceId).filter((d): d is string => d !== null);
  const ids = [...new Set([...named, ...alsoDevices])].sort();
  return log.some((a) => a.deviceId === null) ? [...ids, STATION_ROW] : ids;
}
