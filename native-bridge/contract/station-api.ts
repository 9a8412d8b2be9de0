/**
 * The renderer's view of the station. Built from the registries over any transport that can make a
 * call and deliver events, so the UI never knows whether IPC or WebSocket is underneath.
 */
import type { EventName, EventPayload } from './events.js';
import { METHOD_NAMES, type MethodName, type MethodParams, type MethodResult } from './methods.js';

export interface StationTransport {
  call(method: string, params: unknown): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
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

export function createStationApi(transport: StationTransport): StationApi {
  const methods = Object.fromEntries(
    METHOD_NAMES.map((m) => [m, (params?: unknown) => transport.call(m, params ?? {})]),
  ) as StationMethods;
  return {
    ...methods,
    on: (event, listener) => transport.subscribe(event, listener as (p: unknown) => void),
    onConnectionChange: (listener) => transport.onConnectionChange?.(listener) ?? (() => undefined),
  };
}
