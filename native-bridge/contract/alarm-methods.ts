/** Requests about alarms. */
import { z } from 'zod';
import { alarmSchema } from './alarm-types.js';
import { method } from './method.js';

export const ALARM_METHODS = {
  getActiveAlarms: method(z.object({}).strict(), z.array(alarmSchema)),
  getAlarmHistory: method(
    z.object({ limit: z.number().int().min(1).max(5000).default(200) }).strict(),
    z.array(alarmSchema),
  ),
  acknowledgeAlarm: method(z.object({ id: z.number().int() }).strict(), z.object({ ok: z.boolean() })),
};
