/**
 * StationTransport over the headless server's WebSocket (`npm run serve`). Reconnects with backoff
 * and fails pending calls when the socket drops, so the UI can say "disconnected" instead of hanging.
 */
import { StationCallError, type ServerEnvelope, type StationTransport } from '../../../native-bridge/contract/index.js';

const CALL_TIMEOUT_MS = 15_000;

export function createWsTransport(url: string): StationTransport {
  let ws: WebSocket | null = null;
  let nextId = 1;
  let connected = false;
  let retryMs = 250;
  const pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }
  >();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const connListeners = new Set<(c: boolean) => void>();
  const queue: string[] = [];

  const setConnected = (c: boolean) => {
    if (c === connected) return;
    connected = c;
    for (const l of connListeners) l(c);
  };

  const open = () => {
    ws = new WebSocket(url);
    ws.onopen = () => {
      retryMs = 250;
      setConnected(true);
      for (const m of queue.splice(0)) ws?.send(m);
    };
    ws.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data)) as ServerEnvelope;
      if (msg.type === 'event') {
        for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
        return;
      }
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new StationCallError(msg.error.code, msg.error.message));
    };
    ws.onclose = () => {
      setConnected(false);
      for (const [id, p] of pending) {
        clearTimeout(p.timer);
        p.reject(new StationCallError('disconnected', 'Connection to the station was lost'));
        pending.delete(id);
      }
      setTimeout(open, retryMs);
      retryMs = Math.min(5000, retryMs * 2);
    };
  };
  open();

  return {
    call(method, params) {
      const id = nextId++;
      const msg = JSON.stringify({ type: 'call', id, method, params });
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new StationCallError('timeout', `${method} did not answer within ${CALL_TIMEOUT_MS / 1000} s`));
        }, CALL_TIMEOUT_MS);
        pending.set(id, { resolve, reject, timer });
        if (connected && ws?.readyState === WebSocket.OPEN) ws.send(msg);
        else queue.push(msg);
      });
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    onConnectionChange(listener) {
      connListeners.add(listener);
      listener(connected);
      return () => connListeners.delete(listener);
    },
  };
}
