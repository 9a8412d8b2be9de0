/**
 * The contract over one WebSocket: `{type:"call", id, method, params}` in, results and pushed events
 * out. Every message is handled inside its own guard — unreadable JSON, a wrong envelope, a handler
 * that throws or rejects all come back as an error result, and a socket error closes that socket
 * only — so nothing a client sends can end the process.
 */
import type { WebSocket } from 'ws';
import { callError, callMessageSchema, type CallAdapter, type ServerMessage } from '../contract/index.js';
import type { StationCore } from '../station/station.js';
import { clipMessage } from './http-response.js';

/** A slow or stuck browser must not grow our memory without bound: events are dropped past this. */
const MAX_BUFFERED_BYTES = 4 << 20;

export function attachSocket(core: StationCore, call: CallAdapter, ws: WebSocket, log: (m: string) => void): void {
  const send = (msg: ServerMessage) => {
    if (msg.type === 'event' && ws.bufferedAmount > MAX_BUFFERED_BYTES) return;
    if (ws.readyState !== ws.OPEN) return;
    try {
      ws.send(JSON.stringify(msg));
    } catch (e) {
      log(`WebSocket send failed: ${(e as Error).message}`);
    }
  };
  const fail = (id: number, code: Parameters<typeof callError>[0], message: string) =>
    send({ type: 'result', id, ok: false, error: callError(code, clipMessage(message)) });

  const off = core.on((event, payload) => send({ type: 'event', event, payload }));
  ws.on('close', off);
  // ws reports protocol violations (a frame over maxPayload, bad UTF-8) as 'error' and closes the socket.
  ws.on('error', (e) => log(`WebSocket closed on a client error: ${e.message}`));
  ws.on('message', (data) => {
    let id = -1;
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(data));
      } catch {
        return fail(-1, 'bad-json', 'The message is not JSON.');
      }
      const env = callMessageSchema.safeParse(parsed);
      if (!env.success) return fail(-1, 'bad-envelope', 'Expected {type:"call", id, method, params}.');
      id = env.data.id;
      const { method, params } = env.data;
      // The adapter never rejects; the catch is for a bug in it, not for a handler's failure.
      call(method, params).then(
        (r) => send({ type: 'result', id, ...r }),
        (e: unknown) => fail(id, 'failed', `The call failed: ${(e as Error)?.message ?? String(e)}`),
      );
    } catch (e) {
      log(`WebSocket message handler failed: ${(e as Error).stack ?? String(e)}`);
      fail(id, 'failed', 'The message could not be handled.');
    }
  });
}
