/**
 * Every REST endpoint against a running `serve` with the simulator: each operation of the OpenAPI
 * document (`/api/openapi.json`) is called, its status checked, its body validated against the
 * document's own schema (ajv, JSON Schema 2020-12 — not the zod schemas it was made from), and what it
 * says about sessions and readings compared with the SQLite file itself. An operation in the document
 * that no case here exercises fails the test, so a new route cannot go untested.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeHandle } from '../../renderer/e2e/support/serve-process.js';
import { encodeFrame } from '../protocol/index.js';
import { frameToCellReadings, FRAME_COLUMNS, type FrameRow } from '../store/reading-queries.js';

const TOKEN = 'rest-api-token-0123456789abcdef';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Json = Record<string, unknown>;
interface Operation {
  responses: Record<string, { content?: Record<string, { schema: Json }> }>;
}

let dir: string;
let serve: ServeHandle;
let doc: { paths: Record<string, Record<string, Operation>> };
const ajv = new Ajv2020({ strict: false, allErrors: true });
const covered = new Set<string>();

async function api(
  method: string,
  path: string,
  template: string,
  o: { body?: string; type?: string; status?: number } = {},
): Promise<unknown> {
  const res = await fetch(new URL(path.slice(1), serve.url), {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(o.type ? { 'content-type': o.type } : {}) },
    ...(o.body !== undefined ? { body: o.body } : {}),
  });
  const status = o.status ?? 200;
  const op = doc.paths[template]?.[method.toLowerCase()];
  expect(op, `${method} ${template} is in the OpenAPI document`).toBeDefined();
  covered.add(`${method} ${template}`);
  expect(res.status, `${method} ${path}`).toBe(status);
  const type = res.headers.get('content-type') ?? '';
  const declared = op!.responses[String(status)]?.content ?? {};
  if (type.startsWith('application/json')) {
    const body = (await res.json()) as unknown;
    const schema = declared['application/json']?.schema;
    expect(schema, `${method} ${template} ${status} has a JSON schema`).toBeDefined();
    const validate = ajv.compile(schema!);
    expect(validate(body) ? [] : validate.errors, `${method} ${path} matches the document`).toEqual([]);
    return body;
  }
  expect(
    Object.keys(declared).some((t) => type.startsWith(t)),
    `${type} declared for ${template}`,
  ).toBe(true);
  return res.text();
}

const readings = (deviceId: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    deviceId,
    cell: 1 + (i % 2),
    tDevMs: Math.floor(i / 2) * 1000,
    voltageV: 3.7,
    tempC: 25 + i / 100,
  }));

describe('the REST API against a running serve', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'station-rest-'));
    serve = await startServe({
      env: {
        STATION_DATA_DIR: dir,
        STATION_DEVICE: 'sim',
        STATION_SIM_PERIOD_MS: '100',
        STATION_SIM_SPEED: '20',
        STATION_TOKEN: TOKEN,
        STATION_VALIDATE_RESULTS: '1',
      },
    });
    doc = (await (
      await fetch(new URL('api/openapi.json', serve.url), { headers: { authorization: `Bearer ${TOKEN}` } })
    ).json()) as typeof doc;
    for (let i = 0; i < 100; i++) {
      const s = (await api('GET', '/api/status', '/api/status')) as { links: { state: string }[] };
      if (s.links.some((l) => l.state === 'streaming')) break;
      await sleep(100);
    }
    await sleep(3000);
  }, 120_000);

  afterAll(async () => {
    await serve?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the station, data and model endpoints, matching the store', async () => {
    const health = (await api('GET', '/api/health', '/api/health')) as { ok: boolean };
    expect(health.ok).toBe(true);
    // The document's schemas are real ones: they refuse a body of the wrong shape.
    const healthSchema = doc.paths['/api/health']!.get!.responses['200']!.content!['application/json']!.schema;
    expect(ajv.validate(healthSchema, { ...health, ok: 'yes' })).toBe(false);
    const status = (await api('GET', '/api/status', '/api/status')) as { links: { kind: string; health: unknown }[] };
    expect(status.links[0]).toMatchObject({ kind: 'sim' });
    await api('GET', '/api/devices', '/api/devices');
    const data = (await api('GET', '/api/data?limit=8', '/api/data')) as {
      deviceId: string;
      seq: number;
      cell: number;
      tempC: number;
    }[];
    expect(data).toHaveLength(8);
    await sleep(500);
    const db = new Database(join(dir, 'station.sqlite'), { readonly: true });
    const rows = db
      .prepare(
        `SELECT ${FRAME_COLUMNS} FROM frames f JOIN sessions s ON s.id = f.session_id WHERE f.seq = ? AND s.device_id = ?`,
      )
      .all(data[0]!.seq, data[0]!.deviceId) as FrameRow[];
    db.close();
    expect(rows).toHaveLength(1);
    const stored = frameToCellReadings(rows[0]!).find((r) => r.cell === data[0]!.cell)!;
    expect(stored.tempC).toBe(data[0]!.tempC);
    const cell2 = (await api('GET', `/api/data?limit=5&cell=2&device=${data[0]!.deviceId}`, '/api/data')) as {
      cell: number;
    }[];
    expect(cell2.map((r) => r.cell)).toEqual([2, 2, 2, 2, 2]);
    await api('GET', '/api/data?limit=abc', '/api/data', { status: 400 });
    expect(((await api('GET', '/api/data/latest', '/api/data/latest')) as unknown[]).length).toBeGreaterThan(0);
    expect(
      ((await api('GET', '/api/data/stats?window=60', '/api/data/stats')) as { totalRecords: number }).totalRecords,
    ).toBeGreaterThan(0);
    await api('GET', '/api/alarms?limit=5', '/api/alarms');
    await api('GET', '/api/alarms/active', '/api/alarms/active');
    await api('GET', '/api/ml/predict', '/api/ml/predict');
    await api('GET', '/api/model/info', '/api/model/info');
    await api('GET', '/api/ml/stats', '/api/ml/stats');
    await api('GET', '/api/ml/batch-analyze', '/api/ml/batch-analyze');
    const hour = (await api(
      'GET',
      `/api/ml/history?device=${data[0]!.deviceId}&cell=1&points=20`,
      '/api/ml/history',
    )) as {
      points: unknown[];
    };
    expect(hour.points.length).toBeLessThanOrEqual(20);
    await api('GET', `/api/ml/history?device=${data[0]!.deviceId}&cell=33`, '/api/ml/history', { status: 400 });
    const recent = (await api('GET', '/api/ml/analyse?limit=200', '/api/ml/analyse')) as { predictions: unknown[] };
    expect(recent.predictions.length).toBeGreaterThan(0);
    const one = (await api('POST', '/api/ml/analyze', '/api/ml/analyze', {
      type: 'application/json',
      body: JSON.stringify({ readings: readings('POSTED', 120) }),
    })) as { predictions: { deviceId: string }[] };
    expect(one.predictions.map((p) => p.deviceId)).toEqual(['POSTED', 'POSTED']);
    const batch = (await api('POST', '/api/ml/predict/batch', '/api/ml/predict/batch', {
      type: 'application/json',
      body: JSON.stringify({ windows: [{ readings: readings('W1', 40) }, { readings: readings('W2', 40) }] }),
    })) as { results: unknown[] };
    expect(batch.results).toHaveLength(2);
    await api('POST', '/api/ml/analyze', '/api/ml/analyze', {
      type: 'application/json',
      body: '{"readings": []}',
      status: 400,
    });
  });

  it('answers the history endpoints, matching the store, and takes imports and network ingest', async () => {
    const imported = (await api('POST', '/api/import?name=rest.csv&rig=Bench', '/api/import', {
      type: 'text/csv',
      body: 'time,cell,temperature\n0,1,25\n1,1,25.5\n2,1,26\n',
    })) as { sessionId: number; rows: number };
    expect(imported.rows).toBe(3);
    const line = (f: Parameters<typeof encodeFrame>[0]) => encodeFrame(f).trimEnd();
    const ingest = (await api('POST', '/api/ingest', '/api/ingest', {
      type: 'text/plain',
      body: [
        line({
          kind: 'hello',
          deviceId: 'NET-REST',
          bootId: '0000BEEF',
          fwVersion: '1.0.0',
          cellCount: 1,
          periodMs: 100,
          channels: '',
        }),
        line({
          kind: 'data',
          deviceId: 'NET-REST',
          bootId: '0000BEEF',
          seq: 0,
          tDevMs: 0,
          cellMv: [3700],
          cellTempCc: [2500],
          packMa: null,
          ambientCc: null,
          humidityCpct: null,
          socPermille: null,
          status: 0,
        }),
      ].join('\n'),
    })) as { accepted: number };
    expect(ingest.accepted).toBe(2);
    await sleep(500);
    const list = (await api('GET', '/api/sessions', '/api/sessions')) as { id: number; frameCount: number }[];
    const db = new Database(join(dir, 'station.sqlite'), { readonly: true });
    const ids = db.prepare(`SELECT id FROM sessions ORDER BY id DESC`).pluck().all();
    const importedFrames = db
      .prepare(`SELECT count(*) FROM frames WHERE session_id = ?`)
      .pluck()
      .get(imported.sessionId);
    db.close();
    expect(list.map((s) => s.id).sort()).toEqual([...(ids as number[])].sort());
    const s = (await api('GET', `/api/sessions/${imported.sessionId}`, '/api/sessions/{id}')) as {
      frameCount: number;
      rig: string;
    };
    expect(s).toMatchObject({ frameCount: importedFrames, rig: 'Bench' });
    await api('GET', '/api/sessions/999999', '/api/sessions/{id}', { status: 404 });
    await api('GET', `/api/sessions/${imported.sessionId}/series`, '/api/sessions/{id}/series');
    await api('GET', `/api/sessions/${imported.sessionId}/alarms`, '/api/sessions/{id}/alarms');
    expect(
      await api('GET', `/api/sessions/${imported.sessionId}/report.html`, '/api/sessions/{id}/report.html'),
    ).toContain('<html');
    const csv = (await api(
      'GET',
      `/api/sessions/${imported.sessionId}/export.csv`,
      '/api/sessions/{id}/export.csv',
    )) as string;
    expect(csv.trim().split('\n')).toHaveLength(2 + 3);
    await api('GET', '/api/exports/nothing.csv', '/api/exports/{file}', { status: 404 });
  });

  it('exercised every operation of the document', () => {
    const all = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(all.filter((op) => !covered.has(op))).toEqual([]);
  });
});
