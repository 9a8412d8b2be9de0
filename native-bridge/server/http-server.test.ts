/** The headless transport end to end over loopback: REST, WebSocket calls and pushed events. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { StationCore } from '../station/station.js';
import { SimpleRigModel } from '../../testing/simple-rig-model.js';
import { SimulatorSource } from '../devices/simulator-source.js';
import { ServerStartError, startHttpServer, type RunningServer } from './http-server.js';

let dir: string;
let core: StationCore;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'station-http-'));
  mkdirSync(join(dir, 'web'));
  writeFileSync(join(dir, 'web', 'index.html'), '<html>station ui</html>');
  core = new StationCore({ dataDir: join(dir, 'data'), logger: () => undefined, uiIntervalMs: 50 });
  await core.addSource(
    new SimulatorSource({ spec: 'sim', label: 'sim', model: new SimpleRigModel(4, 3), periodMs: 50 }),
  );
  server = await startHttpServer({ core, host: '127.0.0.1', port: 0, webRoot: join(dir, 'web') });
  await new Promise((r) => setTimeout(r, 400));
});

afterAll(async () => {
  await server.close();
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('headless server', () => {
  it('answers /api/status and /api/data?limit=N', async () => {
    const status = (await (await fetch(`${server.url}api/status`)).json()) as { devices: { state: string }[] };
    expect(status.devices[0]!.state).toBe('streaming');
    const data = (await (await fetch(`${server.url}api/data?limit=6`)).json()) as { cell: number }[];
    expect(data).toHaveLength(6);
    expect(data[0]).toHaveProperty('voltageV');
  });

  it('answers 400 to a bad limit and 404 to an unknown endpoint', async () => {
    expect((await fetch(`${server.url}api/data?limit=abc`)).status).toBe(400);
    expect((await fetch(`${server.url}api/nope`)).status).toBe(404);
  });

  it('answers GET /api/alarms with the standing alarms and the log, filtered, and 400 to a bad filter', async () => {
    core.alarms.raise({ key: 'k1', code: 'T_WARN', severity: 'warning', source: 'rule', deviceId: 'R1', message: 'w' });
    core.alarms.raise({
      key: 'k2',
      code: 'RUNAWAY',
      severity: 'critical',
      source: 'rule',
      deviceId: 'R2',
      message: 'r',
    });
    const get = async (q: string) =>
      (await fetch(`${server.url}api/alarms${q}`)).json() as Promise<Record<string, { code: string }[]>>;
    const all = await get('');
    expect(all.active!.map((a) => a.code)).toEqual(['RUNAWAY', 'T_WARN']);
    expect(all.recent!.map((a) => a.code)).toEqual(['RUNAWAY', 'T_WARN']);
    expect((await get('?severity=alarm')).active!.map((a) => a.code)).toEqual(['RUNAWAY']);
    expect((await get('?device=R1&limit=5')).recent!.map((a) => a.code)).toEqual(['T_WARN']);
    const active = (await (await fetch(`${server.url}api/alarms/active?device=R2`)).json()) as { code: string }[];
    expect(active.map((a) => a.code)).toEqual(['RUNAWAY']);
    expect((await fetch(`${server.url}api/alarms?severity=loud`)).status).toBe(400);
    expect((await fetch(`${server.url}api/alarms?limit=0`)).status).toBe(400);
  });

  it('serves the UI with an SPA fallback and refuses path traversal', async () => {
    expect(await (await fetch(`${server.url}live`)).text()).toContain('station ui');
    const res = await fetch(`${server.url}..%2f..%2fetc%2fpasswd`);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('root:');
  });

  it('carries calls and pushed snapshots over the WebSocket', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}ws`);
    const messages: { type: string; id?: number; event?: string; ok?: boolean; result?: unknown }[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(String(d))));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'call', id: 7, method: 'getStats', params: {} }));
    ws.send(JSON.stringify({ type: 'call', id: 8, method: 'getLatestReadings', params: { limit: 0 } }));
    ws.send('not json');
    await new Promise((r) => setTimeout(r, 500));
    ws.close();
    expect(messages.find((m) => m.id === 7)).toMatchObject({ ok: true, result: { totalRecords: expect.any(Number) } });
    expect(messages.find((m) => m.id === 8)).toMatchObject({ ok: false });
    expect(messages.some((m) => m.type === 'result' && m.id === -1)).toBe(true);
    expect(messages.filter((m) => m.event === 'onLiveSnapshot').length).toBeGreaterThan(0);
  });

  it('sends the chart series the read thread encoded, as text, the same over the WebSocket, REST and the handler', async () => {
    const [session] = await core.handlers.listSessions({ limit: 1 });
    const params = { sessionId: session!.id, maxPoints: 300 };
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}ws`);
    const frames: { binary: boolean; text: string }[] = [];
    ws.on('message', (d, binary) => frames.push({ binary, text: String(d) }));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'call', id: 11, method: 'getHistorySeries', params }));
    ws.send(JSON.stringify({ type: 'call', id: 12, method: 'getHistorySeries', params: { sessionId: 999_999 } }));
    const answered = () => frames.filter((f) => /"id":1[12],/.test(f.text));
    for (let i = 0; i < 200 && answered().length < 2; i++) await new Promise((r) => setTimeout(r, 25));
    ws.close();
    const [ok, missing] = [11, 12].map((id) => answered().find((f) => f.text.includes(`"id":${id},`))!);
    // A text frame: the browser's client reads messages as text, never as a Blob.
    expect(ok!.binary).toBe(false);
    const viaWs = JSON.parse(ok!.text) as { type: string; ok: boolean; result: { t: number[] } };
    expect(viaWs).toMatchObject({ type: 'result', id: 11, ok: true });
    expect(viaWs.result.t.length).toBeGreaterThan(0);
    expect(JSON.parse(missing!.text)).toMatchObject({ id: 12, ok: false, error: { code: 'session.not-found' } });
    const viaRest = await (await fetch(`${server.url}api/sessions/${session!.id}/series?maxPoints=300`)).json();
    const direct = await core.handlers.getHistorySeries({ ...params, toMs: viaWs.result.t.at(-1)! + 1e9 });
    // The stream goes on between the three reads: compare the points all three hold.
    const upTo = (s: unknown, n: number) => {
      const v = s as { t: number[]; series: { min: unknown[]; max: unknown[]; mean: unknown[] }[] };
      return { t: v.t.slice(0, n), series: v.series.map((x) => [x.min, x.max, x.mean].map((a) => a.slice(0, n))) };
    };
    const n = Math.min(viaWs.result.t.length, (viaRest as { t: number[] }).t.length) - 1;
    expect(upTo(viaRest, n)).toEqual(upTo(viaWs.result, n));
    expect(upTo(direct, n).t).toEqual(upTo(viaWs.result, n).t);
  });

  it('says clearly when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    await expect(startHttpServer({ core, host: '127.0.0.1', port, webRoot: dir })).rejects.toThrow(ServerStartError);
    await expect(startHttpServer({ core, host: '127.0.0.1', port, webRoot: dir })).rejects.toThrow(
      /already in use.*PORT=/,
    );
    blocker.close();
  });
});
