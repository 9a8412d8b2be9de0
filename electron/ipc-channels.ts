/**
 * Every IPC channel of the app, in one place. Two suffice because the contract's method and event
 * registries name what travels on them; main checks the sender, the core host the payload.
 */
import type { CallMessage, ResultMessage } from '../native-bridge/contract/envelope.js';

/** renderer → main: `(method, params, deadlineMs)`, answered with a ResultEnvelope. */
export const IPC_CALL = 'station:call';
/** main → renderer: `(event, payload)`. */
export const IPC_EVENT = 'station:event';

/** Messages between main and the core host (utility process). */
export type HostRequest = (CallMessage & { deadlineMs: number }) | { type: 'shutdown' };
export type HostMessage =
  | { type: 'ready'; dbPath: string | null }
  | ResultMessage
  | { type: 'event'; event: string; payload: unknown }
  | { type: 'fatal'; message: string }
  /** The answer to `shutdown`: the store is flushed and closed; the process exits next. */
  | { type: 'closed'; framesIngested: number };
