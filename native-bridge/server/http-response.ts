/**
 * How the server answers: JSON bodies, and errors as `{ error, code }` whose message is clipped, so a
 * failure caused by a 50 MB body can never send that body back. A contract call answers with its
 * envelope: the result with 200, or the error with the HTTP status its code means, the same for every
 * route.
 */
import type { ServerResponse } from 'node:http';
import { EncodedJson, type ResultEnvelope } from '../contract/index.js';

/** Longest error message sent: enough for a reason, never enough to echo an input back. */
export const MAX_ERROR_CHARS = 400;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function clipMessage(message: string): string {
  return message.length <= MAX_ERROR_CHARS ? message : `${message.slice(0, MAX_ERROR_CHARS - 1)}…`;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendJsonText(res, status, JSON.stringify(body), headers);
}

/** A body that is JSON already (a string, or UTF-8 bytes a worker encoded). */
export function sendJsonText(
  res: ServerResponse,
  status: number,
  text: string | Uint8Array,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error: clipMessage(message), code }, headers);
}

/** The HTTP status of a contract error code (`bad-params`, `session.not-found`, …). */
export function httpStatusOf(code: string): number {
  if (code === 'bad-params' || code === 'bad-json' || code.endsWith('bad-window') || code === 'import.bad-csv')
    return 400;
  if (code === 'unknown-method' || code.endsWith('not-found')) return 404;
  if (code === 'store.unavailable' || code === 'model.unavailable') return 503;
  return 500;
}

export function sendEnvelope(res: ServerResponse, r: ResultEnvelope): void {
  if (r.ok && r.result instanceof EncodedJson) sendJsonText(res, 200, r.result.bytes);
  else if (r.ok) sendJson(res, 200, r.result);
  else sendError(res, httpStatusOf(r.error.code), r.error.code, r.error.message);
}
