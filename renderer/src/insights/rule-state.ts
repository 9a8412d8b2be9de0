/**
 * The safety rules' state of one cell, read from the standing rule alarms: what the station knows
 * without the model (it is missing, disabled or cannot judge the cell), and which rule outranked it.
 */
import type { Alarm } from '../../../native-bridge/contract/index.js';
import { SEVERITY_RANK } from '../../../native-bridge/contract/index.js';

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
