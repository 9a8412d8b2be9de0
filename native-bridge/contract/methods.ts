/**
 * The one registry of UI → core requests. Transports (IPC, WebSocket) carry `{ method, params }` and
 * validate params against these schemas before the core sees them; the renderer's StationApi is built
 * from the same table, so a method exists everywhere or nowhere. Each capability keeps its requests in
 * its own `*-methods.ts` and is spread in here.
 */
import type { z } from 'zod';
import { ALARM_METHODS } from './alarm-methods.js';
import { DEVICE_METHODS } from './device-methods.js';
import { HISTORY_METHODS } from './history-methods.js';
import { LIVE_METHODS } from './live-methods.js';
import { ML_METHODS } from './ml-methods.js';
import { SYNC_METHODS } from './sync-methods.js';
import { SERVER_METHODS } from './server-methods.js';

export const METHODS = {
  ...LIVE_METHODS,
  ...ALARM_METHODS,
  ...DEVICE_METHODS,
  ...HISTORY_METHODS,
  ...ML_METHODS,
  ...SYNC_METHODS,
  ...SERVER_METHODS,
};

export type MethodName = keyof typeof METHODS;
export type MethodParams<M extends MethodName> = z.input<(typeof METHODS)[M]['params']>;
export type MethodResult<M extends MethodName> = z.output<(typeof METHODS)[M]['result']>;
export const METHOD_NAMES = Object.keys(METHODS) as MethodName[];

export function isMethodName(s: unknown): s is MethodName {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(METHODS, s);
}
