/**
 * How the REST routes answer: JSON, and for a contract call its envelope — the result with 200, or the
 * error's code and message with the HTTP status that code means, the same for every route.
 */
import type { ServerResponse } from 'node:http';
import type { ResultEnvelope } from '../contract/index.js';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export function httpStatusOf(code: string): number {
  if (code === 'bad-params' || code === 'history.bad-window') return 400;
  if (code === 'unknown-method' || code.endsWith('not-found')) return 404;
  if (code === 'store.unavailable') return 503;
  return 500;
}

export function sendEnvelope(res: ServerResponse, r: ResultEnvelope): void {
  if (r.ok) sendJson(res, 200, r.result);
  else sendJson(res, httpStatusOf(r.error.code), { error: r.error.message, code: r.error.code });
}
