/**
 * What the desktop app's preload exposes as `window.station`: one domain method per contract method,
 * and event subscription — never ipcRenderer. The methods resolve with plain-data envelopes because an
 * error thrown across contextBridge arrives as a bare Error without its code; the renderer wraps this
 * surface with createStationApi, so the timeout policy and StationCallError are the WebSocket's too.
 */
import type { ResultEnvelope } from './envelope.js';
import type { EventName } from './events.js';
import type { MethodName } from './methods.js';

export type StationBridge = {
  /** `deadlineMs`: epoch time the renderer stops waiting; the core refuses the call after it. */
  [M in MethodName]: (params: unknown, deadlineMs: number) => Promise<ResultEnvelope>;
} & {
  on(event: EventName, listener: (payload: unknown) => void): () => void;
};
