/**
 * The safety rules outrank the model: a cell with an active rule alarm is shown at least at the class
 * that rule stands for, whatever the model says. The GB 38031 runaway finding is a runaway, full stop;
 * hard temperature limits, a held dT/dt ≥ 1 °C/s and voltage outside the cell's window are alarms; the
 * 50 °C warning line is something to watch; a cell heating faster than its neighbours and its air
 * explain (SELF_HEAT, safety/self-heat.ts: the minutes before the knee, before any limit) is a warning;
 * a runaway alarm that still stands holds the cell at Runaway (safety/runaway-hold.ts). A sensor fault
 * sets no floor: it lowers the model's reliability instead (see reliability.ts), because a missing
 * reading says nothing about heat. The table is the contract's (RULE_FLOOR), so that the Insights tab
 * ranks the rules as the engine does.
 */
import { RULE_FLOOR, type RuleOverride } from '../contract/ml-methods.js';
import { className } from './risk-classes.js';

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
