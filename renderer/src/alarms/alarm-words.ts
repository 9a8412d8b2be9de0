/**
 * How an alarm reads to the operator: severity, what raised it and its rule or class in words. One
 * place, so the banner, the Alarms tab and its CSV export never disagree on a name.
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

/** The safety rules' codes (safety/cell-safety.ts) and the link's, named as a lab engineer says them. */
const CODE_LABEL: Readonly<Record<string, string>> = {
  RUNAWAY: 'Thermal runaway (GB 38031)',
  T_MAX: 'Temperature above maximum',
  T_ALARM: 'Temperature above alarm limit',
  T_WARN: 'Temperature high',
  RISE: 'Temperature rising fast',
  V_LOW: 'Voltage below minimum',
  V_HIGH: 'Voltage above maximum',
  SENSOR: 'Temperature sensor fault',
  'link.lost': 'Communication lost',
};

/** The rule's name, or for the model the class it puts the cell at ("Risk model: Alarm"). */
export function alarmWhat(a: Pick<Alarm, 'code' | 'source'>): string {
  if (a.source === 'model') return `Risk model: ${a.code}`;
  return CODE_LABEL[a.code] ?? a.code;
}

/** "SIM-OVEN cell 1", "SIM-OVEN" or "Station". */
export function alarmWhere(a: Pick<Alarm, 'deviceId' | 'cell'>): string {
  if (a.deviceId === null) return 'Station';
  return a.cell === null ? a.deviceId : `${a.deviceId} cell ${a.cell}`;
}
