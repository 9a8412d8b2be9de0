/**
 * Who may do what, decided before any handler runs.
 *
 * - Host: without a token, only loopback names and IP literals are served. A page on evil.example that
 *   re-points its DNS name at 127.0.0.1 (DNS rebinding) is then refused, since its requests carry
 *   `Host: evil.example`; with a token it would hold no credential anyway.
 * - Origin: the WebSocket upgrade and every state-changing request from a browser must come from the
 *   station's own page (`http://<Host>`) or an origin listed in Settings. Browsers send Origin on both;
 *   a request without one is a script or a device, not a page the operator happened to open.
 * - Credentials: `Authorization: Bearer <token>`, `?token=` (devices, the WebSocket URL), or the
 *   HttpOnly cookie the login page sets. The cookie holds a value derived from the token, not the token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

export const SESSION_COOKIE = 'station_session';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || host.startsWith('127.') || host === '0:0:0:0:0:0:0:1';
}

/** The host name of a Host header (`name:port`, `[v6]:port`), lower case; null when unreadable. */
export function hostName(hostHeader: string | undefined): string | null {
  if (!hostHeader || hostHeader.length > 255) return null;
  const m = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?$/.exec(hostHeader);
  return m ? m[1]!.toLowerCase() : null;
}

function isIpLiteral(name: string): boolean {
  return isIP(name.startsWith('[') ? name.slice(1, -1) : name) !== 0;
}

export interface PolicyInput {
  tokenRequired: boolean;
  allowedOrigins: readonly string[];
}

/** Null when the Host header is acceptable, else why not. */
export function hostRefusal(req: IncomingMessage, p: PolicyInput): string | null {
  const name = hostName(req.headers.host);
  if (name === null) return 'The request has no readable Host header.';
  if (p.tokenRequired || name === 'localhost' || isIpLiteral(name)) return null;
  if (p.allowedOrigins.some((o) => hostName(o.replace(/^https?:\/\//, '')) === name)) return null;
  return `This station answers to its IP address or localhost, not to "${name.slice(0, 80)}" (add the name's origin in Settings → Server access).`;
}

export function ownOrigin(req: IncomingMessage): string | null {
  const host = req.headers.host;
  return hostName(host) === null ? null : `http://${host!.toLowerCase()}`;
}

/** Null when the request's Origin (if any) may drive the station, else why not. */
export function originRefusal(req: IncomingMessage, p: PolicyInput): string | null {
  const origin = req.headers.origin;
  if (origin === undefined) {
    // Without Origin a browser request can only be a navigation or a same-origin GET; Fetch Metadata
    // says so when the browser sends it.
    return req.headers['sec-fetch-site'] === 'cross-site' ? 'A cross-site request may not change the station.' : null;
  }
  const o = origin.toLowerCase();
  if (o === ownOrigin(req) || p.allowedOrigins.includes(o)) return null;
  return `Origin ${origin.slice(0, 100)} may not drive this station (only its own page and the origins listed in Settings → Server access).`;
}

export const isStateChanging = (method: string | undefined) =>
  method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';

const digest = (s: string) => createHash('sha256').update(s).digest();

export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** What the login cookie holds for a token: enough to recognise it, useless as a bearer token. */
export function cookieValueFor(token: string): string {
  return createHash('sha256').update(`station-page:${token}`).digest('base64url');
}

export function readCookie(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header || header.length > 8192) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** Which credential the request carries that matches `token`, or null. */
export function credentialOf(
  req: IncomingMessage,
  query: URLSearchParams,
  token: string,
): 'bearer' | 'query' | 'cookie' | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ') && sameSecret(auth.slice(7).trim(), token)) return 'bearer';
  const q = query.get('token');
  if (q !== null && sameSecret(q, token)) return 'query';
  const c = readCookie(req, SESSION_COOKIE);
  if (c !== null && sameSecret(c, cookieValueFor(token))) return 'cookie';
  return null;
}
