/**
 * StationTransport over the desktop app's preload (`window.station`, a StationBridge). IPC has no
 * queue on this side: a call goes to the main process at once, and carries its deadline so the core
 * refuses it if it arrives (or waits for a starting core) past the time the renderer gave up.
 */
import { callError, type StationBridge, type StationTransport } from '../../../native-bridge/contract/index.js';

export function createIpcTransport(bridge: StationBridge): StationTransport {
  return {
    async call(method, params, { deadlineMs }) {
      try {
        return await bridge[method](params, deadlineMs);
      } catch (e) {
        // Only a broken bridge throws (the preload answers envelopes); the message is all that crosses.
        return { ok: false, error: callError('failed', e instanceof Error ? e.message : String(e)) };
      }
    },
    subscribe: (event, listener) => bridge.on(event, listener),
  };
}
