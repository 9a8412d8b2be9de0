/** The one registry of core → UI events (pushed, never polled). */
import { z } from 'zod';
import { alarmChangeSchema } from './alarm-types.js';
import { corePulseSchema } from './core-pulse.js';
import { deviceLinkSchema } from './device-methods.js';
import { liveSnapshotSchema, noticeSchema } from './domain.js';
import { HISTORY_EVENTS } from './history-methods.js';
import { ML_EVENTS } from './ml-methods.js';
import { SYNC_EVENTS } from './sync-methods.js';

export const EVENTS = {
  /** Batched to at most 10 per second by the core. */
  onLiveSnapshot: liveSnapshotSchema,
  onNotice: noticeSchema,
  /** Sent at once (not batched) on every transition: raised, escalated, returned, acknowledged, cleared. */
  onAlarmChanged: alarmChangeSchema,
  /** Every device's link and its health: about once a second while devices run, and soon after a change. */
  onDeviceLinks: z.array(deviceLinkSchema),
  /** Every CORE_PULSE_INTERVAL_MS: the core's proof of life (core-pulse.ts). */
  onCorePulse: corePulseSchema,
  ...HISTORY_EVENTS,
  ...ML_EVENTS,
  ...SYNC_EVENTS,
};

export type EventName = keyof typeof EVENTS;
export type EventPayload<E extends EventName> = z.output<(typeof EVENTS)[E]>;
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];
