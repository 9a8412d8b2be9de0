/**
 * StationTransport over the headless server's WebSocket (`npm run serve`). Reconnects with backoff.
 * A call made while the socket is down waits in a queue until it reconnects — unless its caller stops
 * waiting first: then it leaves the queue and is never sent (a relay command must not fire minutes
 * after the operator was told it failed). A call in flight when the socket drops fails `disconnected`.
 *
 * A browser hides why an upgrade was refused (a 401 and a dead server both close with 1006), so a
 * socket that closes before opening, or that the server ends because the token was rotated (4001), asks
 * `authorised` first: when the station says the page's credential is no longer good, reconnecting
 * would fail forever in silence, so the transport stops and hands over to `onUnauthorized` (the login).
 */
import {
  callError,
  PendingCalls,
  type ServerMessage,
  type StationTransport,
} from '../../../native-bridge/contract/index.js';

/** The part of the browser's WebSocket the transport uses, so tests can hand it another. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: (() => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  send(data: string): void;
}

export interface WsTransportOptions {
  /** Opens a socket; the browser's WebSocket by default. */
  connect?: (url: string) => WebSocketLike;
  /** false when the station refuses the page's credential (401); null when it cannot be asked. */
  authorised?: () => Promise<boolean | null>;
  /** Called once the credential is refused; the transport has stopped by then. */
  onUnauthorized?: () => void;
}

const OPEN = 1;
/** The server's close code for sockets whose token was rotated (native-bridge/server/http-server.ts). */
export const CLOSE_TOKEN_ROTATED = 4001;

export function createWsTransport(url: string, opts: WsTransportOptions = {}): StationTransport {
  const connect = opts.connect ?? ((u: string) => new WebSocket(u) as unknown as WebSocketLike);
  let ws: WebSocketLike | null = null;
  let connected = false;
  let retryMs = 250;
  const pending = new PendingCalls();
  /** Sent on the current socket and not answered: what a drop fails. */
  const inFlight = new Set<number>();
  const queue = new Map<number, string>();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const connListeners = new Set<(c: boolean) => void>();

  const setConnected = (c: boolean) => {
    if (c === connected) return;
    connected = c;
    for (const l of connListeners) l(c);
  };

  const send = (id: number, text: string) => {
    inFlight.add(id);
    ws?.send(text);
  };

  const onMessage = (data: unknown) => {
    let msg: ServerMessage;
    try {
      msg = JSON.parse(String(data)) as ServerMessage;
    } catch {
      return;
    }
    if (msg.type === 'event') {
      for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
      return;
    }
    if (msg.type !== 'result') return;
    inFlight.delete(msg.id);
    pending.answer(msg.id, msg.ok ? { ok: true, result: msg.result } : { ok: false, error: msg.error });
  };

  const open = () => {
    const socket = connect(url);
    ws = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      retryMs = 250;
      setConnected(true);
      for (const [id, text] of queue) send(id, text);
      queue.clear();
    };
    socket.onmessage = (ev) => onMessage(ev.data);
    socket.onclose = (ev) => {
      setConnected(false);
      for (const id of inFlight)
        pending.fail(id, callError('disconnected', 'Connection to the station was lost before it answered.'));
      inFlight.clear();
      const retry = () => {
        setTimeout(open, retryMs);
        retryMs = Math.min(5000, retryMs * 2);
      };
      if (!opts.authorised || (opened && ev.code !== CLOSE_TOKEN_ROTATED)) return retry();
      void opts.authorised().then((ok) => (ok === false ? stop() : retry()), retry);
    };
  };

  const stop = () => {
    const why = callError('disconnected', 'The station no longer accepts this page’s token: log in again.');
    for (const id of queue.keys()) pending.fail(id, why);
    queue.clear();
    opts.onUnauthorized?.();
  };
  open();

  return {
    call(method, params, { signal }) {
      const { id, result } = pending.open(signal);
      if (signal.aborted) return result;
      const text = JSON.stringify({ type: 'call', id, method, params });
      if (connected && ws?.readyState === OPEN) send(id, text);
      else queue.set(id, text);
      signal.addEventListener(
        'abort',
        () => {
          queue.delete(id);
          inFlight.delete(id);
        },
        { once: true },
      );
      return result;
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
