/**
 * The model over readings handed to it rather than the station's own stream (`POST /api/ml/analyze`,
 * `/api/ml/predict/batch`, `GET /api/ml/analyse`): each window gets fresh feature windows of its own,
 * fed one frame per device second as the dataset was built, and each of its cells one prediction from
 * its last reading. Nothing is stored and nothing of the station's live state is touched. The class is
 * the model's own: no hysteresis (a window has no past) and no rule floor (the safety rules run on the
 * station's stream, not on a posted window).
 */
import type { CellReading } from '../contract/index.js';
import type { ModelCard, Prediction } from '../contract/ml-methods.js';
import { ModuleFeatureTracker } from '../features/module-feature-tracker.js';
import { driversOf, occlusionBatch } from './drivers.js';
import type { RiskBackend } from './onnx-backend.js';
import { escalationGate } from './escalation-gate.js';
import { assessReliability, type ReliabilityRules } from './reliability.js';
import { className, predictionOf } from './risk-classes.js';
import { classProbabilities, decideClass, timeToRunaway, type RiskDecision } from './risk-decision.js';

/** The loaded model as the risk engine holds it: its run, card, decision thresholds and drivers' reference. */
export interface AnalysisModel {
  backend: RiskBackend;
  card: ModelCard;
  decision: RiskDecision;
  featureNames: readonly string[];
  reference: Float32Array | null;
  rules: ReliabilityRules;
}

interface Row {
  deviceId: string;
  cell: number;
  tDevMs: number;
  tHostMs: number;
  values: Float32Array;
  sensorFault: string | null;
  gapS: number;
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** Rows (one per cell of each device) of one window's final feature snapshot. */
function windowRows(readings: readonly CellReading[]): Row[] {
  const tracker = new ModuleFeatureTracker();
  const byDevice = new Map<string, CellReading[]>();
  for (const r of readings) {
    let list = byDevice.get(r.deviceId);
    if (!list) byDevice.set(r.deviceId, (list = []));
    list.push(r);
  }
  const rows: Row[] = [];
  for (const [deviceId, list] of byDevice) {
    list.sort((a, b) => a.tDevMs - b.tDevMs || a.cell - b.cell);
    let lastSecond = Number.NaN;
    let last: CellReading | null = null;
    for (let i = 0; i < list.length;) {
      const t = list[i]!.tDevMs;
      let j = i;
      while (j < list.length && list[j]!.tDevMs === t) j++;
      const frame = list.slice(i, j);
      last = frame[frame.length - 1]!;
      const second = Math.floor(t / 1000);
      if (second !== lastSecond) {
        lastSecond = second;
        tracker.push(frame);
      }
      i = j;
    }
    for (const f of tracker.snapshot(deviceId))
      rows.push({
        deviceId,
        cell: f.cell,
        tDevMs: last?.tDevMs ?? 0,
        tHostMs: last?.tHostMs ?? 0,
        values: f.values,
        sensorFault: f.health.sensorFault,
        gapS: f.health.gapS,
      });
  }
  return rows;
}

/**
 * One list of predictions per window, in the order given; one batched model run for all of them. The
 * class comes from the card's thresholds and the escalation gate, as in the risk engine's own runs.
 */
export async function analyzeWindows(
  m: AnalysisModel,
  windows: readonly (readonly CellReading[])[],
): Promise<Prediction[][]> {
  const perWindow = windows.map(windowRows);
  const rows = perWindow.flat();
  const F = m.backend.featureCount;
  if (rows.length === 0) return perWindow.map(() => []);
  const input = new Float32Array(rows.length * F);
  rows.forEach((r, i) => input.set(r.values, i * F));
  const base = await m.backend.run(input, rows.length);
  const B = m.decision.bins.length;
  const gate = escalationGate(m.featureNames);
  const decided = rows.map((_, i) => decideClass(m.decision, base.probabilities, i * B));
  const worrying = rows.map((_, i) => i).filter((i) => decided[i]! > 0);
  const occ =
    worrying.length > 0 && m.reference
      ? await m.backend.run(occlusionBatch(input, F, worrying, m.reference), worrying.length * F)
      : null;
  let occClass: Float32Array | null = null;
  if (occ) {
    const n = worrying.length * F;
    occClass = new Float32Array(n * 5);
    for (let j = 0; j < n; j++) occClass.set(classProbabilities(m.decision, occ.probabilities, j * B), j * 5);
  }
  const explainedAt = new Map(worrying.map((i, k) => [i, k]));
  const predictions = rows.map((r, i): Prediction => {
    const classProbs = classProbabilities(m.decision, base.probabilities, i * B);
    const probabilities = classProbs.map(round6);
    const confidence = Math.max(...probabilities);
    const { reliability, reasons } = assessReliability(
      { values: r.values, ranges: m.card.features, sensorFault: r.sensorFault, gapS: r.gapS, dataAgeMs: 0, confidence },
      m.rules,
    );
    const applicable = reliability !== 'not-applicable';
    const raw = applicable ? Math.min(decided[i]!, gate(r.values, r.sensorFault)) : 0;
    const k = explainedAt.get(i);
    return predictionOf(r, raw, {
      probabilities,
      confidence,
      reliability,
      reasons,
      drivers:
        k !== undefined && occClass
          ? driversOf(k, decided[i]!, classProbs[decided[i]!]!, occClass, r.values, m.card.features, m.reference!)
          : [],
      modelVersion: m.card.modelVersion,
      rawClass: className(raw),
      ruleOverride: null,
      timeToRunaway: applicable ? timeToRunaway(m.decision, base.probabilities, i * B) : null,
    });
  });
  let at = 0;
  return perWindow.map((w) => predictions.slice(at, (at += w.length)));
}
