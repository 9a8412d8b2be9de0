/**
 * The contract over one WebSocket: `{type:"call", id, method, params}` in, results and pushed events
 * out. Every message is handled inside its own guard — unreadable JSON, a wrong envelope, a handler
 * that throws or rejects all come back as an error result, and a socket error closes that socket
 * only — so nothing a client sends can end the process.
 */
import type { WebSocket } from 'ws';
import {
  callError,
  callMessageSchema,
  EncodedJson,
  type CallAdapter,
  type ResultEnvelope,
  type ServerMessage,
} from '../contract/index.js';
import type { StationCore } from '../station/station.js';
import { clipMessage } from './http-response.js';

/** A slow or stuck browser must not grow our memory without bound: events are dropped past this. */
const MAX_BUFFERED_BYTES = 4 << 20;

export function attachSocket(core: StationCore, call: CallAdapter, ws: WebSocket, log: (m: string) => void): void {
  const sendRaw = (data: string | Buffer) => {
    if (ws.readyState !== ws.OPEN) return;
    try {
      // A text frame even for bytes: the browser's client parses messages as text.
      ws.send(data, { binary: false });
    } catch (e) {
      log(`WebSocket send failed: ${(e as Error).message}`);
    }
  };
  const send = (msg: ServerMessage) => {
    if (msg.type === 'event' && ws.bufferedAmount > MAX_BUFFERED_BYTES) return;
    sendRaw(JSON.stringify(msg));
  };
  const answer = (id: number, r: ResultEnvelope) => {
    if (!(r.ok && r.result instanceof EncodedJson)) return send({ type: 'result', id, ...r });
    // The envelope around a result a worker encoded: its bytes are copied once, never parsed here.
    const head = Buffer.from(`{"type":"result","id":${id},"ok":true,"result":`);
    sendRaw(Buffer.concat([head, r.result.bytes, Buffer.from('}')]));
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
        (r) => answer(id, r),
        (e: unknown) => fail(id, 'failed', `The call failed: ${(e as Error)?.message ?? String(e)}`),
      );
    } catch (e) {
      log(`WebSocket message handler failed: ${(e as Error).stack ?? String(e)}`);
      fail(id, 'failed', 'The message could not be handled.');
    }
  });
}
