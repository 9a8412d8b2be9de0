/**
 * Every IPC channel of the app, in one place. Two suffice because the contract's method and event
 * registries name what travels on them; main checks the sender, the core host the payload.
 */
import type { CallMessage, ResultMessage } from '../native-bridge/contract/envelope.js';

/** renderer → main: `(method, params, deadlineMs)`, answered with a ResultEnvelope. */
export const IPC_CALL = 'station:call';
/** main → renderer: `(event, payload)`. */
export const IPC_EVENT = 'station:event';

/**
 * The core host asks main for the sync's MongoDB URI: only main has Electron's safeStorage, and the
 * core stays Electron-free (electron/main/bridged-secret-store.ts, sync-secrets.ts).
 */
export type SecretRequest = { type: 'secret'; id: number } & ({ op: 'get' } | { op: 'set'; value: string | null });
export type SecretReply = { type: 'secret-reply'; id: number } & (
  { ok: true; value: string | null } | { ok: false; message: string }
);

/** Messages between main and the core host (utility process). */
export type HostRequest = (CallMessage & { deadlineMs: number }) | { type: 'shutdown' } | SecretReply;
export type HostMessage =
  | { type: 'ready'; dbPath: string | null }
  | ResultMessage
  | { type: 'event'; event: string; payload: unknown }
  | { type: 'fatal'; message: string }
  | SecretRequest
  /** The answer to `shutdown`: the store is flushed and closed; the process exits next. */
  | { type: 'closed'; framesIngested: number };
