/**
 * The server as an outsider probes it: malformed targets answer 400 and the station stays up; static
 * files through `send` (ETag, HEAD, ranges, no traversal); a foreign Origin or Host refused on the
 * WebSocket and on state-changing requests, with nothing changed; the token required for everything
 * but the login page once set; bodies bounded (413) and errors that never echo the body.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SimulatorSource } from '../devices/simulator-source.js';
import { StationCore } from '../station/station.js';
import { probe } from '../../testing/http-probe.js';
import { SimpleRigModel } from '../../testing/simple-rig-model.js';
import { startHttpServer, type RunningServer } from './http-server.js';
import { ServerAccess } from './server-access.js';

async function station(dir: string) {
  const core = new StationCore({
    dataDir: join(dir, 'data'),
    logger: () => undefined,
    uiIntervalMs: 50,
    model: { path: null },
  });
  await core.addSource(
    new SimulatorSource({ spec: 'sim', label: 'sim', model: new SimpleRigModel(2, 3), periodMs: 50 }),
  );
  mkdirSync(join(dir, 'web', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'web', 'index.html'), '<html>station ui</html>');
  writeFileSync(join(dir, 'web', 'assets', 'app.js'), 'console.log("0123456789");');
  writeFileSync(join(dir, 'web', '.secret'), 'dotfile');
  return core;
}

function wsOpen(url: string, headers: Record<string, string> = {}): Promise<{ ok: boolean; status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve({ ok: true, status: 101 });
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve({ ok: false, status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.on('error', () => resolve({ ok: false, status: 0 }));
  });
}

describe('an open (loopback, no token) server', () => {
  let dir: string;
  let core: StationCore;
  let server: RunningServer;
  let origin: string;
  const logs: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'station-harden-'));
    core = await station(dir);
    server = await startHttpServer({
      core,
      host: '127.0.0.1',
      port: 0,
      webRoot: join(dir, 'web'),
      importMaxBytes: 64 * 1024,
      log: (m) => logs.push(m),
    });
    origin = server.url.replace(/\/$/, '');
  });
  afterAll(async () => {
    await server.close();
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 400 to undecodable paths, static or API, and keeps serving', async () => {
    for (const path of ['/%', '/%zz', '/%E0%A4%A', '/api/%', '/api/sessions/%zz', '/assets/%ff%', 'http://x/']) {
      const r = await probe(server.url, { path });
      expect(r.status, path).toBe(400);
      expect(JSON.parse(r.body)).toMatchObject({ code: 'bad-target' });
    }
    expect((await probe(server.url, { path: '/api/status' })).status).toBe(200);
  });

  it('serves files with ETag, HEAD and ranges, the page for app routes, and nothing outside the root', async () => {
    const full = await probe(server.url, { path: '/assets/app.js' });
    expect(full.status).toBe(200);
    expect(full.headers.etag).toBeTruthy();
    expect(
      (await probe(server.url, { path: '/assets/app.js', headers: { 'if-none-match': String(full.headers.etag) } }))
        .status,
    ).toBe(304);
    const head = await probe(server.url, { method: 'HEAD', path: '/assets/app.js' });
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(Number(head.headers['content-length'])).toBe(full.body.length);
    const part = await probe(server.url, { path: '/assets/app.js', headers: { range: 'bytes=13-22' } });
    expect(part).toMatchObject({ status: 206, body: '0123456789' });
    expect((await probe(server.url, { path: '/assets/app.js', headers: { range: 'bytes=5-2' } })).status).toBe(416);
    expect((await probe(server.url, { path: '/assets/app.js', headers: { range: 'bytes=900-' } })).status).toBe(416);
    expect((await probe(server.url, { path: '/history' })).body).toContain('station ui');
    expect((await probe(server.url, { path: '/assets/missing.js' })).status).toBe(404);
    const trav = await probe(server.url, { path: '/..%2f..%2fetc%2fpasswd' });
    expect(trav.status).toBe(403);
    expect(trav.body).not.toContain('root:');
    expect((await probe(server.url, { path: '/.secret' })).body).not.toContain('dotfile');
  });

  it('refuses a foreign Origin on POSTs and the WebSocket, changes nothing, and lets its own page in', async () => {
    const sessionsBefore = (await (await fetch(`${server.url}api/sessions`)).json()) as unknown[];
    const csv = 'time,cell,temperature\n0,1,25\n1,1,25.5\n';
    for (const o of ['http://evil.example', 'null', 'http://127.0.0.1:1']) {
      const r = await probe(server.url, {
        method: 'POST',
        path: '/api/import?name=evil.csv',
        headers: { origin: o, 'content-type': 'text/csv' },
        body: csv,
      });
      expect(r.status, o).toBe(403);
      expect(JSON.parse(r.body).code).toBe('bad-origin');
    }
    expect((await (await fetch(`${server.url}api/sessions`)).json()) as unknown[]).toHaveLength(sessionsBefore.length);
    const ws = `${server.url.replace('http', 'ws')}ws`;
    expect(await wsOpen(ws, { origin: 'http://evil.example' })).toEqual({ ok: false, status: 403 });
    expect(await wsOpen(ws, { origin })).toEqual({ ok: true, status: 101 });
    expect(await wsOpen(ws)).toEqual({ ok: true, status: 101 });
    const own = await probe(server.url, {
      method: 'POST',
      path: '/api/import?name=own.csv',
      headers: { origin, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(own.status).toBe(200);
    expect((await (await fetch(`${server.url}api/sessions`)).json()) as unknown[]).toHaveLength(
      sessionsBefore.length + 1,
    );
  });

  it('lets an origin listed in settings in, with CORS headers, and refuses DNS-rebound host names', async () => {
    const ws = `${server.url.replace('http', 'ws')}ws`;
    expect((await wsOpen(ws, { origin: 'http://dash.example:3000' })).status).toBe(403);
    server.access.setAllowedOrigins(['http://dash.example:3000']);
    try {
      expect(await wsOpen(ws, { origin: 'http://dash.example:3000' })).toEqual({ ok: true, status: 101 });
      const pre = await probe(server.url, {
        method: 'OPTIONS',
        path: '/api/status',
        headers: { origin: 'http://dash.example:3000', 'access-control-request-method': 'GET' },
      });
      expect(pre.status).toBe(204);
      expect(pre.headers['access-control-allow-origin']).toBe('http://dash.example:3000');
    } finally {
      server.access.setAllowedOrigins([]);
    }
    const port = new URL(server.url).port;
    const rebound = await probe(server.url, { path: '/api/status', headers: { host: `evil.example:${port}` } });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body).code).toBe('bad-host');
    expect((await wsOpen(ws, { host: `evil.example:${port}`, origin: `http://evil.example:${port}` })).status).toBe(
      403,
    );
    expect((await probe(server.url, { path: '/api/status', headers: { host: `localhost:${port}` } })).status).toBe(200);
  });

  it('bounds bodies (413, declared or streamed) and never echoes a body in an error', async () => {
    const declared = await probe(server.url, {
      method: 'POST',
      path: '/api/import?name=big.csv',
      headers: { 'content-length': String(10 << 20) },
      body: 'x',
    });
    expect(declared.status).toBe(413);
    const streamed = await probe(server.url, {
      method: 'POST',
      path: '/api/import?name=big.csv',
      headers: { 'transfer-encoding': 'chunked' },
      body: 'time,cell,temperature\n' + '0,1,25\n'.repeat(20_000),
    });
    expect([413, 0]).toContain(streamed.status);
    const marker = 'ECHO-MARKER-'.repeat(3000);
    const bad = await probe(server.url, { method: 'POST', path: '/api/import?name=x.csv', body: marker });
    expect(bad.status).toBe(400);
    expect(bad.body.length).toBeLessThan(1000);
    expect(bad.body.split('ECHO-MARKER').length).toBeLessThan(10);
    expect((await probe(server.url, { path: '/api/status' })).status).toBe(200);
  });

  it('survives WebSocket garbage: bad JSON, wrong envelopes, oversize frames, throwing calls', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}ws`);
    const results: { id: number; ok: boolean }[] = [];
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { type: string; id: number; ok: boolean };
      if (m.type === 'result') results.push(m);
    });
    await new Promise((r) => ws.once('open', r));
    ws.send('not json');
    ws.send(JSON.stringify({ type: 'call', id: 'x' }));
    ws.send(JSON.stringify({ type: 'call', id: 1, method: 'nope', params: {} }));
    ws.send(JSON.stringify({ type: 'call', id: 2, method: 'getSession', params: { id: 99999 } }));
    ws.send(JSON.stringify({ type: 'call', id: 3, method: 'getStats', params: {} }));
    await expect.poll(() => results.length).toBe(5);
    expect(results.find((r) => r.id === 3)?.ok).toBe(true);
    expect(results.filter((r) => !r.ok)).toHaveLength(4);
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send('x'.repeat((1 << 20) + 10));
    expect(await closed).toBe(1009);
    expect((await probe(server.url, { path: '/api/status' })).status).toBe(200);
  });
});

describe('a server with a token', () => {
  let dir: string;
  let core: StationCore;
  let server: RunningServer;
  const token = 'test-token-0123456789abcdef';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'station-token-'));
    core = await station(dir);
    server = await startHttpServer({
      core,
      host: '127.0.0.1',
      port: 0,
      webRoot: join(dir, 'web'),
      access: new ServerAccess({ dataDir: dir, envToken: token }),
      loginPerMinute: 4,
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await server.close();
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('requires it for everything but the login page', async () => {
    const page = await probe(server.url, { path: '/' });
    expect(page.status).toBe(302);
    expect(page.headers.location).toBe('/login?next=%2F');
    expect((await probe(server.url, { path: '/assets/app.js' })).status).toBe(302);
    expect((await probe(server.url, { path: '/login' })).status).toBe(200);
    for (const path of ['/api/status', '/api/sessions', '/api/openapi.json', '/api/nope']) {
      const r = await probe(server.url, { path });
      expect(r.status, path).toBe(401);
      expect(r.body).not.toContain(token);
    }
    expect((await probe(server.url, { path: '/api/status', headers: { authorization: 'Bearer wrong' } })).status).toBe(
      401,
    );
    expect(
      (await probe(server.url, { path: '/api/status', headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(200);
    expect((await probe(server.url, { path: `/api/status?token=${token}` })).status).toBe(200);
    const ws = `${server.url.replace('http', 'ws')}ws`;
    expect((await wsOpen(ws)).status).toBe(401);
    expect((await wsOpen(`${ws}?token=${token}`)).ok).toBe(true);
  });

  it('trades a page URL token or a login for an HttpOnly cookie that opens the page, API and WebSocket', async () => {
    const viaUrl = await probe(server.url, { path: `/history?token=${token}&x=1` });
    expect(viaUrl.status).toBe(303);
    expect(viaUrl.headers.location).toBe('/history?x=1');
    const cookie = String(viaUrl.headers['set-cookie']).split(';')[0]!;
    expect(String(viaUrl.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    expect(cookie).not.toContain(token);
    expect((await probe(server.url, { path: '/', headers: { cookie } })).body).toContain('station ui');
    expect((await probe(server.url, { path: '/api/status', headers: { cookie } })).status).toBe(200);
    expect((await wsOpen(`${server.url.replace('http', 'ws')}ws`, { cookie })).ok).toBe(true);

    const wrong = await probe(server.url, {
      method: 'POST',
      path: '/api/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=nope&next=/live',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const right = await probe(server.url, {
      method: 'POST',
      path: '/api/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${token}&next=//evil.example/`,
    });
    expect(right.status).toBe(303);
    expect(right.headers.location).toBe('/');
    expect(String(right.headers['set-cookie']).split(';')[0]).toBe(cookie);
  });

  it('rate-limits login attempts per client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push(
        (
          await probe(server.url, {
            method: 'POST',
            path: '/api/login',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ token: `guess-${i}` }),
          })
        ).status,
      );
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(4);
  });
});

describe('a server whose generated token is rotated', () => {
  /** The real settings file and rotation; required as beyond loopback, while the test binds 127.0.0.1 only. */
  class RequiredAccess extends ServerAccess {
    override get tokenRequired(): boolean {
      return true;
    }
  }
  let dir: string;
  let core: StationCore;
  let server: RunningServer;
  let access: RequiredAccess;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'station-rotate-'));
    core = await station(dir);
    access = new RequiredAccess({ dataDir: dir });
    server = await startHttpServer({
      core,
      host: '127.0.0.1',
      port: 0,
      webRoot: join(dir, 'web'),
      access,
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await server.close();
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the rotation on the socket that asked, then ends the old token’s sockets with 4001', async () => {
    const old = access.token();
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}ws?token=${old}`);
    await new Promise((r) => ws.once('open', r));
    const answered = new Promise<{ ok: boolean; result?: { token: string } }>((resolve) =>
      ws.on('message', (d) => {
        const m = JSON.parse(String(d)) as { type: string; id?: number; ok: boolean; result?: { token: string } };
        if (m.type === 'result' && m.id === 7) resolve(m);
      }),
    );
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send(JSON.stringify({ type: 'call', id: 7, method: 'rotateServerToken', params: {} }));
    const result = await answered;
    expect(result.ok).toBe(true);
    expect(result.result!.token).not.toBe(old);
    expect(await closed).toBe(4001);
    expect((await wsOpen(`${server.url.replace('http', 'ws')}ws?token=${old}`)).status).toBe(401);
    expect((await wsOpen(`${server.url.replace('http', 'ws')}ws?token=${result.result!.token}`)).ok).toBe(true);
  });
});
