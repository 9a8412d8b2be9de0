/**
 * Network ingest against a real server and store: the token always required (401), bodies bounded
 * (413), 10,000 posted lines stored exactly once even when a request is retried, malformed lines
 * refused one by one with their reasons while the valid lines beside them are kept, the JSON forms,
 * each rig its own source with link health, and the per-client rate limit (429).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFrame, type DataFrame, type HelloFrame } from '../protocol/index.js';
import { StationCore } from '../station/station.js';
import { probe } from '../../testing/http-probe.js';
import { startHttpServer, type RunningServer } from './http-server.js';
import { ServerAccess } from './server-access.js';

const TOKEN = 'ingest-token-0123456789abcdef';
const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' };

const hello = (deviceId: string, cellCount = 4): HelloFrame => ({
  kind: 'hello',
  deviceId,
  bootId: 'C0FFEE01',
  fwVersion: '2.1.0',
  cellCount,
  periodMs: 100,
  channels: 'ntc:4;vdiv:4',
});
const data = (deviceId: string, seq: number, cells = 4): DataFrame => ({
  kind: 'data',
  deviceId,
  bootId: 'C0FFEE01',
  seq,
  tDevMs: seq * 100,
  cellMv: Array.from({ length: cells }, (_, c) => 3700 + c),
  cellTempCc: Array.from({ length: cells }, (_, c) => 2500 + ((seq + c) % 50)),
  packMa: 1500,
  ambientCc: 2300,
  humidityCpct: 4100,
  socPermille: null,
  status: 0,
});
const line = (f: HelloFrame | DataFrame) => encodeFrame(f).trimEnd();

interface IngestAnswer {
  lines: number;
  accepted: number;
  held: number;
  duplicates: number;
  rejectedCount: number;
  rejected: { index: number; reason: string }[];
  devices: string[];
}

describe('POST /api/ingest', () => {
  let dir: string;
  let core: StationCore;
  let server: RunningServer;
  const post = async (body: string, headers: Record<string, string> = auth, path = '/api/ingest') => {
    const r = await probe(server.url, { method: 'POST', path, headers, body });
    return { status: r.status, body: r.body ? (JSON.parse(r.body) as IngestAnswer & { code?: string }) : null };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'station-ingest-'));
    core = new StationCore({ dataDir: dir, logger: () => undefined, flushIntervalMs: 50, model: { path: null } });
    server = await startHttpServer({
      core,
      host: '127.0.0.1',
      port: 0,
      webRoot: dir,
      access: new ServerAccess({ dataDir: dir, envToken: TOKEN }),
      ingestBurst: 1000,
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await server.close();
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('always needs the token, and bounds the body', async () => {
    const body = `${line(hello('NET-A'))}\n`;
    expect((await post(body, { 'content-type': 'text/plain' })).status).toBe(401);
    expect((await post(body, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await post(body, { 'content-type': 'text/plain' }, '/api/ingest?token=nope')).status).toBe(401);
    expect((await post(body, { 'content-type': 'text/plain' }, `/api/ingest?token=${TOKEN}`)).status).toBe(200);
    const big = await probe(server.url, {
      method: 'POST',
      path: '/api/ingest',
      headers: { ...auth, 'content-length': String(3 << 20) },
      body: 'x',
    });
    expect(big.status).toBe(413);
    expect(core.devices.linkInfos().map((l) => l.spec)).toEqual(['network:NET-A']);
  });

  it('stores 10,000 posted lines exactly once, a retried request included', async () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => line(data('NET-A', i)));
    const first = await post([line(hello('NET-A')), ...lines.slice(0, 1000)].join('\n'));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ lines: 1001, accepted: 1001, rejectedCount: 0, devices: ['network:NET-A'] });
    let duplicates = 0;
    for (let i = 1000; i < 10_000; i += 1000) {
      const batch = lines.slice(i, i + 1000).join('\n');
      const r = await post(batch);
      expect(r.body!.accepted).toBe(1000);
      // The rig never heard the answer and posts the same batch again.
      if (i === 5000) duplicates += (await post(batch)).body!.duplicates;
    }
    expect(duplicates).toBe(1000);
    core.flush();
    const link = core.devices.linkInfos().find((l) => l.spec === 'network:NET-A')!;
    expect(link).toMatchObject({ kind: 'network', state: 'streaming', deviceId: 'NET-A', cellCount: 4 });
    expect(link.health).toMatchObject({ dataFrames: 10_000, duplicateFrames: 1000, seqGaps: 0, malformed: 0 });
    const db = new Database(join(dir, 'station.sqlite'), { readonly: true });
    const stored = db
      .prepare(
        `SELECT count(*) AS n, count(DISTINCT f.seq) AS seqs, min(f.seq) AS lo, max(f.seq) AS hi
         FROM frames f JOIN sessions s ON s.id = f.session_id WHERE s.device_id = 'NET-A'`,
      )
      .get();
    db.close();
    expect(stored).toEqual({ n: 10_000, seqs: 10_000, lo: 0, hi: 9999 });
  });

  it('refuses malformed lines one by one with their reasons and keeps the valid ones beside them', async () => {
    const good = line(data('NET-A', 10_000));
    const wrongCells = line(data('NET-A', 10_001, 16));
    const badCrc = line(data('NET-A', 10_002)).replace(/\*[0-9A-F]{8}$/, '*00000000');
    const body = [
      good,
      'ets Jun  8 2016 00:22:57',
      badCrc,
      wrongCells,
      '$EVB1,C,7,PING,-*12345678',
      'x'.repeat(2000),
      line(data('NET-A', 10_003)),
    ].join('\n');
    const r = await post(body);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ lines: 7, accepted: 2, rejectedCount: 5 });
    expect(r.body!.rejected).toEqual([
      { index: 1, reason: 'noise' },
      { index: 2, reason: 'checksum_mismatch' },
      { index: 3, reason: 'cell_count_mismatch' },
      { index: 4, reason: 'checksum_mismatch' },
      { index: 5, reason: 'too_long' },
    ]);
    const health = core.devices.linkInfos().find((l) => l.spec === 'network:NET-A')!.health;
    expect(health.rejectedByReason).toMatchObject({ cell_count_mismatch: 1, checksum_mismatch: 1 });
  });

  it('takes the JSON forms, holds data until the hello, and gives every rig its own source', async () => {
    const frames = [
      data('NET-B', 0),
      data('NET-B', 1),
      hello('NET-B'),
      data('NET-B', 2),
      { kind: 'data', deviceId: 'NET-B' },
    ];
    const r = await probe(server.url, {
      method: 'POST',
      path: '/api/ingest',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ frames }),
    });
    expect(JSON.parse(r.body)).toMatchObject({ lines: 5, held: 2, accepted: 2, rejectedCount: 1 });
    expect(JSON.parse(r.body).rejected[0]).toMatchObject({ index: 4, reason: expect.stringMatching(/^bad_frame/) });
    const viaLines = await probe(server.url, {
      method: 'POST',
      path: '/api/ingest',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ lines: [line(data('NET-B', 3)), line(hello('NET-C', 2)), line(data('NET-C', 0, 2))] }),
    });
    expect(JSON.parse(viaLines.body)).toMatchObject({ accepted: 3, devices: ['network:NET-B', 'network:NET-C'] });
    const specs = core.devices.linkInfos().map((l) => l.spec);
    expect(specs).toEqual(expect.arrayContaining(['network:NET-A', 'network:NET-B', 'network:NET-C']));
    expect(core.devices.linkInfos().find((l) => l.spec === 'network:NET-B')!.health.dataFrames).toBe(4);
    const bad = await probe(server.url, {
      method: 'POST',
      path: '/api/ingest',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{"lines": "not an array"}',
    });
    expect(bad.status).toBe(400);
  });
});

describe('the ingest rate limit', () => {
  it('answers 429 with Retry-After past the burst, per client', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'station-ingest-rl-'));
    const core = new StationCore({ dataDir: null, logger: () => undefined, model: { path: null } });
    const server = await startHttpServer({
      core,
      host: '127.0.0.1',
      port: 0,
      webRoot: dir,
      access: new ServerAccess({ dataDir: null, envToken: TOKEN }),
      ingestBurst: 3,
      ingestPerSecond: 0.1,
      log: () => undefined,
    });
    try {
      const statuses: number[] = [];
      let retryAfter: unknown;
      for (let i = 0; i < 6; i++) {
        const r = await probe(server.url, {
          method: 'POST',
          path: '/api/ingest',
          headers: auth,
          body: line(hello('NET-R')),
        });
        statuses.push(r.status);
        retryAfter ??= r.headers['retry-after'];
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
    } finally {
      await server.close();
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
