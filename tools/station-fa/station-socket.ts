/**
 * The contract over one WebSocket to a running `serve`, as the UI speaks it: numbered calls answered
 * by `{type:"result", id, ok, result | error}`, and pushed events to listeners.
 */
import { WebSocket } from 'ws';
import type { EventName, EventPayload, MethodName } from '../../native-bridge/contract/index.js';

type Pending = { ok: (v: unknown) => void; ko: (e: Error) => void; timer: NodeJS.Timeout };

const CALL_TIMEOUT_MS = 30_000;

export class StationSocket {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: string, payload: unknown) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as {
        type: string;
        id?: number;
        ok?: boolean;
        result?: unknown;
        error?: { code: string; message: string };
        event?: string;
        payload?: unknown;
      };
      if (msg.type === 'event') for (const l of this.listeners) l(msg.event!, msg.payload);
      if (msg.type !== 'result') return;
      const p = this.pending.get(msg.id!);
      if (!p) return;
      this.pending.delete(msg.id!);
      clearTimeout(p.timer);
      if (msg.ok) p.ok(msg.result);
      else p.ko(new Error(`${msg.error?.code}: ${msg.error?.message}`));
    });
    ws.on('close', () => {
      for (const p of this.pending.values()) p.ko(new Error('the station closed the socket'));
      this.pending.clear();
    });
  }

  static open(url: string): Promise<StationSocket> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws').replace(/\/?$/, '/')}ws`);
    return new Promise((ok, ko) => {
      ws.once('open', () => ok(new StationSocket(ws)));
      ws.once('error', ko);
    });
  }

  call<T>(method: MethodName, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((ok, ko) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        ko(new Error(`${method} got no answer within ${CALL_TIMEOUT_MS / 1000} s`));
      }, CALL_TIMEOUT_MS);
      this.pending.set(id, { ok: ok as (v: unknown) => void, ko, timer });
      this.ws.send(JSON.stringify({ type: 'call', id, method, params }));
    });
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): void {
    this.listeners.add((e, p) => {
      if (e === event) listener(p as EventPayload<E>);
    });
  }

  close(): void {
    this.ws.close();
  }
}
