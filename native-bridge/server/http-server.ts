/**
 * Headless transport: the built UI, a small REST API and the contract over a WebSocket, on loopback
 * by default. Outside loopback a token is required, because the API can command the rig.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  callError,
  callMessageSchema,
  createCallAdapter,
  type CallAdapter,
  type ServerMessage,
} from '../contract/index.js';
import type { StationCore } from '../station/station.js';
import { handleAlarmRoute } from './alarm-routes.js';
import { handleHistoryRoute } from './history-routes.js';
import { sendEnvelope, sendJson } from './rest-answers.js';
import { serveStatic } from './static-files.js';

export interface HttpServerOptions {
  core: StationCore;
  host: string;
  port: number;
  /** Folder of the built renderer. */
  webRoot: string;
  /** Required for non-loopback hosts: `Authorization: Bearer <token>` or `?token=`. */
  token?: string;
  /** Check every result against its schema before it is sent (tests, development). */
  validateResults?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export class ServerStartError extends Error {
  override name = 'ServerStartError';
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function startHttpServer(opts: HttpServerOptions): Promise<RunningServer> {
  const { core } = opts;
  const call = createCallAdapter(core.handlers, { validateResults: opts.validateResults ?? false });
  if (!LOOPBACK.has(opts.host) && !opts.token)
    throw new ServerStartError(
      `Refusing to listen on ${opts.host} without STATION_TOKEN: anyone on the network could command the rig.`,
    );

  const authorised = (req: IncomingMessage): boolean => {
    if (!opts.token) return true;
    const url = new URL(req.url ?? '/', 'http://x');
    return req.headers.authorization === `Bearer ${opts.token}` || url.searchParams.get('token') === opts.token;
  };

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    // Sessions, series, report, CSV export/import (GET /api/sessions and friends): history/http-routes.ts.
    if (await handleHistoryRoute(core, call, req, res, url)) return;
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'method not allowed' });
    if (await handleAlarmRoute(call, res, url)) return;
    const answer = async (method: string, params: unknown) => sendEnvelope(res, await call(method, params));
    switch (url.pathname) {
      case '/api/status':
        return answer('getStatus', {});
      case '/api/data': {
        const raw = url.searchParams.get('limit');
        const limit = raw === null ? 100 : Number(raw);
        return answer('getLatestReadings', { limit });
      }
      // The risk model: latest prediction per cell (optionally one device's), and the card with its load state.
      case '/api/ml/predict': {
        const deviceId = url.searchParams.get('device');
        return answer('getPredictions', deviceId === null ? {} : { deviceId });
      }
      case '/api/model/info':
        return answer('getModelInfo', {});
      default:
        return sendJson(res, 404, { error: `no such endpoint ${url.pathname}` });
    }
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/api/')) {
      if (!authorised(req)) return sendJson(res, 401, { error: 'token required' });
      api(req, res, url).catch((e) => sendJson(res, 500, { error: String(e) }));
      return;
    }
    serveStatic(opts.webRoot, req, res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/ws' || !authorised(req)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  wss.on('connection', (ws: WebSocket) => attachSocket(core, call, ws));

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE')
        reject(
          new ServerStartError(
            `Port ${opts.port} on ${opts.host} is already in use (another station?). Stop the other program or start with PORT=<free port>.`,
          ),
        );
      else if (e.code === 'EACCES')
        reject(
          new ServerStartError(
            `Not allowed to listen on port ${opts.port}: ports below 1024 need privileges. Use PORT=8787 or another port above 1024.`,
          ),
        );
      else reject(new ServerStartError(`Cannot listen on ${opts.host}:${opts.port}: ${e.message}`));
    });
    server.listen(opts.port, opts.host, () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${hostForUrl}:${port}/`,
    port,
    close: () =>
      new Promise<void>((done) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections?.();
        server.close(() => done());
      }),
  };
}

function attachSocket(core: StationCore, call: CallAdapter, ws: WebSocket): void {
  const send = (msg: ServerMessage) => {
    // A slow or stuck browser must not grow our memory without bound: drop events, never results.
    if (msg.type === 'event' && ws.bufferedAmount > 4 << 20) return;
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };
  const off = core.on((event, payload) => send({ type: 'event', event, payload }));
  ws.on('close', off);
  ws.on('message', (data) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(data));
    } catch {
      return send({ type: 'result', id: -1, ok: false, error: callError('bad-json', 'The message is not JSON.') });
    }
    const msg = callMessageSchema.safeParse(parsed);
    if (!msg.success)
      return send({
        type: 'result',
        id: -1,
        ok: false,
        error: callError('bad-envelope', 'Expected {type:"call", id, method, params}.'),
      });
    const { id, method, params } = msg.data;
    void call(method, params).then((r) => send({ type: 'result', id, ...r }));
  });
}
