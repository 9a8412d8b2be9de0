/**
 * Reads a request's target without trusting it: an absolute-form or garbled target, or a path whose
 * percent-escapes do not decode (`/%`, `/%zz`, `/%E0%A4%A`), is a 400 — never a URIError thrown into
 * the request listener, which is what once ended the station.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-response.js';

export interface RequestTarget {
  /** The path as sent (still percent-encoded), for routing and for the static file server. */
  pathname: string;
  query: URLSearchParams;
}

const BASE = 'http://station.invalid';

export function readTarget(req: IncomingMessage): RequestTarget {
  const raw = req.url ?? '/';
  // Origin-form only ("/path?query"): an absolute-form target would let the URL's own host into routing.
  if (!raw.startsWith('/') || raw.startsWith('//'))
    throw new HttpError(400, 'bad-target', 'The request target must be a path starting with a single "/".');
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    throw new HttpError(400, 'bad-target', 'The request target is not a valid URL path.');
  }
  if (safeDecode(url.pathname) === null)
    throw new HttpError(400, 'bad-target', 'The request path holds a malformed percent-escape.');
  return { pathname: url.pathname, query: url.searchParams };
}

/** decodeURIComponent, or null where the escapes are malformed. */
export function safeDecode(s: string): string | null {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}
