/**
 * Risk model benchmark (issue 6): cell-predictions per second through onnxruntime-node in batches of
 * 16, 64 and 256 rows, and the p99 time of one batch, each beside a one-row-at-a-time loop measured
 * in the same run (what the station would pay without batching). Also the whole engine path (features
 * queued, one batched run plus the occlusion run for drivers, hysteresis, rules, reliability) for a
 * 64-cell station, and the model file's size against the 2 MB budget. Rows are the parity file's real
 * feature rows when it is there, else seeded draws inside the card's training ranges.
 *
 * `npm run bench -- ml`, or alone: `tsx bench/predict-bench.ts`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchFigure } from './bench-report.js';
import type { CellReading } from '../native-bridge/contract/index.js';
import { FEATURE_NAMES, FEATURE_SET_VERSION } from '../native-bridge/features/feature-spec.js';
import { uniformStream } from '../native-bridge/sim/prng.js';
import { cardPathFor, defaultModelPath, loadModelCard } from '../native-bridge/ml/model-files.js';
import { OnnxRiskBackend, onnxOptionsFor } from '../native-bridge/ml/onnx-backend.js';
import { RiskEngine, type FeatureSource } from '../native-bridge/ml/risk-engine.js';

const TARGET_PER_S = 50_000;
const SIZE_LIMIT_MB = 2;
const BATCHES = [16, 64, 256];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Runs `fn` for about `ms` (after a short warm-up); returns each call's duration in ms. */
async function timed(fn: () => Promise<unknown>, ms: number): Promise<number[]> {
  for (let i = 0; i < 20; i++) await fn();
  const out: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

function featureRows(modelPath: string, card: { features: { min: number; max: number }[] }, n: number): Float32Array {
  const F = FEATURE_NAMES.length;
  const paritySource = modelPath.replace(/\.onnx$/i, '') + '.parity.json';
  let rows: (number | null)[][] = [];
  if (existsSync(paritySource))
    rows = (JSON.parse(readFileSync(paritySource, 'utf8')) as { features: (number | null)[][] }).features;
  const rand = uniformStream(6);
  const out = new Float32Array(n * F);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < F; j++) {
      const f = card.features[j]!;
      const v = rows.length ? rows[i % rows.length]![j] : f.min + (f.max - f.min) * rand();
      out[i * F + j] = v === null || v === undefined ? Number.NaN : v;
    }
  return out;
}

export async function runPredictBench(): Promise<BenchFigure[]> {
  const modelPath = defaultModelPath();
  if (!existsSync(modelPath)) throw new Error(`${modelPath} is missing: the ml bench needs the shipped model`);
  const spec = { version: FEATURE_SET_VERSION, names: FEATURE_NAMES };
  const card = loadModelCard(cardPathFor(modelPath), spec);
  const F = FEATURE_NAMES.length;
  // The card's options, as the station loads it: a model with more onset bins than classes runs too.
  const backend = await OnnxRiskBackend.load(modelPath, onnxOptionsFor(card, F));
  const pool = featureRows(modelPath, card, 1024);
  const figures: BenchFigure[] = [];

  const single = await timed(() => backend.run(pool.subarray(0, F), 1), 1500);
  const singleRate = single.length / (single.reduce((a, b) => a + b, 0) / 1000);
  const singleP99 = percentile(single, 99);

  for (const n of BATCHES) {
    const input = pool.subarray(0, n * F);
    const times = await timed(() => backend.run(input, n), 1500);
    const rate = (times.length * n) / (times.reduce((a, b) => a + b, 0) / 1000);
    figures.push({
      label: `cell-predictions/s, batches of ${n}`,
      value: rate,
      unit: 'predictions/s',
      baseline: { label: 'one row per run', value: singleRate },
      target: `≥ ${TARGET_PER_S.toLocaleString('en-US')}/s`,
      ok: rate >= TARGET_PER_S,
    });
    figures.push({
      label: `p99 time of one batch of ${n}`,
      value: percentile(times, 99),
      unit: 'ms',
      baseline: { label: 'p99 of a one-row run', value: singleP99 },
    });
  }
  await backend.dispose();

  // The engine as the station runs it, 4 devices × 16 cells: queue, batch, drivers, hysteresis, rules.
  const devices = 4;
  const cells = 16;
  let tick = 0;
  const tracker: FeatureSource = {
    push: () => undefined,
    snapshot: (deviceId) =>
      Array.from({ length: cells }, (_, c) => {
        const r = (tick * 7 + c + deviceId.length) % 1024;
        return {
          deviceId,
          cell: c + 1,
          values: pool.subarray(r * F, (r + 1) * F),
          health: { sensorFault: null, gapS: 1 },
        };
      }),
  };
  const engine = new RiskEngine({ modelPath, spec, tracker, autoStart: false, host: { activeRules: () => [] } });
  await engine.ready;
  const reading = (deviceId: string, tDevMs: number): CellReading[] => [
    {
      deviceId,
      cell: 1,
      seq: tDevMs / 1000,
      tDevMs,
      tHostMs: Date.now(),
      voltageV: 3.7,
      tempC: 25,
      currentA: 1,
      ambientC: 23,
      humidityPct: 40,
      socPct: 50,
      socEstimated: false,
    },
  ];
  const engineTimes = await timed(async () => {
    tick++;
    for (let d = 0; d < devices; d++) engine.onReadings(reading(`BENCH-${d}`, tick * 1000));
    await engine.runOnce();
  }, 1500);
  await engine.close();
  const engineRows = devices * cells;
  const engineRate = (engineTimes.length * engineRows) / (engineTimes.reduce((a, b) => a + b, 0) / 1000);
  const raw64 = figures.find((f) => f.label.endsWith('batches of 64'))!.value;
  figures.push({
    label: `engine cell-predictions/s, ${engineRows} cells per run (incl. drivers by occlusion)`,
    value: engineRate,
    unit: 'predictions/s',
    baseline: { label: 'bare batches of 64', value: raw64 },
    target: `≥ ${engineRows}/s (every cell once a second)`,
    ok: engineRate >= engineRows,
  });
  figures.push({
    label: `engine p99 time of one run of ${engineRows} cells`,
    value: percentile(engineTimes, 99),
    unit: 'ms',
    baseline: {
      label: 'p99 of a bare batch of 64',
      value: figures.find((f) => f.label.endsWith('batch of 64'))!.value,
    },
  });

  const mb = statSync(modelPath).size / (1024 * 1024);
  figures.push({
    label: `model file size (${card.modelVersion})`,
    value: mb,
    unit: 'MB',
    baseline: { label: 'budget', value: SIZE_LIMIT_MB },
    target: `≤ ${SIZE_LIMIT_MB} MB`,
    ok: mb <= SIZE_LIMIT_MB,
  });
  return figures;
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  void runPredictBench().then((fs) => {
    for (const f of fs)
      console.log(
        `${f.label}: ${f.value.toPrecision(4)} ${f.unit}` +
          (f.baseline ? ` (${f.baseline.label}: ${f.baseline.value.toPrecision(4)})` : '') +
          (f.target ? ` [target ${f.target}: ${f.ok ? 'met' : 'NOT met'}]` : ''),
      );
  });
}
