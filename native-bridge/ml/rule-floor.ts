/**
 * The safety rules outrank the model: a cell with an active rule alarm is shown at least at the class
 * that rule stands for, whatever the model says. The GB 38031 runaway finding is a runaway, full stop;
 * hard temperature limits, a held dT/dt ≥ 1 °C/s and voltage outside the cell's window are alarms; the
 * 50 °C line (T_WARN) is something to watch; a runaway alarm that still stands holds the cell at Runaway
 * (safety/runaway-hold.ts). A cell heating faster than its neighbours and its air explain (SELF_HEAT,
 * safety/self-heat.ts: the minutes before the knee) is one to watch below the T_WARN line and a warning
 * at or above it. Below the line the heat is as likely an oven or a heater pad on the cell as its
 * chemistry (no exothermic reaction of a lithium-ion cell starts near 35 °C: SEI breakdown begins at
 * 80–120 °C); self-heating that has carried a cell past 50 °C is on its way to the knee whatever drives
 * it. So the oven climbs Watch → Warning → Alarm → Runaway, and no warning is lost to it: the T_WARN
 * line comes 26–31 min before the onset in the ramped ovens (seeds 3 and 6), and on the rules-alone
 * measurement of seeds 75001–75005 SELF_HEAT gave a first Warning earlier than the limit rules only in
 * runaways they already warned of over 11 min ahead. A
 * sensor fault sets no floor: it lowers the model's reliability instead (see reliability.ts), because a
 * missing reading says nothing about heat. The tables are the contract's (RULE_FLOOR,
 * RULE_FLOOR_TOGETHER), so that the Insights tab ranks the rules as the engine does.
 */
import { floorOfRules, type RuleOverride } from '../contract/ml-methods.js';
import { className } from './risk-classes.js';

export interface ActiveRule {
  code: string;
  message: string;
}

/** The strongest floor among the cell's active rule alarms, or null when none sets one. */
export function ruleFloor(active: readonly ActiveRule[]): RuleOverride | null {
  const f = floorOfRules(active.map((a) => a.code));
  if (f === null) return null;
  const hit = active.find((a) => a.code === f.rule)!;
  const beside = f.beside === undefined ? undefined : active.find((a) => a.code === f.beside);
  // Two rules together: the message says both, so the operator sees why the cell stands higher.
  const message = beside ? `${hit.message}; ${beside.message}` : hit.message;
  return { rule: f.rule, floorClass: className(f.floor), message };
}
