/**
 * Headless transport: the built UI, the REST API and the contract over a WebSocket, on loopback by
 * default. Every request passes the same gate before any handler runs — a readable target, the Host
 * and Origin policy, the token where one is required — and runs inside a guard that turns any failure
 * into a JSON error, so no request and no WebSocket message can end the station.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { createCallAdapter } from '../contract/index.js';
import type { StationCore } from '../station/station.js';
import {
  credentialOf,
  hostRefusal,
  isLoopbackHost,
  isStateChanging,
  originRefusal,
  type PolicyInput,
} from './access-policy.js';
import { NetworkIngest } from '../devices/network-ingest.js';
import { ingestRoute } from './ingest-route.js';
import { DEFAULT_IMPORT_MAX_BYTES, HISTORY_ROUTES } from './history-routes.js';
import { clipMessage, HttpError, sendError, sendJson } from './http-response.js';
import { CLEAR_COOKIE, handleLogin, loginPage, safeNext, sessionCookie } from './login-routes.js';
import { buildOpenApi } from './openapi.js';
import { RateLimiter } from './rate-limit.js';
import { readTarget, safeDecode } from './request-target.js';
import { compileRoutes, matchRoute, type RouteSpec } from './route-table.js';
import { ServerAccess } from './server-access.js';
import { createStaticFiles } from './static-files.js';
import { STATION_ROUTES } from './station-routes.js';
import { attachSocket } from './ws-channel.js';

export interface HttpServerOptions {
  core: StationCore;
  host: string;
  port: number;
  /** Folder of the built renderer. */
  webRoot: string;
  /** STATION_TOKEN: the token, and required for the page and API even on loopback. */
  token?: string;
  /** Access settings (token, allowed origins); by default kept in memory with `token`. */
  access?: ServerAccess;
  log?: (message: string) => void;
  /** Login attempts per client per minute (default 10). */
  loginPerMinute?: number;
  importMaxBytes?: number;
  /** Ingest requests per client: at once, and regained per second (defaults 100 and 50). */
  ingestBurst?: number;
  ingestPerSecond?: number;
  /** Check every result against its schema before it is sent (tests, development). */
  validateResults?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  access: ServerAccess;
  close(): Promise<void>;
}

export class ServerStartError extends Error {
  override name = 'ServerStartError';
}

export const WS_MAX_PAYLOAD_BYTES = 1 << 20;

/** Every route of the REST API, in match order; the OpenAPI document is made from the same list. */
export function apiRoutes(extra: RouteSpec[] = []): RouteSpec[] {
  return [...STATION_ROUTES, ...HISTORY_ROUTES, ...extra];
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
};

function refuseUpgrade(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: clipMessage(message), code });
  if (socket.writable)
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\ncontent-type: application/json; charset=utf-8\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  socket.destroy();
}

export async function startHttpServer(opts: HttpServerOptions): Promise<RunningServer> {
  const { core } = opts;
  const log = opts.log ?? ((m: string) => console.error(`[server] ${m}`));
  const call = createCallAdapter(core.handlers, {
    validateResults: opts.validateResults ?? false,
    encoders: core.encoders,
  });
  const access = opts.access ?? new ServerAccess({ dataDir: null, envToken: opts.token, warn: log });
  const loopbackOnly = isLoopbackHost(opts.host);
  const ingest = new NetworkIngest({
    attach: (source) => core.devices.attachNetworkSource(source),
    linkOf: (spec) => core.devices.linkOf(spec),
  });
  const ingestLimiter = new RateLimiter({ burst: opts.ingestBurst ?? 100, perSecond: opts.ingestPerSecond ?? 50 });
  const routes = apiRoutes([ingestRoute(ingest, ingestLimiter)]);
  const compiled = compileRoutes(routes);
  const openApi = buildOpenApi(routes);
  const serveStatic = createStaticFiles(opts.webRoot);
  const loginLimiter = new RateLimiter({
    burst: opts.loginPerMinute ?? 10,
    perSecond: (opts.loginPerMinute ?? 10) / 60,
  });
  // Until the binding is known the policy is the strict one.
  access.setBinding({ url: '', host: opts.host, port: opts.port, loopbackOnly });
  const policy = (): PolicyInput => ({ tokenRequired: access.tokenRequired, allowedOrigins: access.allowedOrigins });
  const limits = { importMaxBytes: opts.importMaxBytes ?? DEFAULT_IMPORT_MAX_BYTES };
  const clientOf = (req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown';

  const api = async (req: IncomingMessage, res: ServerResponse, pathname: string, query: URLSearchParams) => {
    if (pathname === '/api/openapi.json') {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        throw new HttpError(405, 'method-not-allowed', 'GET the document.', { allow: 'GET' });
      return sendJson(res, 200, openApi);
    }
    const m = matchRoute(compiled, req.method ?? 'GET', pathname, safeDecode);
    if (m.kind === 'none') throw new HttpError(404, 'not-found', `No such endpoint ${pathname}.`);
    if (m.kind === 'wrong-method')
      throw new HttpError(405, 'method-not-allowed', `Use ${m.allow.join(' or ')} here.`, {
        allow: m.allow.join(', '),
      });
    if (m.route.spec.alwaysNeedsToken && credentialOf(req, query, access.token()) === null)
      throw new HttpError(401, 'token-required', 'This endpoint needs the station token (Settings → Server access).', {
        'www-authenticate': 'Bearer realm="station"',
      });
    await m.route.spec.handle({ core, call, req, res, query, params: m.params, client: clientOf(req), limits });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { pathname, query } = readTarget(req);
    const p = policy();
    const hostWhy = hostRefusal(req, p);
    if (hostWhy) throw new HttpError(403, 'bad-host', hostWhy);
    const origin = req.headers.origin?.toLowerCase();
    const listed = origin !== undefined && p.allowedOrigins.includes(origin);
    if (listed) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      if (!listed)
        throw new HttpError(403, 'bad-origin', 'Cross-origin requests are only for the origins listed in Settings.');
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST, PUT',
        'access-control-allow-headers': 'authorization, content-type',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    if (isStateChanging(req.method)) {
      const why = originRefusal(req, p);
      if (why) throw new HttpError(403, 'bad-origin', why);
    }
    if (pathname === '/login') {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        throw new HttpError(405, 'method-not-allowed', 'GET the login page.', { allow: 'GET' });
      return loginPage(res, safeNext(query.get('next')), false);
    }
    if (pathname === '/api/login') {
      if (req.method !== 'POST') throw new HttpError(405, 'method-not-allowed', 'POST the token.', { allow: 'POST' });
      return handleLogin(req, res, clientOf(req), access.token(), loginLimiter);
    }
    if (pathname === '/api/logout') {
      if (req.method !== 'POST') throw new HttpError(405, 'method-not-allowed', 'POST to log out.', { allow: 'POST' });
      return sendJson(res, 200, { ok: true }, { 'set-cookie': CLEAR_COOKIE });
    }
    const isApi = pathname.startsWith('/api/');
    const navigation = !isApi && (req.method === 'GET' || req.method === 'HEAD');
    const cred = p.tokenRequired ? credentialOf(req, query, access.token()) : null;
    if (p.tokenRequired && cred === null) {
      if (navigation) {
        res.writeHead(302, { location: `/login?next=${encodeURIComponent(pathname)}`, 'cache-control': 'no-store' });
        res.end();
        return;
      }
      throw new HttpError(401, 'token-required', 'The station token is required (Bearer header, ?token= or log in).', {
        'www-authenticate': 'Bearer realm="station"',
      });
    }
    if (cred === 'query' && navigation) {
      // A page opened as …/?token=…: trade the token for the cookie and take it out of the address bar.
      query.delete('token');
      const rest = query.toString();
      res.writeHead(303, {
        location: `${pathname}${rest ? `?${rest}` : ''}`,
        'set-cookie': sessionCookie(access.token()),
        'cache-control': 'no-store',
      });
      res.end();
      return;
    }
    if (isApi) return api(req, res, pathname, query);
    if (req.method !== 'GET' && req.method !== 'HEAD')
      throw new HttpError(405, 'method-not-allowed', 'The station UI is read with GET.', { allow: 'GET' });
    serveStatic(req, res, pathname);
  };

  const fail = (res: ServerResponse, e: unknown) => {
    if (e instanceof HttpError) return sendError(res, e.status, e.code, e.message, e.headers);
    log(`request failed: ${(e as Error)?.stack ?? String(e)}`);
    sendError(res, 500, 'internal', 'The request could not be handled; the station log has the details.');
  };

  const server: Server = createServer((req, res) => {
    // An aborted upload or a reset socket surfaces as 'error' on these streams: never uncaught.
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    try {
      handle(req, res).catch((e: unknown) => fail(res, e));
    } catch (e) {
      fail(res, e);
    }
  });
  // CONNECT (a proxy request) is nothing this server does.
  server.on('connect', (_req: IncomingMessage, socket: Duplex) =>
    refuseUpgrade(socket, 405, 'method-not-allowed', 'This is not a proxy.'),
  );
  server.on('clientError', (_err, socket: Socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    socket.destroy();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD_BYTES });
  wss.on('error', (e) => log(`WebSocket server error: ${e.message}`));
  const tokenSockets = new Set<WebSocket>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    try {
      const { pathname, query } = readTarget(req);
      const p = policy();
      const hostWhy = hostRefusal(req, p);
      if (hostWhy) return refuseUpgrade(socket, 403, 'bad-host', hostWhy);
      if (pathname !== '/ws') return refuseUpgrade(socket, 404, 'not-found', 'The WebSocket is at /ws.');
      const originWhy = originRefusal(req, p);
      if (originWhy) return refuseUpgrade(socket, 403, 'bad-origin', originWhy);
      const cred = p.tokenRequired ? credentialOf(req, query, access.token()) : null;
      if (p.tokenRequired && cred === null) return refuseUpgrade(socket, 401, 'token-required', 'token required');
      wss.handleUpgrade(req, socket, head, (ws) => {
        if (cred !== null) {
          tokenSockets.add(ws);
          ws.on('close', () => tokenSockets.delete(ws));
        }
        attachSocket(core, call, ws, log);
      });
    } catch (e) {
      if (e instanceof HttpError) refuseUpgrade(socket, e.status, e.code, e.message);
      else {
        log(`upgrade failed: ${(e as Error)?.stack ?? String(e)}`);
        refuseUpgrade(socket, 400, 'bad-upgrade', 'The upgrade request could not be handled.');
      }
    }
  });
  // A rotated token ends the connections made with the old one — a moment later, so that the page
  // which asked for the rotation still gets its answer (the new token) on its socket.
  const offAccess = access.onChange(() => {
    const ending = [...tokenSockets];
    tokenSockets.clear();
    setTimeout(() => {
      for (const ws of ending) ws.close(4001, 'token rotated');
    }, 200).unref();
  });

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
  server.on('error', (e) => log(`server error: ${e.message}`));
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const url = `http://${hostForUrl}:${port}/`;
  access.setBinding({ url, host: opts.host, port, loopbackOnly });
  core.setServerAccess(access);
  return {
    url,
    port,
    access,
    close: () =>
      new Promise<void>((done) => {
        offAccess();
        core.setServerAccess(null);
        access.setBinding(null);
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections?.();
        server.close(() => done());
      }),
  };
}
