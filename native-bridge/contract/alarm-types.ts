/**
 * Alarms: raised by the safety rules, the risk model or the link, cleared when the cause has stayed
 * away for the book's hold time, acknowledged by a named operator. One lifecycle for every source:
 * raised → (escalated)* → cleared, with an acknowledgement at any point; an escalation asks for a
 * fresh one. Cleared before anyone acknowledged it and raised again, an alarm has `returned`: the same
 * alarm is open again (one entry the operator has not seen yet, not a second one for the same cell). The UI, the REST API, the session report and an OS notification all read these shapes.
 */
import { z } from 'zod';

export const ALARM_SEVERITIES = ['info', 'warning', 'alarm', 'critical'] as const;
export const alarmSeveritySchema = z.enum(ALARM_SEVERITIES);
export type AlarmSeverity = z.infer<typeof alarmSeveritySchema>;

/** Higher is worse; an alarm's severity only ever rises while it is open. */
export const SEVERITY_RANK: Readonly<Record<AlarmSeverity, number>> = { info: 0, warning: 1, alarm: 2, critical: 3 };

export const alarmSourceSchema = z.enum(['rule', 'model', 'link', 'device', 'store']);
export type AlarmSource = z.infer<typeof alarmSourceSchema>;

/** The lifecycle's transitions: what the log records and what is pushed. Message updates are not among them. */
export const alarmTransitionSchema = z.enum(['raised', 'escalated', 'returned', 'acknowledged', 'cleared']);
export type AlarmTransition = z.infer<typeof alarmTransitionSchema>;

/**
 * The transitions that put a condition in front of the operator (again): what the interlock, the OS
 * notification and the rule floor act on. A return is one: before it the same condition was a new alarm.
 */
export function isAlarmOnset(change: AlarmTransition): boolean {
  return change === 'raised' || change === 'escalated' || change === 'returned';
}

export const alarmSchema = z.object({
  id: z.number().int(),
  /** Stable identity of the condition, e.g. `link.lost:SIM-0001` or `rule.T_MAX:SIM-0001#3`. */
  key: z.string(),
  /** The rule (`T_MAX`, `RUNAWAY`, `link.lost`…) or, for the model, the class it stands at (`Warning`…). */
  code: z.string(),
  severity: alarmSeveritySchema,
  source: alarmSourceSchema,
  deviceId: z.string().nullable(),
  cell: z.number().int().nullable(),
  /** What was found when the alarm was raised or last escalated. */
  message: z.string(),
  raisedAtMs: z.number(),
  /** The last time the severity rose; null if it never did. */
  escalatedAtMs: z.number().nullable(),
  /** How often the condition came back after the alarm had cleared unacknowledged, and the last time it did. */
  returnCount: z.number().int().min(0),
  returnedAtMs: z.number().nullable(),
  /** When the condition went away (the book held the alarm open a little longer; see alarm-book.ts). */
  clearedAtMs: z.number().nullable(),
  acknowledgedAtMs: z.number().nullable(),
  acknowledgedBy: z.string().nullable(),
  ackComment: z.string().nullable(),
  /** `restart`: open when the station stopped, and not seen again after it started. */
  closedBy: z.string().nullable(),
});
export type Alarm = z.infer<typeof alarmSchema>;

/** An alarm as pushed on a transition (onAlarmChanged). */
export const alarmChangeSchema = z.object({ change: alarmTransitionSchema, alarm: alarmSchema });
export type AlarmChange = z.infer<typeof alarmChangeSchema>;

export const alarmFilterSchema = z.object({
  deviceId: z.string().min(1).max(64).optional(),
  /** This severity and worse. */
  minSeverity: alarmSeveritySchema.optional(),
  source: alarmSourceSchema.optional(),
});
export type AlarmFilter = z.infer<typeof alarmFilterSchema>;

export function matchesAlarmFilter(a: Pick<Alarm, 'deviceId' | 'severity' | 'source'>, f: AlarmFilter): boolean {
  if (f.deviceId !== undefined && a.deviceId !== f.deviceId) return false;
  if (f.minSeverity !== undefined && SEVERITY_RANK[a.severity] < SEVERITY_RANK[f.minSeverity]) return false;
  if (f.source !== undefined && a.source !== f.source) return false;
  return true;
}

/**
 * An alarm that still asks for the operator: open, or cleared before anyone acknowledged it (a flicker
 * while nobody watched is still shown until someone has seen it).
 */
export function isStanding(a: Pick<Alarm, 'clearedAtMs' | 'acknowledgedAtMs'>): boolean {
  return a.clearedAtMs === null || a.acknowledgedAtMs === null;
}

/**
 * The safety rules' codes (safety/cell-safety.ts), the link's, and the floor a standing runaway alarm
 * sets (safety/runaway-hold.ts, seen in a prediction's ruleOverride), named as a lab engineer says them.
 */
const ALARM_CODE_NAMES: Readonly<Record<string, string>> = {
  RUNAWAY: 'Thermal runaway (GB 38031)',
  T_MAX: 'Temperature above maximum',
  T_ALARM: 'Temperature above alarm limit',
  T_WARN: 'Temperature high',
  RISE: 'Temperature rising fast',
  SELF_HEAT: 'Cell self-heating',
  V_LOW: 'Voltage below minimum',
  V_HIGH: 'Voltage above maximum',
  SENSOR: 'Temperature sensor fault',
  'link.lost': 'Communication lost',
  RUNAWAY_STANDING: 'Runaway alarm not yet acknowledged',
};

/** A rule's code in words ("Temperature above maximum" for T_MAX); an unknown code as it is. */
export function ruleName(code: string): string {
  return ALARM_CODE_NAMES[code] ?? code;
}

/** "returned once", "returned 3 times"; empty for an alarm that never came back. */
export function returnsInWords(returnCount: number): string {
  if (returnCount <= 0) return '';
  return returnCount === 1 ? 'returned once' : `returned ${returnCount} times`;
}

/**
 * An alarm's rule in words, or for the model the class it puts the cell at ("Risk model: Alarm"): one
 * name for the Alarms tab, its CSV and the session report.
 */
export function alarmName(a: { code: string; source: string }): string {
  if (a.source === 'model') return `Risk model: ${a.code}`;
  return ruleName(a.code);
}
