/**
 * The safety rules outrank the model: a cell with an active rule alarm is shown at least at the class
 * that rule stands for, whatever the model says. The GB 38031 runaway finding is a runaway, full stop;
 * hard temperature limits, a held dT/dt ≥ 1 °C/s and voltage outside the cell's window are alarms; the
 * 50 °C warning line is something to watch; a cell heating faster than its neighbours and its air
 * explain (SELF_HEAT) is a warning; a runaway alarm that still stands holds the cell at Runaway
 * (safety/runaway-hold.ts). A sensor fault sets no floor: it lowers the model's reliability instead (see
 * reliability.ts), because a missing reading says nothing about heat.
 */
import type { RuleOverride } from '../contract/ml-methods.js';
import { RUNAWAY_STANDING } from '../safety/runaway-hold.js';
import { className } from './risk-classes.js';

/** Safety rule code → the lowest class to show while it holds. Order: strongest first. */
export const RULE_FLOOR: readonly (readonly [code: string, floor: number])[] = [
  ['RUNAWAY', 4],
  // A runaway alarm (the rule's or the model's) not yet acknowledged and gone: safety/runaway-hold.ts.
  [RUNAWAY_STANDING, 4],
  ['T_MAX', 3],
  ['RISE', 3],
  ['T_ALARM', 3],
  ['V_HIGH', 3],
  ['V_LOW', 3],
  // A cell heating by itself (safety/self-heat.ts): the minutes before the knee, before any limit.
  ['SELF_HEAT', 2],
  ['T_WARN', 1],
];

export interface ActiveRule {
  code: string;
  message: string;
}

/** The strongest floor among the cell's active rule alarms, or null when none sets one. */
export function ruleFloor(active: readonly ActiveRule[]): RuleOverride | null {
  for (const [code, floor] of RULE_FLOOR) {
    const hit = active.find((a) => a.code === code);
    if (hit) return { rule: code, floorClass: className(floor), message: hit.message };
  }
  return null;
}
