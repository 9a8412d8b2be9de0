/**
 * History through the whole station: the core with a source, the contract and the headless server.
 * A session per run with its alarms; GET /api/sessions; chart series, report and streamed CSV over
 * HTTP; an imported recording replayed at 1000× through decoder, safety rules and store, its alarms
 * stored on the recorded time axis with the model version; export jobs with progress and cancel.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportProgress, ReplayProgress, Session, StoredAlarm } from '../contract/index.js';
import { callStation } from '../../testing/station-calls.js';
import { StationCore } from '../station/station.js';
import { startHttpServer, type RunningServer } from '../server/http-server.js';
import { createSource } from '../station/create-source.js';
import { SimpleRigModel } from '../../testing/simple-rig-model.js';
import { SimulatorSource } from '../devices/simulator-source.js';
import { decodeCells } from '../store/frame-codec.js';

let dir: string;
let core: StationCore;
let server: RunningServer;
const events: { event: string; payload: unknown }[] = [];
const T0 = Date.UTC(2024, 5, 3, 9);

async function ok<T>(method: string, params: unknown): Promise<T> {
  const r = await callStation(core, method, params);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.result as T;
}

async function until<T>(what: string, f: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A run that warms cell 2 past the warning line, then into runaway (GB 38031: ≥ 80 °C, ≥ 1 °C/s for 3 s). */
function runawayCsv(): string {
  const lines = ['time,cell,temperature,voltage,current'];
  for (let s = 0; s < 600; s++) {
    const t = new Date(T0 + s * 1000).toISOString();
    const hot = s < 500 ? 25 + 0.05 * s : Math.min(200, 50 + 2 * (s - 500));
    lines.push(`${t},1,25.00,3.700,1.5`, `${t},2,${hot.toFixed(2)},3.690,1.5`);
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'station-history-it-'));
  // No risk model here (modelVersion 'none' throughout): replays with the model are tested in ml/.
  core = new StationCore({
    dataDir: join(dir, 'data'),
    logger: () => undefined,
    uiIntervalMs: 50,
    model: { path: null },
    // Alarms clear at once: the hold is tested in station/station-alarms.integration.test.ts.
    alarms: { clearHoldMs: 0 },
  });
  core.on((event, payload) => {
    if (event !== 'onLiveSnapshot' && event !== 'onDeviceLinks') events.push({ event, payload });
  });
  server = await startHttpServer({ core, host: '127.0.0.1', port: 0, webRoot: dir });
});

afterAll(async () => {
  await server.close();
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sessions over the contract and HTTP', () => {
  it('records a run as a session with its alarms, and lists it at GET /api/sessions', async () => {
    let clock = T0;
    const sim = new SimulatorSource({
      spec: 'sim',
      label: 'sim',
      model: new SimpleRigModel(4, 3),
      periodMs: 100,
      now: () => (clock += 100),
    });
    let dataFrames = 0;
    sim.on('line', (l) => (dataFrames += l.startsWith('$EVB1,D,') ? 1 : 0));
    await core.addSource(sim);
    await sim.stop();
    sim.emitFrames(3000 - dataFrames);
    core.alarms.raise({
      key: 'test:1',
      code: 'T_WARN',
      severity: 'warning',
      source: 'rule',
      deviceId: 'SIM-0001',
      cell: 2,
      message: 'warm',
    });
    core.alarms.raise({
      key: 'test:1',
      code: 'T_WARN',
      severity: 'alarm',
      source: 'rule',
      deviceId: 'SIM-0001',
      cell: 2,
      message: 'hot',
    });
    core.alarms.clear('test:1');
    core.flush();
    await core.removeSource(sim);

    const res = await fetch(`${server.url}api/sessions`);
    expect(res.status).toBe(200);
    const list = (await res.json()) as Session[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      id: 1,
      kind: 'live',
      deviceId: 'SIM-0001',
      startedBy: 'hello',
      frameCount: 3000,
      readingCount: 12000,
      alarmCount: 1,
      modelVersion: 'none',
      cellCount: 4,
      periodMs: 100,
    });
    expect(await ok<Session[]>('listSessions', {})).toEqual(list);

    const alarms = await ok<StoredAlarm[]>('getSessionAlarms', { sessionId: 1 });
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({
      code: 'T_WARN',
      severity: 'alarm',
      peakSeverity: 'alarm',
      sessionId: 1,
      cell: 2,
    });
    expect(alarms[0]!.clearedAtMs).not.toBeNull();
    expect(events.some((e) => e.event === 'onSessionChanged')).toBe(true);
  });

  it('serves the series, the report and a streamed CSV over HTTP', async () => {
    const series = (await (await fetch(`${server.url}api/sessions/1/series?maxPoints=1000`)).json()) as {
      resolution: string;
      t: number[];
      series: { quantity: string; max: number[] }[];
    };
    expect(series.resolution).toBe('raw');
    expect(series.t.length).toBeLessThanOrEqual(1000);
    expect(series.series.filter((s) => s.quantity === 'temp')).toHaveLength(4);

    const report = await fetch(`${server.url}api/sessions/1/report.html`);
    expect(report.headers.get('content-type')).toMatch(/text\/html/);
    const html = await report.text();
    expect(html).toContain('Warning lead time');
    expect(html).toContain('<svg');
    expect(html).toMatch(/risk model none/);
    expect(html).toContain('T_WARN');
    // One row per alarm, not per transition (raised, escalated, cleared), its rule named in words,
    // and a simulated rig's clock beside the wall clock.
    const alarmTable = /<table class="alarms">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    expect(alarmTable.match(/<tr>/g)).toHaveLength(2);
    expect(alarmTable).toContain('Temperature high');
    expect(alarmTable).toMatch(/<span class="sub">sim \d/);
    expect(html).toContain('<th>Simulated time</th>');

    const csv = await (
      await fetch(`${server.url}api/sessions/1/export.csv?from=${T0}&to=${T0 + 10_000}&cells=1,3`)
    ).text();
    const rows = csv.trim().split('\n');
    expect(rows[0]).toMatch(/^# EV Battery Station export v1 \{/);
    expect(rows.slice(2).every((r) => /,(1|3),[\d.]+,[\d.]+,/.test(r))).toBe(true);
    const db = new Database(join(dir, 'data', 'station.sqlite'), { readonly: true });
    const inWindow = db
      .prepare(`SELECT count(*) FROM frames WHERE session_id = 1 AND t_host_ms BETWEEN ? AND ?`)
      .pluck()
      .get(T0, T0 + 10_000) as number;
    db.close();
    expect(inWindow).toBeGreaterThan(90);
    expect(rows.length - 2).toBe(2 * inWindow);

    expect((await fetch(`${server.url}api/sessions/99`)).status).toBe(404);
    expect((await fetch(`${server.url}api/sessions/1/series?maxPoints=3`)).status).toBe(400);
  });

  it('runs export jobs with progress, and a cancelled one leaves no file', async () => {
    const cancelled = await ok<ExportProgress>('startExport', { sessionId: 1 });
    expect(await ok('cancelExport', { exportId: cancelled.exportId })).toEqual({ ok: true });
    const doneEvent = (id: number, state: string) =>
      events.find(
        (e) =>
          e.event === 'onExportProgress' &&
          (e.payload as ExportProgress).exportId === id &&
          (e.payload as ExportProgress).state === state,
      )?.payload as ExportProgress | undefined;
    await until('cancelled export', () => doneEvent(cancelled.exportId, 'cancelled'));
    expect(existsSync(cancelled.path)).toBe(false);
    expect(existsSync(`${cancelled.path}.part`)).toBe(false);

    const job = await ok<ExportProgress>('startExport', { sessionId: 1, cells: [2] });
    expect(job.totalRows).toBe(3000);
    const done = await until('finished export', () => doneEvent(job.exportId, 'done'));
    expect(done.rows).toBe(3000);
    const body = await (await fetch(`${server.url}${done.downloadPath}`)).text();
    expect(body).toBe(readFileSync(done.path, 'utf8'));
    expect((await fetch(`${server.url}api/exports/..%2Fstation.sqlite`)).status).toBe(404);
  });
});

describe('import and replay', () => {
  let imported: number;

  it('imports the minimal CSV format over HTTP and in chunks over the contract', async () => {
    const res = await fetch(`${server.url}api/import?name=oven-run.csv&rig=Oven%202&chemistry=NMC`, {
      method: 'POST',
      body: runawayCsv(),
    });
    const r = (await res.json()) as { sessionId: number; format: string; frames: number; rows: number };
    expect(res.status).toBe(200);
    expect(r).toMatchObject({ format: 'minimal', frames: 600, rows: 1200 });
    imported = r.sessionId;
    expect(await ok<Session>('getSession', { id: imported })).toMatchObject({
      kind: 'import',
      rig: 'Oven 2',
      chemistry: 'NMC',
      cellCount: 2,
      periodMs: 1000,
      firstDataMs: T0,
      lastDataMs: T0 + 599_000,
    });

    const { importId } = await ok<{ importId: number }>('beginImport', {
      fileName: 'chunks.csv',
      notes: 'sent in pieces',
    });
    const text = runawayCsv();
    for (let i = 0; i < text.length; i += 4096) await ok('appendImport', { importId, chunk: text.slice(i, i + 4096) });
    const fin = await ok<{ sessionId: number; frames: number }>('finishImport', { importId });
    expect(fin.frames).toBe(600);
    expect((await ok<Session>('getSession', { id: fin.sessionId })).notes).toBe('sent in pieces');

    const bad = await fetch(`${server.url}api/import?name=x.csv`, { method: 'POST', body: 'a,b\n1,2\n' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/needs time, cell and temperature/);
  });

  it('replays a recording at 1000× through the whole pipeline and stores its alarms on the recorded time axis', async () => {
    const started = await ok<ReplayProgress>('startReplay', { sessionId: imported, speed: 1000 });
    expect(started).toMatchObject({
      sourceSessionId: imported,
      speed: 1000,
      state: 'running',
      totalFrames: 600,
      modelVersion: 'none',
    });
    const done = await until('replay done', () =>
      events
        .map((e) => e.payload as ReplayProgress)
        .find((p) => p.sessionId === started.sessionId && p.state === 'done' && 'framesSent' in p),
    );
    expect(done.framesSent).toBe(600);
    const s = await ok<Session>('getSession', { id: started.sessionId });
    expect(s).toMatchObject({
      kind: 'replay',
      replayOf: imported,
      replaySpeed: 1000,
      modelVersion: 'none',
      frameCount: 600,
      firstDataMs: T0,
      lastDataMs: T0 + 599_000,
      endedMs: T0 + 599_000,
      active: false,
    });
    expect(s.deviceId).toBe(`RP${imported}-IMPORT`);

    // The same frames, recorded times included, went through the decoder into the replay's session
    // (with the station's SOC estimate added on the way, as for a live rig).
    const db = new Database(join(dir, 'data', 'station.sqlite'), { readonly: true });
    const frames = (id: number) =>
      (
        db.prepare(`SELECT seq, t_host_ms, cells FROM frames WHERE session_id = ? ORDER BY id`).all(id) as {
          seq: number;
          t_host_ms: number;
          cells: Buffer;
        }[]
      ).map((f) => ({ seq: f.seq, t: f.t_host_ms, cells: decodeCells(f.cells).map((c) => [c.mv, c.tempCc]) }));
    const orig = frames(imported);
    const again = frames(started.sessionId);
    db.close();
    expect(again).toEqual(orig);

    // The safety rules ran on the replay: the warning and the runaway, at their recorded times.
    const alarms = await ok<StoredAlarm[]>('getSessionAlarms', { sessionId: started.sessionId });
    const codes = alarms.map((a) => a.code);
    expect(codes).toContain('T_WARN');
    expect(codes).toContain('RUNAWAY');
    for (const a of alarms) {
      expect(a.raisedAtMs).toBeGreaterThanOrEqual(T0);
      expect(a.raisedAtMs).toBeLessThanOrEqual(T0 + 600_000);
      expect(a.modelVersion).toBe('none');
    }
    const warn = alarms.find((a) => a.code === 'T_WARN')!;
    const runaway = alarms.find((a) => a.code === 'RUNAWAY')!;
    expect(warn.raisedAtMs).toBeGreaterThanOrEqual(T0 + 495_000);
    expect(runaway.raisedAtMs).toBeGreaterThan(warn.raisedAtMs);

    const { html } = await ok<{ html: string }>('getSessionReport', { sessionId: started.sessionId });
    expect(html).toMatch(/Lead time: <strong>\d+ s<\/strong>/);
    expect(html).toContain(`replay of #${imported} at 1000×`);
  });

  it('replays a session named by STATION_DEVICE=replay:session:<id>@<speed>', async () => {
    const source = createSource(
      { kind: 'replay', file: `session:${imported}@1000` },
      `replay:session:${imported}@1000`,
      {
        simSpeed: 1,
        simSeed: 1,
        simCells: 4,
        simPeriodMs: 1000,
        dataDir: join(dir, 'data'),
      },
    );
    await core.addSource(source);
    const sessions = await until('second replay finished', () => {
      const all = events
        .map((e) => e.payload as ReplayProgress)
        .filter((p) => p.spec === `replay:session:${imported}@1000` && p.state === 'done');
      return all.length >= 2 ? all : undefined;
    });
    const last = await ok<Session>('getSession', { id: sessions[sessions.length - 1]!.sessionId });
    expect(last).toMatchObject({ kind: 'replay', replayOf: imported, frameCount: 600 });
    expect(() =>
      createSource({ kind: 'replay', file: 'session:1@5000' }, 'replay:session:1@5000', {
        simSpeed: 1,
        simSeed: 1,
        simCells: 4,
        simPeriodMs: 1000,
      }),
    ).toThrow(/1–1000/);
  });
});
