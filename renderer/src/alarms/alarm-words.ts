/**
 * How an alarm reads to the operator: severity, what raised it and where. With the contract's
 * alarmName (the rule or class in words) this is the one place, so the banner, the Alarms tab, its
 * CSV export and the session report never disagree on a name.
 */
import type { Alarm, AlarmSeverity, AlarmSource } from '../../../native-bridge/contract/index.js';

export const SEVERITY_LABEL: Readonly<Record<AlarmSeverity, string>> = {
  info: 'Info',
  warning: 'Warning',
  alarm: 'Alarm',
  critical: 'Critical',
};

export const SOURCE_LABEL: Readonly<Record<AlarmSource, string>> = {
  rule: 'Safety rule',
  model: 'Risk model',
  link: 'Device link',
  device: 'Device',
  store: 'Storage',
};

/** "SIM-OVEN cell 1", "SIM-OVEN" or "Station". */
export function alarmWhere(a: Pick<Alarm, 'deviceId' | 'cell'>): string {
  if (a.deviceId === null) return 'Station';
  return a.cell === null ? a.deviceId : `${a.deviceId} cell ${a.cell}`;
}
