/**
 * The engine's timing, ranking and bookkeeping with a backend double (the real ONNX session is tested
 * in the parity and station integration tests): per-device-second capture, one batch for a replay's
 * backlog, hysteresis on device time, the safety rules' floor, drivers, staleness, never-overlapping
 * runs, the queue bound, and a model that cannot be loaded.
 */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Notice } from '../contract/index.js';
import { predictionSchema } from '../contract/ml-methods.js';
import { RiskEngine, type RiskEngineHost, type RiskEngineOptions } from './risk-engine.js';
import { testCleanups } from '../../testing/test-cleanups.js';
import { DoubleBackend, DoubleTracker, frame, modelDir as modelIn, NAMES, SPEC } from './fixtures/engine-doubles.js';

const cleanups = testCleanups();
const modelDir = (card: Record<string, unknown> = {}) => modelIn(cleanups.tempDir('risk-engine-'), card);

function engine(
  over: Partial<RiskEngineOptions> = {},
  hostOver: Partial<RiskEngineHost> = {},
): {
  e: RiskEngine;
  backend: DoubleBackend;
  notices: Pick<Notice, 'level' | 'code' | 'message'>[];
  records: { deviceId: string; t: number; rows: { cell: number; cls: number }[]; version: string }[];
  clock: { now: number };
} {
  const backend = new DoubleBackend();
  const notices: Pick<Notice, 'level' | 'code' | 'message'>[] = [];
  const records: { deviceId: string; t: number; rows: { cell: number; cls: number }[]; version: string }[] = [];
  const clock = { now: 1_000_000 };
  const e = new RiskEngine({
    modelPath: modelDir(),
    spec: SPEC,
    tracker: new DoubleTracker(),
    autoStart: false,
    now: () => clock.now,
    loadBackend: async () => backend,
    host: {
      activeRules: () => [],
      record: (deviceId, at, rows, version) => records.push({ deviceId, t: at.timeMs, rows, version }),
      notify: (level, code, message) => notices.push({ level, code, message }),
      ...hostOver,
    },
    ...over,
  });
  return { e, backend, notices, records, clock };
}

describe('risk engine', () => {
  it('loads the card, then predicts each cell once per device second in one batch', async () => {
    const { e, backend, notices } = engine();
    await e.ready;
    expect(e.modelState).toBe('loaded');
    expect(notices).toEqual([expect.objectContaining({ level: 'info', code: 'model.loaded' })]);
    for (let t = 0; t < 1000; t += 200) e.onReadings(frame(t, [0, 1, 2, 0]));
    await e.runOnce();
    expect(backend.calls[0]).toBe(4);
    const u = e.update();
    expect(u.predictions.map((p) => [p.cell, p.className, p.severity])).toEqual([
      [1, 'Normal', 'none'],
      [2, 'Watch', 'low'],
      [3, 'Warning', 'medium'],
      [4, 'Normal', 'none'],
    ]);
    expect(u.predictions[2]).toMatchObject({
      confidence: 0.8,
      reliability: 'high',
      modelVersion: 'test-1',
      rawClass: 'Warning',
      ruleOverride: null,
      // 0.8 on the 5–15 min bin, 0.05 on each other: the CDF is 0.1 at 5 min and 0.9 at 15 min.
      timeToRunaway: { medianS: 600, lowS: 300, highS: 900, horizonS: 3600 },
      recommendation: expect.stringMatching(/Pause charging/),
    });
    expect(u.predictions[0]!.timeToRunaway).toBeNull();
    // Every prediction keeps the contract, the nullable time-to-runaway estimate included.
    for (const p of u.predictions) expect(predictionSchema.safeParse(p).success).toBe(true);
    const estimate = { medianS: 600, lowS: 200, highS: null, horizonS: 3600 };
    expect(predictionSchema.safeParse({ ...u.predictions[2], timeToRunaway: estimate }).success).toBe(true);
    expect(predictionSchema.safeParse({ ...u.predictions[2], timeToRunaway: { medianS: -1 } }).success).toBe(false);
    await e.close();
  });

  it('decides the class by the card’s thresholds, not by the largest probability', async () => {
    // Warning needs P(onset within 15 min) ≥ 0.95 here; the hint-2 cell has 0.9, so it is only Watch.
    const { e } = engine({
      modelPath: modelDir({ decision: { thresholds: { runaway: 0.5, alarm: 0.5, warning: 0.95, watch: 0.5 } } }),
    });
    await e.ready;
    e.onReadings(frame(0, [0, 1, 2, 3]));
    await e.runOnce();
    expect(e.update().predictions.map((p) => p.className)).toEqual(['Normal', 'Watch', 'Watch', 'Alarm']);
    await e.close();
  });

  it('refuses a card without decision thresholds or onset bins', async () => {
    for (const missing of ['decision', 'onsetBins']) {
      const { e, notices } = engine({ modelPath: modelDir({ [missing]: undefined }) });
      await e.ready;
      expect(e.modelState).toBe('unavailable');
      expect(notices[0]!.message).toContain(missing);
      await e.close();
    }
  });

  it('keeps a cool cell with a flagged probe at Watch, and a model out of its range out of the class', async () => {
    const { e } = engine();
    await e.ready;
    const readings = frame(0, [3, 3]).map((r, i) => (i === 0 ? { ...r, tempC: null } : { ...r, tempC: 900 }));
    e.onReadings(readings);
    await e.runOnce();
    const [flagged, outside] = e.update().predictions;
    expect(flagged).toMatchObject({ className: 'Watch', rawClass: 'Watch', reliability: 'low' });
    // 900 °C is far outside the card's 0–150 °C: not applicable, the model's Alarm is not shown.
    expect(outside).toMatchObject({ className: 'Normal', reliability: 'not-applicable', timeToRunaway: null });
    await e.close();
  });

  it('feeds the feature windows the first frame of each device second only, as the dataset was built', async () => {
    const pushed: number[] = [];
    const tracker = new DoubleTracker();
    const { e } = engine({
      tracker: {
        push: (readings) => {
          pushed.push(readings[0]!.tDevMs);
          tracker.push(readings);
        },
        snapshot: (id) => tracker.snapshot(id),
      },
    });
    await e.ready;
    // A 10 Hz rig over 2.5 s, one frame lost at the start of second 2.
    for (let t = 0; t < 2500; t += 100) if (t !== 2000) e.onReadings(frame(t, [0, 1]));
    expect(pushed).toEqual([0, 1000, 2100]);
    await e.close();
  });

  it('runs a replay backlog of many device seconds as one batch, stores each second, and holds by device time', async () => {
    const { e, backend, records } = engine(
      { holdMs: 10_000 },
      { sessionAt: (_d, t) => ({ sessionId: 7, timeMs: t - 1_000_000 + 5e11 }) },
    );
    await e.ready;
    // 30 recorded seconds arriving within a few wall milliseconds (replay at 1000×).
    for (let s = 0; s < 30; s++) e.onReadings(frame(s * 1000, [s < 5 ? 3 : 0, 0], 1_000_000 + s));
    await e.runOnce();
    expect(backend.calls[0]).toBe(60);
    expect(records).toHaveLength(30);
    expect(new Set(records.map((r) => r.t)).size).toBe(30);
    expect(records[0]).toMatchObject({ deviceId: 'DEV', t: 5e11, version: 'test-1' });
    // Alarm for 5 s, then Normal: shown until 10 recorded seconds of Normal have passed, not 10 wall seconds.
    expect(records.map((r) => r.rows[0]!.cls)).toEqual([...Array(15).fill(3), ...Array(15).fill(0)]);
    expect(e.update().predictions[0]).toMatchObject({ className: 'Normal', tMs: 29_000 });
    await e.close();
  });

  it('holds a class for the card’s hold before stepping down, and 10 s for a card without one', async () => {
    const shownAfterAlarm = async (card: Record<string, unknown>) => {
      const { e, records } = engine(
        { modelPath: modelDir(card) },
        { sessionAt: (_d, t) => ({ sessionId: 7, timeMs: t }) },
      );
      await e.ready;
      // Alarm for 5 recorded seconds, then Normal for 55.
      for (let s = 0; s < 60; s++) e.onReadings(frame(s * 1000, [s < 5 ? 3 : 0, 0], 1_000_000 + s));
      await e.runOnce();
      await e.close();
      return records.map((r) => r.rows[0]!.cls).filter((c) => c === 3).length;
    };
    const decision = { thresholds: { runaway: 0.5, alarm: 0.5, warning: 0.5, watch: 0.5 } };
    expect(await shownAfterAlarm({ decision: { ...decision, holdS: 30 } })).toBe(5 + 30);
    expect(await shownAfterAlarm({ decision })).toBe(5 + 10);
  });

  it('keeps every predicted device-second in the cell’s hour: class shown, probabilities, temperature', async () => {
    const { e } = engine();
    await e.ready;
    for (let s = 0; s < 30; s++) e.onReadings(frame(s * 1000, [s < 5 ? 3 : 0, 1], 1_000_000 + s));
    await e.runOnce();
    const h = e.predictionHistory('DEV', 1, undefined, 720);
    expect(h.points).toHaveLength(30);
    expect(h.newestMs).toBe(29_000);
    // Alarm for 5 s, then held for the 10 s hysteresis, as the store has it.
    expect(h.points.map((p) => p.classIndex)).toEqual([...Array(15).fill(3), ...Array(15).fill(0)]);
    expect(h.points[0]).toMatchObject({ tMs: 0, tempC: 25 });
    expect(h.points[0]!.probabilities![3]).toBeCloseTo(0.8, 4);
    expect(e.predictionHistory('DEV', 2, 20_000, 720).points.map((p) => p.tMs)).toHaveLength(10);
    e.forgetDevice('DEV');
    expect(e.predictionHistory('DEV', 1, undefined, 720).points).toEqual([]);
    await e.close();
  });

  it('lets the safety rules outrank the model and says which rule', async () => {
    const { e } = engine(
      {},
      {
        activeRules: () => [
          { code: 'RUNAWAY', message: 'DEV cell 2: THERMAL RUNAWAY (GB 38031)', cell: 2 },
          { code: 'T_MAX', message: 'DEV cell 3: 85 °C', cell: 3 },
          { code: 'T_WARN', message: 'DEV cell 4: 52 °C', cell: 4 },
        ],
      },
    );
    await e.ready;
    e.onReadings(frame(0, [0, 0, 0, 2]));
    await e.runOnce();
    const [c1, c2, c3, c4] = e.update().predictions;
    expect(c1).toMatchObject({ className: 'Normal', ruleOverride: null });
    expect(c2).toMatchObject({
      className: 'Runaway',
      classIndex: 4,
      rawClass: 'Normal',
      severity: 'critical',
      ruleOverride: { rule: 'RUNAWAY', floorClass: 'Runaway', message: expect.stringContaining('GB 38031') },
      recommendation: expect.stringMatching(/evacuate/i),
    });
    expect(c3).toMatchObject({ className: 'Alarm', ruleOverride: { rule: 'T_MAX', floorClass: 'Alarm' } });
    // The model already says more than the rule: no override.
    expect(c4).toMatchObject({ className: 'Warning', ruleOverride: null });
    await e.close();
  });

  it('pushes a cell at its rule floor as the rule is raised, and a run queued before it keeps the floor', async () => {
    const rules: { code: string; message: string; cell: number }[] = [];
    const pushed: { cell: number; className: string }[][] = [];
    const { e } = engine(
      {},
      {
        activeRules: () => rules,
        emit: (u) => pushed.push(u.predictions.map((p) => ({ cell: p.cell, className: p.className }))),
      },
    );
    await e.ready;
    e.onReadings(frame(0, [0, 0]));
    await e.runOnce();
    // The next second's row is queued while nothing is raised yet; the rule comes a frame later.
    e.onReadings(frame(1000, [0, 0]));
    pushed.length = 0;
    rules.push({ code: 'T_ALARM', message: 'DEV cell 2: 61 °C', cell: 2 });
    e.raiseToRuleFloor('DEV', 2);
    expect(pushed).toEqual([
      [
        { cell: 1, className: 'Normal' },
        { cell: 2, className: 'Alarm' },
      ],
    ]);
    await e.runOnce();
    expect(e.update().predictions[1]).toMatchObject({ className: 'Alarm', ruleOverride: { rule: 'T_ALARM' } });
    // A rule already outranked by what is shown pushes nothing.
    pushed.length = 0;
    e.raiseToRuleFloor('DEV', 2);
    e.raiseToRuleFloor('DEV', 1);
    expect(pushed).toEqual([]);
    await e.close();
  });

  it('names the drivers that pushed the row to its class (occlusion to the typical value)', async () => {
    const { e, backend } = engine();
    await e.ready;
    e.onReadings(frame(0, [3]));
    await e.runOnce();
    expect(backend.calls).toEqual([1, 3]);
    const p = e.update().predictions[0]!;
    expect(p.drivers).toEqual([{ feature: 'risk_hint', unit: '1', value: 3, effect: 0.75 }]);
    await e.close();
  });

  it('explains only cells the model puts above Normal: no occlusion rows for a calm module', async () => {
    const { e, backend } = engine();
    await e.ready;
    e.onReadings(frame(0, [0, 0, 0, 0]));
    await e.runOnce();
    expect(backend.calls).toEqual([4]);
    expect(e.update().predictions.map((p) => p.drivers)).toEqual([[], [], [], []]);
    e.onReadings(frame(1000, [0, 2, 0, 1]));
    await e.runOnce();
    // Cells 2 and 4 leave Normal: their rows are explained in the same run, one copy per feature each.
    expect(backend.calls).toEqual([4, 4, 2 * NAMES.length]);
    const drivers = e.update().predictions.map((p) => p.drivers.map((d) => d.feature));
    expect(drivers).toEqual([[], ['risk_hint'], [], ['risk_hint']]);
    await e.close();
  });

  it('hands a run to recordBatch as the same groups record would get one by one', async () => {
    const sessionAt = (_d: string, t: number) => ({ sessionId: 3, timeMs: t });
    const one = engine({}, { sessionAt });
    const batches: { groups: { deviceId: string; at: { timeMs: number }; rows: unknown[] }[]; version: string }[] = [];
    const all = engine({}, { sessionAt, recordBatch: (groups, version) => batches.push({ groups, version }) });
    for (const x of [one, all]) {
      await x.e.ready;
      for (let s = 0; s < 5; s++) x.e.onReadings(frame(s * 1000, [s % 3, 0, 4], 1_000_000 + s));
      await x.e.runOnce();
    }
    expect(all.records).toEqual([]);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.version).toBe('test-1');
    expect(
      batches[0]!.groups.map((g) => ({ deviceId: g.deviceId, t: g.at.timeMs, rows: g.rows, version: 'test-1' })),
    ).toEqual(one.records);
    expect(one.records).toHaveLength(5);
    await one.e.close();
    await all.e.close();
  });

  it('lowers the reliability of predictions whose data has gone stale, and of faulty sensors', async () => {
    const { e, clock } = engine();
    await e.ready;
    const f = frame(0, [0, 0]);
    f[1] = { ...f[1]!, tempC: null };
    e.onReadings(f);
    await e.runOnce();
    expect(e.update().predictions.map((p) => p.reliability)).toEqual(['high', 'low']);
    expect(e.update().predictions[1]!.reasons).toContain('sensor fault: temp-open');
    expect(e.update().predictions[1]!.recommendation).toMatch(/cannot vouch/);
    clock.now += 60_000;
    const stale = e.update().predictions[0]!;
    expect(stale.reliability).toBe('low');
    expect(stale.reasons[0]).toMatch(/stale: the newest data of this cell is 60 s old/);
    await e.close();
  });

  it('never overlaps runs: ticks during a slow run are skipped, not queued', async () => {
    const { e, backend } = engine({ autoStart: true, tickMs: 10 });
    await e.ready;
    // The run is held until ticks have come and gone during it, however slowly a loaded machine ticks.
    let release!: () => void;
    backend.gate = new Promise((r) => (release = r));
    e.onReadings(frame(0, [0, 0]));
    for (let waited = 0; e.info().runs.skippedTicks <= 5 && waited < 10_000; waited += 20) {
      e.onReadings(frame(waited + 100, [0, 0]));
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(e.info().runs.skippedTicks).toBeGreaterThan(5);
    expect(backend.calls).toHaveLength(1);
    release();
    backend.gate = null;
    await e.close();
    expect(backend.maxConcurrent).toBe(1);
  });

  it('bounds the queue: a backlog beyond it drops its oldest rows and counts them', async () => {
    const { e, backend } = engine({ maxQueuedRows: 10, maxBatchRows: 4 });
    await e.ready;
    for (let s = 0; s < 10; s++) e.onReadings(frame(s * 1000, [0, 0]));
    expect(e.info().runs.droppedRows).toBe(10);
    await e.runOnce();
    expect(backend.calls[0]).toBe(4);
    expect(e.update().predictions[0]!.tMs).toBe(6000);
    await e.close();
  });

  it('emits at most once a second', async () => {
    const updates: number[] = [];
    const { e, clock } = engine({}, { emit: (u) => updates.push(u.predictions.length) });
    await e.ready;
    // The load itself is announced once, so the UI learns the model's state.
    expect(updates).toEqual([0]);
    updates.length = 0;
    e.onReadings(frame(0, [0]));
    await e.runOnce();
    e.onReadings(frame(1000, [0]));
    await e.runOnce();
    expect(updates).toEqual([1]);
    clock.now += 1000;
    await e.runOnce();
    expect(updates).toEqual([1, 1]);
    await e.close();
  });
});

describe('risk engine without a usable model', () => {
  it('says clearly that the model file is missing and stays out of the way', async () => {
    const notices: Pick<Notice, 'level' | 'code' | 'message'>[] = [];
    const e = new RiskEngine({
      modelPath: '/nonexistent/models/risk-model.onnx',
      spec: SPEC,
      tracker: new DoubleTracker(),
      autoStart: false,
      host: { activeRules: () => [], notify: (level, code, message) => notices.push({ level, code, message }) },
    });
    await e.ready;
    expect(e.modelState).toBe('unavailable');
    expect(notices).toEqual([
      {
        level: 'error',
        code: 'model.unavailable',
        message: expect.stringMatching(/\/nonexistent\/models\/risk-model\.onnx is missing.*safety rules alone/),
      },
    ]);
    e.onReadings(frame(0, [4]));
    await e.runOnce();
    expect(e.update()).toMatchObject({ modelState: 'unavailable', predictions: [] });
    expect(e.info()).toMatchObject({
      state: 'unavailable',
      rulesOnly: true,
      error: expect.stringContaining('missing'),
    });
    await e.close();
  });

  it('refuses a corrupt ONNX file with onnxruntime’s reason', async () => {
    const path = modelDir();
    writeFileSync(path, Buffer.from('this is not a protobuf at all'));
    const e = new RiskEngine({
      modelPath: path,
      spec: SPEC,
      tracker: new DoubleTracker(),
      autoStart: false,
      host: { activeRules: () => [] },
    });
    await e.ready;
    expect(e.info()).toMatchObject({ state: 'unavailable', error: expect.stringMatching(/cannot be loaded/) });
    await e.close();
  });

  it('refuses a model trained on another feature set, and a card that is not JSON', async () => {
    const other = new RiskEngine({
      modelPath: modelDir({ featureSetVersion: 'fs-0' }),
      spec: SPEC,
      tracker: new DoubleTracker(),
      autoStart: false,
      loadBackend: async () => new DoubleBackend(),
      host: { activeRules: () => [] },
    });
    await other.ready;
    expect(other.info().error).toMatch(/trained on feature set fs-0, the station computes fs-test/);
    const path = modelDir();
    writeFileSync(path.replace('.onnx', '.card.json'), '{ nope');
    const broken = new RiskEngine({
      modelPath: path,
      spec: SPEC,
      tracker: new DoubleTracker(),
      autoStart: false,
      host: { activeRules: () => [] },
    });
    await broken.ready;
    expect(broken.info().error).toMatch(/model card .* cannot be read/);
    await other.close();
    await broken.close();
  });

  it('does nothing at all when turned off', async () => {
    const e = new RiskEngine({
      modelPath: null,
      spec: SPEC,
      tracker: new DoubleTracker(),
      autoStart: false,
      host: { activeRules: () => [] },
    });
    await e.ready;
    expect(e.info()).toMatchObject({ state: 'disabled', rulesOnly: true, path: null });
    await e.close();
  });
});
