/**
 * The safety rules' state of one cell, read from the standing rule alarms: what the station knows
 * without the model (it is missing, disabled or cannot judge the cell), and which rule outranked it.
 */
import type { Alarm, AlarmSeverity } from '../../../native-bridge/contract/index.js';
import { SEVERITY_RANK } from '../../../native-bridge/contract/index.js';

/** The rule codes of native-bridge/safety in words. */
const RULE_WORDS: Record<string, string> = {
  RUNAWAY: 'thermal runaway (GB 38031 rule: voltage drop or maximum temperature with a held rise ≥ 1 °C/s)',
  T_MAX: 'temperature beyond the maximum limit',
  T_ALARM: 'temperature above the alarm limit',
  T_WARN: 'temperature above the warning limit',
  RISE: 'temperature rising ≥ 1 °C/s',
  V_LOW: 'voltage below the cell’s minimum',
  V_HIGH: 'voltage above the cell’s maximum',
  SENSOR: 'sensor fault',
};

export function ruleWords(code: string): string {
  return RULE_WORDS[code] ?? code;
}

export const ALARM_SEVERITY_WORDS: Record<AlarmSeverity, string> = {
  info: 'Info',
  warning: 'Warning',
  alarm: 'Alarm',
  critical: 'Critical',
};

export interface RuleState {
  /** The worst standing rule alarm of the cell, or null when no rule limit is crossed. */
  worst: Alarm | null;
  /** Every standing rule alarm of the cell, worst first. */
  all: Alarm[];
}

export function cellRuleState(alarms: readonly Alarm[], deviceId: string, cell: number): RuleState {
  const all = alarms
    .filter((a) => a.source === 'rule' && a.deviceId === deviceId && a.cell === cell && a.clearedAtMs === null)
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.raisedAtMs - a.raisedAtMs);
  return { worst: all[0] ?? null, all };
}
