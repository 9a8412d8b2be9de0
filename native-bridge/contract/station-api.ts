/**
 * The renderer's view of the station. Built from the registries over any transport that can carry a
 * call and deliver events, so the UI never knows whether IPC or WebSocket is underneath — and both
 * get the same timeout policy and the same error: a failed call throws StationCallError with its code.
 */
import { callError, StationCallError } from './call-errors.js';
import { callTimeoutMs } from './call-timeouts.js';
import type { ResultEnvelope } from './envelope.js';
import type { EventName, EventPayload } from './events.js';
import { METHOD_NAMES, type MethodName, type MethodParams, type MethodResult } from './methods.js';

export interface CallOptions {
  /**
   * Aborts once the caller has stopped waiting. A call not yet sent must then be dropped — never sent
   * later — and a late answer ignored.
   */
  signal: AbortSignal;
  /** Epoch time the caller stops waiting, for a far end that can refuse a call reaching it too late. */
  deadlineMs: number;
}

export interface StationTransport {
  /** Carries one call; settles with its envelope (failures included), never rejects. */
  call(method: MethodName, params: unknown, opts: CallOptions): Promise<ResultEnvelope>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
  /** Connection state of the transport itself (the WebSocket can drop; IPC never does). */
  onConnectionChange?(listener: (connected: boolean) => void): () => void;
}

export type StationMethods = {
  [M in MethodName]: (params?: MethodParams<M>) => Promise<MethodResult<M>>;
};

export type StationApi = StationMethods & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  onConnectionChange(listener: (connected: boolean) => void): () => void;
};

export interface StationApiOptions {
  /** The time limit per method; the contract's policy (call-timeouts.ts) unless a test shortens it. */
  timeoutMs?: (method: MethodName) => number;
}

export function createStationApi(transport: StationTransport, opts: StationApiOptions = {}): StationApi {
  const timeoutFor = opts.timeoutMs ?? callTimeoutMs;
  const call = async (method: MethodName, params: unknown): Promise<unknown> => {
    const ms = timeoutFor(method);
    const abort = new AbortController();
    const envelope = await new Promise<ResultEnvelope>((resolve) => {
      const timer = setTimeout(() => {
        resolve({ ok: false, error: callError('timeout', `${method} did not answer within ${ms / 1000} s.`) });
        abort.abort();
      }, ms);
      let sent: Promise<ResultEnvelope>;
      try {
        sent = transport.call(method, params, { signal: abort.signal, deadlineMs: Date.now() + ms });
      } catch (e) {
        sent = Promise.reject(e);
      }
      sent.then(
        (e) => {
          clearTimeout(timer);
          resolve(e);
        },
        (e: unknown) => {
          clearTimeout(timer);
          resolve({ ok: false, error: callError('failed', e instanceof Error ? e.message : String(e)) });
        },
      );
    });
    if (envelope.ok) return envelope.result;
    throw new StationCallError(envelope.error.code, envelope.error.message);
  };
  const methods = Object.fromEntries(
    METHOD_NAMES.map((m) => [m, (params?: unknown) => call(m, params ?? {})]),
  ) as StationMethods;
  return {
    ...methods,
    on: (event, listener) => transport.subscribe(event, listener as (p: unknown) => void),
    onConnectionChange: (listener) => transport.onConnectionChange?.(listener) ?? (() => undefined),
  };
}
