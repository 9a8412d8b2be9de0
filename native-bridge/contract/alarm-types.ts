/** Alarms: raised by the safety rules, the risk model or the link, cleared when the cause goes away. */
import { z } from 'zod';

export const alarmSeveritySchema = z.enum(['info', 'warning', 'alarm', 'critical']);
export type AlarmSeverity = z.infer<typeof alarmSeveritySchema>;

export const alarmSchema = z.object({
  id: z.number().int(),
  /** Stable identity of the condition, e.g. `link.lost:SIM-0001` or `rule.t-max:SIM-0001#3`. */
  key: z.string(),
  code: z.string(),
  severity: alarmSeveritySchema,
  source: z.enum(['rule', 'model', 'link', 'device', 'store']),
  deviceId: z.string().nullable(),
  cell: z.number().int().nullable(),
  message: z.string(),
  raisedAtMs: z.number(),
  clearedAtMs: z.number().nullable(),
  acknowledgedAtMs: z.number().nullable(),
});
export type Alarm = z.infer<typeof alarmSchema>;
