/**
 * The risk model in the station core: with the simulated rig the shipped model loads, predicts every
 * cell about once a second, stores the shown classes with the model version in the session, and
 * answers over the contract and HTTP. A missing or corrupt model file gives a clear notice and status,
 * and the safety rules still raise their alarms on a cell running away.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Prediction } from '../contract/index.js';
import { callStation } from '../../testing/station-calls.js';
import { StationCore } from '../station/station.js';
import { startHttpServer } from '../server/http-server.js';
import type { RigModel, RigSample } from '../sim/rig-model.js';
import { SimpleRigModel } from '../../testing/simple-rig-model.js';
import { SimulatorSource } from '../devices/simulator-source.js';
import { cardPathFor, defaultModelPath, loadModelCard } from './model-files.js';
import { requireShippedModel } from '../../testing/shipped-model.js';
import { FEATURE_NAMES, FEATURE_SET_VERSION } from '../features/feature-spec.js';
import { testCleanups } from '../../testing/test-cleanups.js';

const MODEL = defaultModelPath();
const quiet = () => undefined;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cleanups = testCleanups();
const tempDir = () => cleanups.tempDir('station-ml-');

/** Cell 2 heats at 2 °C/s from 70 °C: the runaway rule once the rise has held 3 s, T_MAX at 80 °C. */
class RunawayRig implements RigModel {
  readonly cellCount = 3;
  private tS = 0;
  step(dtS: number) {
    this.tS += dtS;
  }
  sample(): RigSample {
    return {
      cellVoltageV: [3.9, 3.9 - Math.min(1.5, this.tS * 0.05), 3.9],
      cellTempC: [25, 70 + 2 * this.tS, 25],
      packCurrentA: 1,
      ambientC: 23,
      humidityPct: 40,
      socPct: null,
      status: 0,
    };
  }
}

async function rulesStillAlarm(core: StationCore): Promise<void> {
  const src = new SimulatorSource({ spec: 'sim', label: 'sim', model: new RunawayRig(), periodMs: 1000 });
  await core.addSource(src);
  await src.stop();
  src.emitFrames(12);
  const codes = core.alarms
    .activeAlarms()
    .filter((a) => a.cell === 2)
    .map((a) => a.code);
  expect(codes).toEqual(expect.arrayContaining(['RUNAWAY', 'T_MAX']));
  expect(core.alarms.activeAlarms().some((a) => a.cell !== 2 && a.source === 'rule')).toBe(false);
}

describe('station core with the shipped risk model', () => {
  it('loads it, predicts every cell of the simulated rig, stores the classes with the model version and serves them', async (ctx) => {
    requireShippedModel(ctx, [MODEL]);
    const dir = tempDir();
    const card = loadModelCard(cardPathFor(MODEL), { version: FEATURE_SET_VERSION, names: FEATURE_NAMES });
    const events: number[] = [];
    const core = new StationCore({ dataDir: dir, logger: quiet, flushIntervalMs: 50, model: { tickMs: 100 } });
    core.on((e, p) => {
      if (e === 'onPredictions') events.push((p as { predictions: unknown[] }).predictions.length);
    });
    await core.ml.ready;
    expect(core.status().model).toEqual({
      state: 'loaded',
      modelVersion: card.modelVersion,
      rulesOnly: false,
      error: null,
    });
    const server = await startHttpServer({ core, host: '127.0.0.1', port: 0, webRoot: dir });
    const src = new SimulatorSource({
      spec: 'sim',
      label: 'sim',
      model: new SimpleRigModel(4, 5),
      periodMs: 100,
    });
    await core.addSource(src);
    await sleep(3500);
    await src.stop();
    await sleep(300);

    const r = await callStation(core, 'getPredictions', {});
    expect(r.ok).toBe(true);
    const preds = (r as { result: { predictions: Prediction[] } }).result.predictions;
    expect(preds.map((p) => p.cell)).toEqual([1, 2, 3, 4]);
    for (const p of preds) {
      expect(p.modelVersion).toBe(card.modelVersion);
      expect(p.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      expect(p.confidence).toBe(Math.max(...p.probabilities));
      expect(p.recommendation.length).toBeGreaterThan(20);
    }
    // Pushed at most once a second: about 3–4 events in 3.8 s.
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.length).toBeLessThanOrEqual(5);

    const http = (await (await fetch(`${server.url}api/ml/predict`)).json()) as { predictions: Prediction[] };
    expect(http.predictions).toHaveLength(4);
    const oneDevice = (await (await fetch(`${server.url}api/ml/predict?device=nope`)).json()) as {
      predictions: Prediction[];
    };
    expect(oneDevice.predictions).toHaveLength(0);
    const info = (await (await fetch(`${server.url}api/model/info`)).json()) as {
      state: string;
      card: { modelVersion: string; features: unknown[] };
      runs: { runs: number };
    };
    expect(info).toMatchObject({ state: 'loaded', card: { modelVersion: card.modelVersion } });
    expect(info.card.features).toHaveLength(FEATURE_NAMES.length);
    expect(info.runs.runs).toBeGreaterThanOrEqual(3);
    await server.close();
    await core.close();

    const db = new Database(join(dir, 'station.sqlite'), { readonly: true });
    const stored = db.prepare('SELECT count(*) AS n, count(DISTINCT cell) AS cells FROM predictions').get() as {
      n: number;
      cells: number;
    };
    const versions = db.prepare('SELECT DISTINCT model_version FROM sessions').pluck().all();
    db.close();
    expect(stored.cells).toBe(4);
    expect(stored.n).toBeGreaterThanOrEqual(4 * 3);
    expect(versions).toEqual([card.modelVersion]);
  });
});

describe('a replay at 1000× with the shipped model', () => {
  it('predicts every recorded second, stores it on the recorded time axis with the model version, and the rule floor shows the runaway', async (ctx) => {
    requireShippedModel(ctx, [MODEL]);
    const dir = tempDir();
    const core = new StationCore({ dataDir: dir, logger: quiet, flushIntervalMs: 50 });
    await core.ml.ready;
    const version = core.ml.modelVersion!;
    const T0 = Date.UTC(2024, 5, 3, 9);
    const lines = ['time,cell,temperature,voltage,current'];
    for (let s = 0; s < 600; s++) {
      const t = new Date(T0 + s * 1000).toISOString();
      const hot = s < 500 ? 25 + 0.05 * s : Math.min(200, 50 + 2 * (s - 500));
      lines.push(`${t},1,25.00,3.700,1.5`, `${t},2,${hot.toFixed(2)},3.690,1.5`);
    }
    const csv = join(dir, 'run.csv');
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const imported = await callStation(core, 'importCsvFile', { path: csv });
    expect(imported.ok).toBe(true);
    const sourceId = (imported as { result: { sessionId: number } }).result.sessionId;
    const started = await callStation(core, 'startReplay', { sessionId: sourceId, speed: 1000 });
    const replayId = (started as { result: { sessionId: number } }).result.sessionId;
    for (let i = 0; i < 100 && core.historyService!.sessions.isActive(replayId); i++) await sleep(100);
    await sleep(1500);
    core.flush();
    const session = core.historyService!.sessions.get(replayId);
    expect(session.modelVersion).toBe(version);
    const stored = await callStation(core, 'getHistorySeries', { sessionId: replayId });
    const risk = (stored as { result: { risk: { series: { cell: number; max: (number | null)[] }[] } | null } }).result
      .risk;
    expect(risk).not.toBeNull();
    await core.close();

    const db = new Database(join(dir, 'station.sqlite'), { readonly: true });
    const rows = db
      .prepare(
        'SELECT t_host_ms AS t, cell, class AS cls FROM predictions WHERE session_id = ? ORDER BY t_host_ms, cell',
      )
      .all(replayId) as { t: number; cell: number; cls: number }[];
    db.close();
    // One prediction per cell and recorded second, none piled onto one time, none lost at the end.
    expect(rows.length).toBeGreaterThanOrEqual(2 * 590);
    expect(new Set(rows.map((r) => r.t)).size).toBeGreaterThanOrEqual(590);
    for (const r of rows) {
      expect(r.t).toBeGreaterThanOrEqual(T0);
      expect(r.t).toBeLessThanOrEqual(T0 + 600_000);
    }
    // After the GB 38031 runaway finding, cell 2 is shown as Runaway whatever the model says.
    const last2 = rows.filter((r) => r.cell === 2).at(-1)!;
    expect(last2.cls).toBe(4);
  });
});

describe('station core without a usable model', () => {
  it('says the model file is missing, in a notice and the status, and the rules still raise alarms', async () => {
    const core = new StationCore({
      dataDir: null,
      logger: quiet,
      model: { path: '/nonexistent/models/risk-model.onnx' },
    });
    await core.ml.ready;
    expect(core.status().notices).toContainEqual(
      expect.objectContaining({
        level: 'error',
        code: 'model.unavailable',
        message: expect.stringMatching(/\/nonexistent\/models\/risk-model\.onnx is missing.*safety rules alone/),
      }),
    );
    expect(core.status().model).toMatchObject({ state: 'unavailable', rulesOnly: true });
    await rulesStillAlarm(core);
    expect(core.handlers.getPredictions({})).toMatchObject({ modelState: 'unavailable', predictions: [] });
    await core.close();
  });

  it('says a corrupt model file cannot be loaded, and the rules still raise alarms', async () => {
    const dir = tempDir();
    const path = join(dir, 'risk-model.onnx');
    writeFileSync(path, Buffer.alloc(4096, 7));
    writeFileSync(
      cardPathFor(path),
      JSON.stringify({
        modelVersion: 'corrupt-test',
        featureSetVersion: FEATURE_SET_VERSION,
        classes: ['Normal', 'Watch', 'Warning', 'Alarm', 'Runaway'],
        input: { name: 'features' },
        outputs: { label: 'label', probabilities: 'probabilities' },
        features: FEATURE_NAMES.map((name) => ({ name, unit: '', doc: '', min: 0, max: 1 })),
        onsetBins: [
          { lowerS: null, upperS: 0, riskClass: 'Runaway' },
          { lowerS: 0, upperS: null, riskClass: 'Normal' },
        ],
        horizonS: 3600,
        decision: { thresholds: { runaway: 0.5, alarm: 0.5, warning: 0.5, watch: 0.5 } },
        labelDefinition: '',
        trainingData: { manifestSha256: '' },
        metrics: {},
        createdAt: '2025-01-01T00:00:00Z',
      }),
    );
    const core = new StationCore({ dataDir: null, logger: quiet, model: { path } });
    await core.ml.ready;
    const info = core.ml.info();
    expect(info).toMatchObject({ state: 'unavailable', rulesOnly: true });
    expect(info.error).toMatch(/risk-model\.onnx cannot be loaded/);
    expect(core.status().notices.find((n) => n.code === 'model.unavailable')?.message).toContain(path);
    await rulesStillAlarm(core);
    await core.close();
  });
});
