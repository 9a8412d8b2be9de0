/**
 * Thermal-runaway risk in the station: per-cell features in, one prediction per cell and device-second
 * out, batched across every cell of every device into one ONNX run, with hysteresis, the safety rules'
 * floor, a reliability rating, a recommendation and the prediction's drivers.
 *
 * Timing. Readings feed the feature tracker as they arrive; the first reading of each new device second
 * takes a feature snapshot of all that device's cells into a queue (device time, so a replay at 1000×
 * is predicted for every recorded second, exactly like the live run). A timer drains the queue in
 * bounded batches; runs never overlap, a tick that finds a run still going is skipped rather than
 * queued, and a queue that outgrows its bound (a replay faster than the model) drops its oldest rows
 * and counts them. The shown class is what the history stores, with the model version.
 *
 * Without a model (missing, corrupt, or trained on another feature set) the engine says so once, in
 * a notice and in its info, and does nothing else: the safety rules run on regardless in the core.
 */
import type {
  Analysis,
  ModelCard,
  ModelInfo,
  ModelState,
  Prediction,
  PredictionsUpdate,
  PredictionTrend,
  Reliability,
  RuleOverride,
  TrainingStats,
} from '../contract/ml-methods.js';
import { RISK_CLASSES } from '../contract/ml-methods.js';
import { PredictionTrends } from './prediction-trends.js';
import { PredictionHistoryBook } from './prediction-history.js';
import { analyzeWindows } from './window-analysis.js';
import type { CellReading, Notice } from '../contract/index.js';
import { driversOf, occlusionBatch, referenceValues } from './drivers.js';
import { cardPathFor, fileBytes, loadModelCard, ModelLoadError, type FeatureSetSpec } from './model-files.js';
import { OnnxRiskBackend, onnxOptionsFor, type RiskBackend } from './onnx-backend.js';
import { assessReliability, DEFAULT_RELIABILITY_RULES, type ReliabilityRules } from './reliability.js';
import { className, predictionOf, recommendationFor, SEVERITY } from './risk-classes.js';
import { RiskHysteresis } from './risk-hysteresis.js';
import { ruleFloor, type ActiveRule } from './rule-floor.js';
import { classProbabilities, decideClass, decisionOf, timeToRunaway, type RiskDecision } from './risk-decision.js';
import { escalationGate } from './escalation-gate.js';
import { readFileSync } from 'node:fs';

/** What the engine needs of the feature tracker (native-bridge/features/module-feature-tracker.ts). */
export interface FeatureSource {
  push(readings: readonly CellReading[]): void;
  snapshot(deviceId: string): {
    deviceId: string;
    cell: number;
    values: Float32Array;
    health: { sensorFault: string | null; gapS: number };
  }[];
  forget?(deviceId: string): void;
  recell?(deviceId: string): boolean;
}

export interface SessionRef {
  sessionId: number;
  timeMs: number;
}

export interface StoredPrediction {
  cell: number;
  cls: number;
  confidence: number;
}

/** One device-second's rows for the store: a device, the session and time they were captured at. */
export interface StoredPredictionGroup {
  deviceId: string;
  at: SessionRef;
  rows: StoredPrediction[];
}

export interface RiskEngineHost {
  /** Active safety-rule alarms of a device's cells, read when its features are captured. */
  activeRules(deviceId: string): (ActiveRule & { cell: number | null })[];
  /**
   * The session a device's frame arriving now belongs to and its time on that session's axis (a replay
   * keeps recorded times); null when it is not stored. Asked at capture: by the time a batch is stored a
   * fast replay has moved on, or ended.
   */
  sessionAt?(deviceId: string, tHostMs: number): SessionRef | null;
  record?(deviceId: string, at: SessionRef, rows: StoredPrediction[], modelVersion: string): void;
  /**
   * Every group of one run at once, in capture order (taken instead of `record` when given): the store
   * writes a replay's backlog of hundreds of device-seconds in one queued operation, not one each.
   */
  recordBatch?(groups: StoredPredictionGroup[], modelVersion: string): void;
  emit?(update: PredictionsUpdate): void;
  notify?(level: Notice['level'], code: string, message: string): void;
}

export interface RiskEngineOptions {
  /** The ONNX file; its card is `<name>.card.json` beside it. `null` turns the model off. */
  modelPath: string | null;
  spec: FeatureSetSpec;
  tracker: FeatureSource;
  host: RiskEngineHost;
  /** Overrides the card's hysteresis hold (tests). */
  holdMs?: number;
  /** How often queued rows are run (default 500 ms: every cell stays within a second of its data). */
  tickMs?: number;
  maxBatchRows?: number;
  maxQueuedRows?: number;
  /**
   * Occlusion rows per run for drivers (each explained row costs one row per feature). Only cells the
   * model puts above Normal are explained: see runBatch.
   */
  maxOcclusionRows?: number;
  /** Minimum time between onPredictions events (default 1000 ms). */
  emitIntervalMs?: number;
  reliability?: Partial<ReliabilityRules>;
  intraOpThreads?: number;
  /** Test seam: a backend other than onnxruntime-node. */
  loadBackend?: (modelPath: string, card: ModelCard) => Promise<RiskBackend>;
  now?: () => number;
  /** Run the timer (tests drive `runOnce` themselves). */
  autoStart?: boolean;
}

interface QueuedRow {
  deviceId: string;
  cell: number;
  /** `device#cell`, built once at capture: the run looks rows up by it several times. */
  key: string;
  /** `session@time` of the capture (shared by its cells), or null when it is not stored. */
  storeKey: string | null;
  tDevMs: number;
  tHostMs: number;
  session: SessionRef | null;
  values: Float32Array;
  sensorFault: string | null;
  gapS: number;
  rules: readonly ActiveRule[];
  tempC: number | null;
}

const RANK: Record<Reliability, number> = { high: 3, medium: 2, low: 1, 'not-applicable': 0 };
/** Most cells have no active rule: they share one empty list instead of a filtered copy each. */
const NO_RULES: readonly (ActiveRule & { cell: number | null })[] = Object.freeze([]);

export class RiskEngine {
  private state: ModelState;
  private error: string | null = null;
  private card: ModelCard | null = null;
  private decision: RiskDecision | null = null;
  private gate: ReturnType<typeof escalationGate> | null = null;
  private backend: RiskBackend | null = null;
  private loadedAtMs: number | null = null;
  private bytes: number | null = null;
  private reference: Float32Array | null = null;
  private readonly queue: QueuedRow[] = [];
  private readonly lastSecond = new Map<string, number>();
  private readonly hysteresis = new Map<string, RiskHysteresis>();
  private readonly latest = new Map<string, Prediction>();
  private readonly trendBook = new PredictionTrends();
  private readonly historyBook = new PredictionHistoryBook();
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastEmitMs = 0;
  private dirty = false;
  private closed = false;
  private readonly rules: ReliabilityRules;
  private readonly now: () => number;
  private readonly stats = {
    runs: 0,
    rowsPredicted: 0,
    skippedTicks: 0,
    droppedRows: 0,
    lastRunMs: null as number | null,
    lastBatchRows: 0,
  };
  /** Settles when the model has loaded or failed to. */
  readonly ready: Promise<void>;

  constructor(private readonly o: RiskEngineOptions) {
    this.now = o.now ?? Date.now;
    this.rules = { ...DEFAULT_RELIABILITY_RULES, ...o.reliability };
    this.state = o.modelPath === null ? 'disabled' : 'loading';
    this.ready = o.modelPath === null ? Promise.resolve() : this.load(o.modelPath);
    if (o.autoStart !== false) {
      this.timer = setInterval(() => this.tick(), o.tickMs ?? 500);
      this.timer.unref();
    }
  }

  private async load(modelPath: string): Promise<void> {
    const cardPath = cardPathFor(modelPath);
    try {
      this.bytes = fileBytes(modelPath);
      if (this.bytes === null) throw new ModelLoadError(`model file ${modelPath} is missing`);
      const card = loadModelCard(cardPath, this.o.spec);
      const backend = this.o.loadBackend
        ? await this.o.loadBackend(modelPath, card)
        : await OnnxRiskBackend.load(
            modelPath,
            onnxOptionsFor(card, this.o.spec.names.length, this.o.intraOpThreads ?? 1),
          );
      if (this.closed) {
        await backend.dispose();
        return;
      }
      this.card = card;
      this.decision = decisionOf(card);
      this.backend = backend;
      this.reference = referenceValues(card, readParitySample(modelPath));
      this.loadedAtMs = this.now();
      this.state = 'loaded';
      this.o.host.notify?.(
        'info',
        'model.loaded',
        `Risk model ${card.modelVersion} loaded from ${modelPath} (feature set ${card.featureSetVersion}).`,
      );
    } catch (e) {
      this.state = 'unavailable';
      this.error = e instanceof ModelLoadError ? e.message : `model ${modelPath}: ${(e as Error).message}`;
      this.queue.length = 0;
      this.o.host.notify?.(
        'error',
        'model.unavailable',
        `Risk model not loaded — ${this.error}. The station runs on the safety rules alone (hard limits and the GB 38031 runaway rule still raise alarms).`,
      );
    }
    // The UI learns the model's state from the same event as its predictions.
    if (!this.closed) this.o.host.emit?.(this.update());
  }

  get modelState(): ModelState {
    return this.state;
  }

  get modelVersion(): string | null {
    return this.card?.modelVersion ?? null;
  }

  /** Feeds one device frame's readings (after the safety rules have seen them). */
  onReadings(readings: readonly CellReading[]): void {
    if (readings.length === 0 || this.state === 'disabled' || this.state === 'unavailable') return;
    const first = readings[0]!;
    const second = Math.floor(first.tDevMs / 1000);
    // The model was trained on one frame per device-second (the dataset steps the simulator by 1 s), so
    // a 10 Hz rig feeds its windows the first frame of each second only: its sample-to-sample features
    // (noise, stuck detection) then mean what they meant in training, and the other nine frames of the
    // second cost nothing here. The safety rules still see every frame.
    if (this.lastSecond.get(first.deviceId) === second) return;
    this.lastSecond.set(first.deviceId, second);
    this.o.tracker.push(readings);
    const session = this.o.host.sessionAt?.(first.deviceId, first.tHostMs) ?? null;
    const storeKey = session ? `${session.sessionId}@${session.timeMs}` : null;
    const rules = this.o.host.activeRules(first.deviceId);
    for (const f of this.o.tracker.snapshot(first.deviceId)) {
      // A frame lists its cells in order: the cell's reading is almost always at cell − 1.
      const at = readings[f.cell - 1];
      const reading = at?.cell === f.cell ? at : readings.find((r) => r.cell === f.cell);
      this.queue.push({
        deviceId: f.deviceId,
        cell: f.cell,
        key: `${f.deviceId}#${f.cell}`,
        storeKey,
        tDevMs: first.tDevMs,
        tHostMs: first.tHostMs,
        session,
        values: f.values,
        sensorFault: f.health.sensorFault,
        gapS: f.health.gapS,
        rules: rules.length === 0 ? NO_RULES : rules.filter((a) => a.cell === f.cell),
        tempC: reading?.tempC ?? null,
      });
    }
    const max = this.o.maxQueuedRows ?? 16_384;
    if (this.queue.length > max) {
      const drop = this.queue.length - max;
      this.queue.splice(0, drop);
      this.stats.droppedRows += drop;
    }
    // A replay's backlog is run as soon as it fills a batch, not only on the timer.
    if (this.queue.length >= (this.o.maxBatchRows ?? 1024) && !this.running && this.state === 'loaded')
      setImmediate(() => this.tick());
  }

  /**
   * A rule alarm was raised on a cell: its shown class rises to the rule's floor and is pushed now.
   * Waiting for the model's next run (the next device-second's frame, the tick, the emit interval)
   * put the on-screen class 0.4–1.5 s behind the rule's alarm (`npm run bench -- latency`).
   */
  raiseToRuleFloor(deviceId: string, cell: number): void {
    const key = `${deviceId}#${cell}`;
    const p = this.latest.get(key);
    const floor = this.liveFloor(deviceId, cell);
    if (!p || !floor || RISK_INDEX[floor.floorClass] <= p.classIndex) return;
    const cls = floor.floorClass;
    this.latest.set(key, {
      ...p,
      classIndex: RISK_INDEX[cls],
      className: cls,
      severity: SEVERITY[cls],
      recommendation: recommendationFor(cls, p.reliability),
      ruleOverride: floor,
    });
    if (!this.o.host.emit) return;
    this.dirty = false;
    this.lastEmitMs = this.now();
    this.o.host.emit(this.update());
  }

  private liveFloor(deviceId: string, cell: number): RuleOverride | null {
    const rules = this.o.host.activeRules(deviceId).filter((a) => a.cell === cell);
    return rules.length === 0 ? null : ruleFloor(rules);
  }

  /** The device's session was edited: its windows start afresh if its cell now reads differently. */
  recell(deviceId: string): boolean {
    return this.o.tracker.recell?.(deviceId) ?? false;
  }

  /** A device went away: its windows and shown classes start afresh if it returns. */
  forgetDevice(deviceId: string): void {
    this.o.tracker.forget?.(deviceId);
    this.trendBook.forget(deviceId);
    this.historyBook.forget(deviceId);
    this.lastSecond.delete(deviceId);
    for (const key of [...this.latest.keys()])
      if (key.startsWith(`${deviceId}#`)) {
        this.latest.delete(key);
        this.hysteresis.delete(key);
      }
  }

  private tick(): void {
    if (this.running) {
      this.stats.skippedTicks++;
      return;
    }
    void this.runOnce();
  }

  /** Runs one batch of queued rows now (the timer calls this; tests too). */
  runOnce(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.runBatch()
      .catch((e: unknown) =>
        this.o.host.notify?.('warning', 'model.run-failed', `Risk model run failed: ${(e as Error).message}`),
      )
      .finally(() => {
        this.running = null;
        this.maybeEmit();
      });
    return this.running;
  }

  private async runBatch(): Promise<void> {
    const backend = this.backend;
    const card = this.card;
    const decision = this.decision;
    if (!backend || !card || !decision || this.queue.length === 0) return;
    const rows = this.queue.splice(0, this.o.maxBatchRows ?? 1024);
    const n = rows.length;
    const F = backend.featureCount;
    const input = new Float32Array(n * F);
    for (let i = 0; i < n; i++) input.set(rows[i]!.values, i * F);
    const started = performance.now();
    const base = await backend.run(input, n);
    const B = decision.bins.length;
    // The class by the card's thresholds, capped while the escalation gate holds; the decision before
    // the cap is what the drivers explain.
    const gate = (this.gate ??= escalationGate(this.o.spec.names));
    const decided = new Int32Array(n);
    const capped = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      decided[i] = decideClass(decision, base.probabilities, i * B);
      capped[i] = Math.min(decided[i]!, gate(rows[i]!.values, rows[i]!.sensorFault));
    }

    // The newest row of each cell is what the UI shows; explain those the model puts above Normal, the
    // most worrying first. A Normal cell's "drivers" would only name what keeps it calm, and explaining
    // every cell made the occlusion rows (one per feature) outnumber the predictions ~30 to 1 on a live
    // station: a cell that leaves Normal is explained in the very run that sees it.
    const newest = new Map<string, number>();
    for (let i = 0; i < n; i++) newest.set(rows[i]!.key, i);
    const budget = Math.floor((this.o.maxOcclusionRows ?? 1024) / F);
    const worrying: number[] = [];
    for (const i of newest.values()) if (decided[i]! > NORMAL) worrying.push(i);
    const explained = worrying.sort((a, b) => decided[b]! - decided[a]!).slice(0, budget);
    const occ =
      explained.length > 0 && this.reference
        ? await backend.run(occlusionBatch(input, F, explained, this.reference), explained.length * F)
        : null;
    // The drivers compare class probabilities: the occluded rows' bins summed into classes.
    let occClass: Float32Array | null = null;
    if (occ) {
      const m = explained.length * F;
      occClass = new Float32Array(m * 5);
      for (let j = 0; j < m; j++) occClass.set(classProbabilities(decision, occ.probabilities, j * B), j * 5);
    }
    this.stats.runs++;
    this.stats.rowsPredicted += n;
    this.stats.lastBatchRows = n;
    this.stats.lastRunMs = performance.now() - started;

    const explainedAt = new Map<number, number>();
    for (let k = 0; k < explained.length; k++) explainedAt.set(explained[k]!, k);
    const byStore = new Map<string, StoredPredictionGroup>();
    const now = this.now();
    const probs = base.probabilities;
    const holdMs = this.o.holdMs ?? decision.holdMs;
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      const key = r.key;
      const classProbs = classProbabilities(decision, probs, i * B);
      // round6 keeps order, so the largest rounded probability is the rounded largest one.
      const confidence = round6(Math.max(...classProbs));
      const { reliability, reasons } = assessReliability(
        {
          values: r.values,
          ranges: card.features,
          sensorFault: r.sensorFault,
          gapS: r.gapS,
          dataAgeMs: Math.max(0, now - r.tHostMs),
          confidence,
        },
        this.rules,
      );
      // Inputs outside what the model was trained on: its class means nothing, so it does not count
      // (the rules still raise the cell); the prediction says "not applicable" through its reliability.
      const applicable = reliability !== 'not-applicable';
      const raw = applicable ? capped[i]! : NORMAL;
      let h = this.hysteresis.get(key);
      if (!h) this.hysteresis.set(key, (h = new RiskHysteresis(holdMs)));
      const held = h.update(raw, r.tDevMs);
      let floor = r.rules.length === 0 ? null : ruleFloor(r.rules);
      let floorIdx = floor ? RISK_INDEX[floor.floorClass] : -1;
      let shown = Math.max(held, floorIdx);
      if (r.storeKey !== null) this.store(byStore, r, shown, confidence);
      this.historyBook.add(r.deviceId, r.cell, r.tDevMs, shown, classProbs, r.tempC, applicable);
      if (newest.get(key) !== i) continue;
      // A rule raised since this row was queued has already lifted the cell (raiseToRuleFloor): what
      // is shown must not drop back below it until the rule clears.
      const standing = this.liveFloor(r.deviceId, r.cell);
      if (standing && RISK_INDEX[standing.floorClass] > floorIdx) {
        floor = standing;
        floorIdx = RISK_INDEX[standing.floorClass];
        shown = Math.max(held, floorIdx);
      }
      const probabilities = classProbs.map(round6);
      const k = explainedAt.get(i);
      const prediction = predictionOf(r, shown, {
        probabilities,
        confidence,
        reliability,
        reasons,
        drivers:
          k !== undefined && occ
            ? driversOf(k, decided[i]!, classProbs[decided[i]!]!, occClass!, r.values, card.features, this.reference!)
            : [],
        modelVersion: card.modelVersion,
        rawClass: className(raw),
        ruleOverride: floor && floorIdx > held ? floor : null,
        timeToRunaway: applicable ? timeToRunaway(decision, probs, i * B) : null,
      });
      this.latest.set(key, prediction);
      this.trendBook.add(prediction);
    }
    const host = this.o.host;
    if (host.recordBatch) {
      if (byStore.size > 0) host.recordBatch([...byStore.values()], card.modelVersion);
    } else if (host.record) for (const s of byStore.values()) host.record(s.deviceId, s.at, s.rows, card.modelVersion);
    this.dirty = true;
  }

  private store(by: Map<string, StoredPredictionGroup>, r: QueuedRow, cls: number, confidence: number): void {
    let s = by.get(r.storeKey!);
    if (!s) by.set(r.storeKey!, (s = { deviceId: r.deviceId, at: r.session!, rows: [] }));
    s.rows.push({ cell: r.cell, cls, confidence });
  }

  private maybeEmit(): void {
    const now = this.now();
    if (!this.o.host.emit || now - this.lastEmitMs < (this.o.emitIntervalMs ?? 1000)) return;
    // Stale predictions must be re-sent too: their reliability drops while no data comes.
    if (!this.dirty && this.latest.size === 0) return;
    this.dirty = false;
    this.lastEmitMs = now;
    this.o.host.emit(this.update());
  }

  /** The latest prediction of every cell, with reliability lowered where its data has gone stale. */
  update(deviceId?: string): PredictionsUpdate {
    const now = this.now();
    const predictions = [...this.latest.values()]
      .filter((p) => deviceId === undefined || p.deviceId === deviceId)
      .sort((a, b) => a.deviceId.localeCompare(b.deviceId) || a.cell - b.cell)
      .map((p) => this.withAge(p, now));
    return { nowMs: now, modelState: this.state, modelVersion: this.modelVersion, predictions };
  }

  private withAge(p: Prediction, now: number): Prediction {
    const ageMs = now - p.tHostMs;
    if (ageMs <= this.rules.staleAfterMs) return p;
    const reliability: Reliability = RANK[p.reliability] < RANK.low ? p.reliability : 'low';
    return {
      ...p,
      reliability,
      reasons: [`stale: the newest data of this cell is ${Math.round(ageMs / 1000)} s old`, ...p.reasons],
      recommendation: recommendationFor(p.className, reliability),
    };
  }

  /** Windows of readings through the model, nothing stored (window-analysis.ts). */
  async analyze(windows: readonly (readonly CellReading[])[]): Promise<Analysis[]> {
    const backend = this.backend;
    const card = this.card;
    const decision = this.decision;
    const empty = (): Analysis => ({ modelState: this.state, modelVersion: this.modelVersion, predictions: [] });
    if (!backend || !card || !decision) return windows.map(empty);
    const lists = await analyzeWindows(
      { backend, card, decision, featureNames: this.o.spec.names, reference: this.reference, rules: this.rules },
      windows,
    );
    return lists.map((predictions) => ({ modelState: this.state, modelVersion: card.modelVersion, predictions }));
  }

  /** Each cell's last predictions and their trend. */
  trends(deviceId?: string): { nowMs: number; modelVersion: string | null; trends: PredictionTrend[] } {
    return { nowMs: this.now(), modelVersion: this.modelVersion, trends: this.trendBook.trends(deviceId) };
  }

  /** A cell's last hour of classes, probabilities and temperatures (prediction-history.ts). */
  predictionHistory(deviceId: string, cell: number, sinceMs: number | undefined, maxPoints: number) {
    return { deviceId, cell, ...this.historyBook.history(deviceId, cell, sinceMs, maxPoints) };
  }

  /** What the card says about the training data; throws `model.unavailable` without a model. */
  trainingStats(): TrainingStats {
    const card = this.card;
    if (!card)
      throw Object.assign(new Error(`No model is loaded${this.error ? `: ${this.error}` : ''}.`), {
        code: 'model.unavailable',
      });
    const td = card.trainingData as Record<string, unknown>;
    const byClass = (counts: unknown) =>
      Object.fromEntries(
        RISK_CLASSES.map((c, i) => [c, Array.isArray(counts) && typeof counts[i] === 'number' ? counts[i] : 0]),
      );
    const splits = (td.countsBySplit ?? {}) as Record<string, unknown>;
    return {
      modelVersion: card.modelVersion,
      featureSetVersion: card.featureSetVersion,
      rows: typeof td.rows === 'number' ? td.rows : null,
      runs: typeof td.runs === 'number' ? td.runs : null,
      countsByClass: byClass(td.countsByClass),
      countsBySplit: Object.fromEntries(Object.entries(splits).map(([k, v]) => [k, byClass(v)])),
      features: card.features.map((f) => ({ name: f.name, unit: f.unit, min: f.min, max: f.max })),
      labelDefinition: card.labelDefinition,
      metrics: card.metrics,
      createdAt: card.createdAt,
    };
  }

  info(): ModelInfo {
    const path = this.o.modelPath;
    return {
      state: this.state,
      path,
      cardPath: path === null ? null : cardPathFor(path),
      error: this.error,
      modelVersion: this.modelVersion,
      fileBytes: this.bytes,
      loadedAtMs: this.loadedAtMs,
      card: this.card,
      rulesOnly: this.state !== 'loaded',
      runs: { ...this.stats },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ready.catch(() => undefined);
    await this.running?.catch(() => undefined);
    await this.backend?.dispose().catch(() => undefined);
    this.backend = null;
  }
}

const RISK_INDEX = { Normal: 0, Watch: 1, Warning: 2, Alarm: 3, Runaway: 4 } as const;
const NORMAL = RISK_INDEX.Normal;
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** The parity features beside the model (a sample of real rows), for the drivers' typical values. */
function readParitySample(modelPath: string): number[][] | null {
  try {
    const raw = JSON.parse(readFileSync(modelPath.replace(/\.onnx$/i, '') + '.parity.json', 'utf8')) as {
      features?: unknown;
    };
    return Array.isArray(raw.features) ? (raw.features as number[][]) : null;
  } catch {
    return null;
  }
}
