/**
 * The login page and its form: the one page served without the token. A correct token sets an
 * HttpOnly, SameSite=Strict cookie for the page (so the token never sits in a script-readable place or
 * in the address bar), attempts are rate limited per client, and `next` may only be a path on this
 * station.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { cookieValueFor, SESSION_COOKIE, sameSecret } from './access-policy.js';
import { HttpError, sendError, sendJson } from './http-response.js';
import type { RateLimiter } from './rate-limit.js';
import { readBody } from './request-body.js';

const LOGIN_BODY_MAX_BYTES = 4096;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A path on this station (`/history?x=1`), never `//elsewhere` or `https://…`. */
export function safeNext(next: string | null): string {
  return next && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) && next.length <= 500 ? next : '/';
}

export function sessionCookie(token: string): string {
  return `${SESSION_COOKIE}=${cookieValueFor(token)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${30 * 24 * 3600}`;
}

export const CLEAR_COOKIE = `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;

export function loginPage(res: ServerResponse, next: string, failed: boolean): void {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>EV Battery Station — log in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px system-ui,sans-serif;background:#0f172a;color:#e2e8f0;display:grid;place-items:center;min-height:100vh;margin:0}
form{background:#1e293b;padding:2rem;border-radius:8px;min-width:20rem}label,input,button{display:block;width:100%;box-sizing:border-box}
input{margin:.5rem 0 1rem;padding:.5rem;font:inherit}button{padding:.5rem;font:inherit;cursor:pointer}.err{color:#fca5a5}</style></head>
<body><form method="post" action="/api/login">
<h1>EV Battery Monitoring Station</h1>
<p>This station needs its access token (Settings → Server access on the station's own screen).</p>
${failed ? '<p class="err" role="alert">That token is not right.</p>' : ''}
<label for="token">Access token</label><input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<input type="hidden" name="next" value="${escapeHtml(next)}">
<button type="submit">Log in</button></form></body></html>`;
  res.writeHead(failed ? 401 : 200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    'x-frame-options': 'DENY',
  });
  res.end(html);
}

const loginJson = z.object({ token: z.string().max(500), next: z.string().max(500).optional() });

async function readLogin(req: IncomingMessage): Promise<{ token: string; next: string | null; form: boolean }> {
  const text = (await readBody(req, LOGIN_BODY_MAX_BYTES)).toString('utf8');
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('application/json')) {
    let parsed;
    try {
      parsed = loginJson.safeParse(JSON.parse(text));
    } catch {
      throw new HttpError(400, 'bad-json', 'The login body is not valid JSON.');
    }
    if (!parsed.success) throw new HttpError(400, 'bad-params', 'Expected {"token": "…"}.');
    return { token: parsed.data.token, next: parsed.data.next ?? null, form: false };
  }
  const form = new URLSearchParams(text);
  return { token: form.get('token') ?? '', next: form.get('next'), form: true };
}

export async function handleLogin(
  req: IncomingMessage,
  res: ServerResponse,
  client: string,
  token: string,
  limiter: RateLimiter,
): Promise<void> {
  const wait = limiter.take(client);
  if (wait > 0)
    return sendError(res, 429, 'rate-limited', `Too many login attempts; try again in ${wait} s.`, {
      'retry-after': String(wait),
    });
  const login = await readLogin(req);
  const next = safeNext(login.next);
  if (!sameSecret(login.token, token)) {
    if (login.form) return loginPage(res, next, true);
    return sendError(res, 401, 'bad-token', 'That token is not right.');
  }
  if (login.form) {
    res.writeHead(303, { location: next, 'set-cookie': sessionCookie(token), 'cache-control': 'no-store' });
    res.end();
    return;
  }
  sendJson(res, 200, { ok: true }, { 'set-cookie': sessionCookie(token) });
}
