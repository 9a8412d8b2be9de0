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
