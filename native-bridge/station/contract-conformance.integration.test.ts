/**
 * The contract against a real station: every method of METHODS called at least once through the one
 * call adapter with result validation on, and every event of EVENTS seen and held to its schema. The
 * devices are the simulator (an oven run into thermal runaway, so alarms, the interlock and the risk
 * model fire) and a test rig on a socat pty; the store is SQLite in a temp folder; the model is the
 * shipped one. A schema that drifts from what the core sends — a field missing, mistyped or unknown
 * to the schema — or a method or event nobody exercises fails here.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createCallAdapter,
  EVENT_NAMES,
  eventProblem,
  METHOD_NAMES,
  type CallAdapter,
  type EventName,
  type ExportProgress,
  type MethodName,
  type MethodParams,
  type MethodResult,
} from '../contract/index.js';
import { defaultModelPath } from '../ml/model-files.js';
import { requireShippedModel } from '../../testing/shipped-model.js';
import { openPtyPair, type PtyPair } from '../../testing/serial/socat-pair.js';
import { describeWithSocat } from '../../testing/serial/pty-suite.js';
import { TestRig } from '../../testing/serial/test-rig.js';
import { waitFor } from '../../testing/serial/wait-for.js';
import { testCleanups } from '../../testing/test-cleanups.js';
import { ServerAccess } from '../server/server-access.js';
import { StationCore } from './station.js';

const cleanups = testCleanups();
let dir: string;
let core: StationCore;
let adapter: CallAdapter;
const called = new Set<MethodName>();
const seen = new Map<EventName, number>();
const eventProblems: string[] = [];
const exportProgress: ExportProgress[] = [];

async function call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
  const r = await adapter(method, params);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  called.add(method);
  return r.result as MethodResult<M>;
}

const until = <T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 30_000) =>
  (async () => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe();
      if (v !== undefined && v !== null && v !== false) return v;
      if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();

function csv(rows: number): string {
  const t0 = Date.UTC(2024, 5, 3, 9);
  const lines = ['time,cell,temperature,voltage,current'];
  for (let s = 0; s < rows; s++) {
    const t = new Date(t0 + s * 1000).toISOString();
    lines.push(`${t},1,25.00,3.700,1.5`, `${t},2,${(25 + 0.1 * s).toFixed(2)},3.690,1.5`);
  }
  return `${lines.join('\n')}\n`;
}

describeWithSocat('the contract against a real station', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'station-contract-'));
    core = new StationCore({
      dataDir: dir,
      logger: () => undefined,
      flushIntervalMs: 50,
      uiIntervalMs: 50,
      model: { tickMs: 100 },
      devices: {
        serialRetry: { minMs: 50, maxMs: 500, operatorMs: 300 },
        rigControl: { helloRetryMs: 300, commandTimeoutMs: 1000 },
        pushIntervalMs: 200,
      },
    });
    core.on((event, payload) => {
      seen.set(event, (seen.get(event) ?? 0) + 1);
      const problem = eventProblem(event, payload);
      if (problem && eventProblems.length < 20) eventProblems.push(problem);
      if (event === 'onExportProgress') exportProgress.push(payload as ExportProgress);
    });
    adapter = createCallAdapter(core.handlers, { validateResults: true });
  });

  afterAll(async () => {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers status, statistics and the model card with the shipped model loaded', async (ctx) => {
    requireShippedModel(ctx, [defaultModelPath()]);
    await core.ml.ready;
    expect((await call('getStatus', {})).model?.state).toBe('loaded');
    expect((await call('getStats', {})).totalRecords).toBe(0);
    expect((await call('getCorePulse', {})).framesIngested).toBe(0);
    expect((await call('getModelInfo', {})).rulesOnly).toBe(false);
  });

  it('runs the oven scenario into runaway: readings, commands, alarms and predictions', async () => {
    expect((await call('listSimScenarios', {})).map((s) => s.name)).toContain('oven');
    const { spec } = await call('connectSim', { scenario: 'oven', speed: 600, seed: 5, cells: 1 });
    await until(
      async () => (await call('getDeviceLinks', {})).find((l) => l.spec === spec && l.state === 'streaming'),
      'the simulated rig streaming',
    );
    expect((await call('sendDeviceCommand', { spec, command: { name: 'PING' } })).ok).toBe(true);
    expect(await until(async () => (await call('getLatestReadings', { limit: 5 })).length, 'readings')).toBeGreaterThan(
      0,
    );
    expect((await call('getLiveSeries', { windowS: 60, maxPoints: 100 })).length).toBeGreaterThan(0);
    // One Live refresh is one moment of the core: the table's newest reading is the cards', the chart's
    // and the statistics' newest.
    const view = await call('getLiveView', { limit: 5, windowS: 60, maxPoints: 100 });
    const newest = view.readings[0]!;
    expect(view.latestByCell.find((r) => r.deviceId === newest.deviceId && r.cell === newest.cell)?.seq).toBe(
      newest.seq,
    );
    expect(view.status.stats.lastReadingMs).toBe(newest.tHostMs);
    expect(Math.max(...view.series.map((p) => p.tHostMs))).toBe(newest.tHostMs);
    const runaway = await until(
      async () => (await call('getActiveAlarms', {})).find((a) => a.code === 'RUNAWAY'),
      'the RUNAWAY alarm',
    );
    expect(await call('acknowledgeAlarm', { id: runaway.id, by: 'contract check' })).toEqual({ ok: true });
    expect((await call('getAlarmHistory', { limit: 50 })).some((a) => a.id === runaway.id)).toBe(true);
    const list = await call('getAlarms', { deviceId: runaway.deviceId!, minSeverity: 'critical', limit: 10 });
    expect(list.active.find((a) => a.id === runaway.id)?.acknowledgedBy).toBe('contract check');
    expect(await call('getInterlock', {})).toEqual({ enabled: true, remembered: true });
    expect(await call('setInterlock', { enabled: true })).toEqual({ enabled: true, remembered: true });
    const update = await until(async () => {
      const u = await call('getPredictions', {});
      return u.predictions.length > 0 && u;
    }, 'a prediction');
    expect(update.modelState).toBe('loaded');
  });

  it('reads the run for the REST API: filtered readings, stat windows, analyses, trends, training data', async () => {
    const [newest] = await call('getLatestByCell', {});
    expect(newest).toBeDefined();
    const one = await call('getLatestReadings', { limit: 20, deviceId: newest!.deviceId, cell: 1 });
    expect(one.every((r) => r.deviceId === newest!.deviceId && r.cell === 1)).toBe(true);
    expect((await call('getStats', { windowS: 60 })).totalRecords).toBeGreaterThan(0);
    const recent = await call('analyzeRecent', { limit: 300 });
    expect(recent.predictions[0]).toMatchObject({ deviceId: newest!.deviceId, cell: 1, ruleOverride: null });
    const posted = one.map((r) => ({
      deviceId: r.deviceId,
      cell: r.cell,
      tDevMs: r.tDevMs,
      voltageV: r.voltageV,
      tempC: r.tempC,
    }));
    expect((await call('analyzeReadings', { readings: posted })).predictions).toHaveLength(1);
    expect(
      (await call('predictBatch', { windows: [{ readings: posted }, { readings: posted }] })).results,
    ).toHaveLength(2);
    const trends = await until(async () => {
      const t = await call('getPredictionTrends', {});
      return t.trends.length > 0 && t;
    }, 'a prediction trend');
    expect(trends.trends[0]!.points.length).toBeGreaterThan(0);
    const hour = await call('getPredictionHistory', { deviceId: newest!.deviceId, cell: 1, maxPoints: 50 });
    expect(hour.points.length).toBeGreaterThan(0);
    expect(hour.points.length).toBeLessThanOrEqual(50);
    expect(hour.points.at(-1)!.tMs).toBe(hour.newestMs);
    expect((await call('getTrainingStats', {})).features.length).toBeGreaterThan(10);
  });

  it('keeps the run as a session: edit, series, alarms, report, export, replay, a new session', async () => {
    core.flush();
    const [live] = await call('listSessions', { kind: 'live' });
    expect(live).toBeDefined();
    const id = live!.id;
    expect((await call('getSession', { id })).deviceId).toBe(live!.deviceId);
    expect((await call('updateSession', { id, notes: 'contract check' })).notes).toBe('contract check');
    expect((await call('getHistorySeries', { sessionId: id, maxPoints: 200 })).t.length).toBeGreaterThan(0);
    expect((await call('getSessionAlarms', { sessionId: id })).some((a) => a.code === 'RUNAWAY')).toBe(true);
    expect((await call('getSessionReport', { sessionId: id })).html).toContain('RUNAWAY');
    const saved = await call('saveAlarmCsv', { csv: 'id,raised\r\n1,2026-01-01T00:00:00.000Z\r\n' });
    expect(saved.fileName).toMatch(/^alarms-\d{4}-\d\d-\d\dT[\d-]+Z\.csv$/);
    expect(readFileSync(saved.path, 'utf8')).toBe('id,raised\r\n1,2026-01-01T00:00:00.000Z\r\n');

    const job = await call('startExport', { sessionId: id });
    const done = await waitFor(
      () => exportProgress.find((p) => p.exportId === job.exportId && p.state !== 'running'),
      'the export to finish',
    );
    expect(done.state).toBe('done');
    // Too late to cancel: the answer says so rather than failing.
    expect(await call('cancelExport', { exportId: job.exportId })).toEqual({ ok: false });

    const replay = await call('startReplay', { sessionId: id, speed: 1000 });
    expect((await call('listReplays', {})).some((r) => r.sessionId === replay.sessionId)).toBe(true);
    await waitFor(() => seen.get('onReplayProgress'), 'replay progress');
    await call('stopReplay', { sessionId: replay.sessionId });

    const next = await call('startSession', { deviceId: live!.deviceId, rig: 'oven rig' });
    expect(next.id).not.toBe(id);
    expect((await call('endSession', { id: next.id })).active).toBe(false);
  });

  it('imports a CSV in chunks, cancels one, and imports a file from disk', async () => {
    const text = csv(120);
    const { importId } = await call('beginImport', { fileName: 'chunks.csv' });
    const half = text.indexOf('\n', text.length / 2) + 1;
    await call('appendImport', { importId, chunk: text.slice(0, half) });
    await call('appendImport', { importId, chunk: text.slice(half) });
    expect((await call('finishImport', { importId })).rows).toBe(240);
    const dropped = await call('beginImport', { fileName: 'dropped.csv' });
    expect(await call('cancelImport', { importId: dropped.importId })).toEqual({ ok: true });
    const path = join(dir, 'file.csv');
    writeFileSync(path, text);
    expect((await call('importCsvFile', { path, chemistry: 'NMC' })).frames).toBe(120);
  });

  it('reads and changes the history settings, and runs maintenance', async () => {
    const before = await call('getHistorySettings', {});
    expect(await call('setHistorySettings', { rawRetentionDays: before.rawRetentionDays + 1 })).toEqual({
      rawRetentionDays: before.rawRetentionDays + 1,
    });
    expect((await call('getStoreInfo', {})).fileBytes).toBeGreaterThan(0);
    expect((await call('runMaintenance', {})).lastCheckpoint).not.toBeNull();
  });

  it('lists ports, connects a rig on a pty and a missing port, disconnects both, and runs the simulator again', async () => {
    const ports = await call('listSerialPorts', {});
    expect(Array.isArray(ports.ports)).toBe(true);
    const pair: PtyPair = await openPtyPair(dir);
    cleanups.defer(() => pair.close());
    const rig = await TestRig.open(pair.devicePath, { deviceId: 'RIG0042', cells: 2 });
    cleanups.defer(() => rig.close());
    const serial = await call('connectSerialDevice', { path: pair.stationPath });
    await until(
      async () => (await call('getDeviceLinks', {})).find((l) => l.spec === serial.spec && l.state === 'streaming'),
      'the rig streaming',
    );
    expect((await call('sendDeviceCommand', { spec: serial.spec, command: { name: 'PING' } })).ok).toBe(true);
    const missing = await call('connectSerialDevice', { path: join(dir, 'no-such-port'), baud: 9600 });
    await waitFor(() => seen.get('onNotice'), 'a notice about the missing port');
    expect(await call('disconnectDevice', { spec: missing.spec })).toEqual({ ok: true });
    expect(await call('disconnectDevice', { spec: serial.spec })).toEqual({ ok: true });
    expect((await call('useSimulator', {})).spec).toMatch(/^sim/);
  });

  it('configures the MongoDB sync, tests it and reports it (a refused port: no server needed)', async () => {
    expect(await call('getSyncSettings', {})).toMatchObject({ enabled: false, uriMasked: null, secretStorage: 'file' });
    const uri = 'mongodb://station:pw-never-shown@127.0.0.1:1/';
    const settings = await call('setSyncSettings', { enabled: true, uri, database: 'fleet', stationId: 'bench-1' });
    expect(settings.uriMasked).toBe('mongodb://station:••••@127.0.0.1:1/');
    const test = await call('testSyncConnection', {});
    expect(test.ok).toBe(false);
    expect(test.message).toContain('127.0.0.1:1');
    const failing = await until(async () => {
      const s = await call('getSyncStatus', {});
      return s.lastError && s;
    }, 'the sync to report the refused port');
    expect(failing).toMatchObject({ enabled: true, state: 'retrying', stationId: 'bench-1', database: 'fleet' });
    await waitFor(() => seen.get('onSyncStatus'), 'a sync status event');
    expect(JSON.stringify(await call('getStatus', {}))).not.toContain('pw-never-shown');
    expect((await call('setSyncSettings', { enabled: false })).enabled).toBe(false);
  });

  it('answers the server access requests: none without a server, then the serving one’s', async () => {
    expect(await call('getServerAccess', {})).toMatchObject({ serving: false, token: null });
    const access = new ServerAccess({ dataDir: dir });
    access.setBinding({ url: 'http://127.0.0.1:1/', host: '127.0.0.1', port: 1, loopbackOnly: true });
    core.setServerAccess(access);
    try {
      const first = await call('getServerAccess', {});
      expect(first).toMatchObject({ serving: true, tokenRequired: false, tokenSource: 'generated' });
      expect((await call('rotateServerToken', {})).token).not.toBe(first.token);
      expect((await call('setAllowedOrigins', { origins: ['http://dash.local:3000'] })).allowedOrigins).toEqual([
        'http://dash.local:3000',
      ]);
    } finally {
      core.setServerAccess(null);
    }
  });

  it('called every method and saw every event, each answer matching its schema', async () => {
    await waitFor(() => seen.get('onLiveSnapshot'), 'a live snapshot');
    expect(METHOD_NAMES.filter((m) => !called.has(m))).toEqual([]);
    expect(EVENT_NAMES.filter((e) => !seen.has(e))).toEqual([]);
    expect(eventProblems).toEqual([]);
  });
});
