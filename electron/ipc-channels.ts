/**
 * Every IPC channel of the app, in one place. Two suffice because the contract's method and event
 * registries name what travels on them; main validates both the sender and the payload.
 */
export const IPC_CALL = 'station:call';
export const IPC_EVENT = 'station:event';

export type IpcCallResult = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

/** Messages between main and the core host (utility process). */
export type HostRequest = { type: 'call'; id: number; method: string; params: unknown } | { type: 'shutdown' };
export type HostMessage =
  | { type: 'ready'; dbPath: string | null }
  | { type: 'result'; id: number; result: IpcCallResult }
  | { type: 'event'; event: string; payload: unknown }
  | { type: 'fatal'; message: string };
