/**
 * Requests about alarms: the standing ones, the log (this run's and, with a store, every earlier run's),
 * both at once for the Alarms tab and `GET /api/alarms`, the acknowledgement with the operator's name, and
 * the rig interlock's on/off.
 */
import { z } from 'zod';
import { alarmFilterSchema, alarmSchema } from './alarm-types.js';
import { method } from './method.js';

const limit = z.number().int().min(1).max(5000).default(200);

export const alarmListSchema = z.object({
  nowMs: z.number(),
  /** Open alarms and those cleared before anyone acknowledged them; worst first. */
  active: z.array(alarmSchema),
  /** The log, newest raised first (active ones included). */
  recent: z.array(alarmSchema),
});
export type AlarmList = z.infer<typeof alarmListSchema>;

/** The rig interlock: whether an Alarm or Runaway of a device's cell opens that device's relay. */
export const interlockSettingSchema = z.object({
  enabled: z.boolean(),
  /** False without a store: the choice then lasts until the station stops. */
  remembered: z.boolean(),
});
export type InterlockSetting = z.infer<typeof interlockSettingSchema>;

export const ALARM_METHODS = {
  /** Open alarms and those cleared unacknowledged, worst first. */
  getActiveAlarms: method(alarmFilterSchema.strict(), z.array(alarmSchema)),
  /** The log, newest first; with a store it reaches back over station restarts. */
  getAlarmHistory: method(alarmFilterSchema.extend({ limit }).strict(), z.array(alarmSchema)),
  /** Both of the above under one filter. */
  getAlarms: method(alarmFilterSchema.extend({ limit }).strict(), alarmListSchema),
  acknowledgeAlarm: method(
    z
      .object({
        id: z.number().int(),
        /** Who acknowledged: the UI asks for a name and remembers it. */
        by: z.string().trim().min(1).max(60).default('unnamed operator'),
        comment: z.string().trim().max(500).optional(),
      })
      .strict(),
    z.object({ ok: z.boolean() }),
  ),
  getInterlock: method(z.object({}).strict(), interlockSettingSchema),
  setInterlock: method(z.object({ enabled: z.boolean() }).strict(), interlockSettingSchema),
};
