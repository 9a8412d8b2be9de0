/**
 * `npm run dataset`: simulates the scenario set (tools/dataset/run-plan.ts) through the
 * station's own protocol, SOC and feature code, and writes the risk model's training data:
 *
 *   <out>/features.f32   float32 little-endian, rows × FEATURE_COUNT, FEATURE_NAMES order (NaN = missing)
 *   <out>/rows.csv       one line per row: run_id, scenario, split, cell, t_s, label, time_to_onset_s,
 *                        pre_trigger (1: before the abuse began, labelled from a later onset), rule_class
 *                        (the class the station's safety rules hold the cell at), cap (the highest class
 *                        the model may show on its own: ml/escalation-gate.ts), sensor_fault (0/1), rule_codes
 *                        (the safety findings that hold: safety/cell-safety.ts CODE_BIT, a bit mask),
 *                        outside_envelope (0: the cell is inside its safe operating envelope by the
 *                        simulator's truth, else simulate-run.ts ENVELOPE_BIT: hot, over-, under-voltage)
 *   <out>/manifest.json  seeds, run specs and onsets, counts per class / scenario / split, sha256 of the files
 *   <out>/dataset.csv    (with --csv) rows.csv and the features in one file, for a look with other tools
 *
 * Features are binary because a full dataset is millions of rows: as CSV it would be ~1 GB to write and parse.
 * Options: --small (smoke-test size), --false-alarm (held-out runs of every scenario, for the false-alarm
 * rate over every cell that did not run away), --out <dir> (default models/data), --seed <n>,
 * --workers <n>, --csv, --heat-source (append the heat-source columns, features/heat-source.ts; fs-3h).
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FEATURE_SET_VERSION, FEATURE_SPEC } from '../../native-bridge/features/feature-spec.js';
import { BIN_CLASS, HORIZON_S, LABEL_DEFINITION, ONSET_BINS_S, RISK_CLASSES } from './risk-labels.js';
import { planRuns, type DatasetSize, type RunSpec } from './run-plan.js';
import type { RunRows } from './simulate-run.js';
import {
  FEATURE_SPEC_WITH_HEAT_SOURCE,
  HEAT_SOURCE_FEATURE_SET_VERSION,
} from '../../native-bridge/features/heat-source.js';

interface Args {
  size: DatasetSize;
  out: string;
  seed: number;
  workers: number;
  csv: boolean;
  /** Append the heat-source columns (features/heat-source.ts): the v7 experiment's feature set, fs-3h. */
  heatSource: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { size: 'full', out: 'models/data', seed: 20240601, workers: Math.min(2, cpus().length), csv: false, heatSource: false }; // prettier-ignore
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${k} needs a value`);
      return v;
    };
    if (k === '--small') a.size = 'small';
    else if (k === '--false-alarm') a.size = 'false-alarm';
    else if (k === '--out') a.out = val();
    else if (k === '--seed') a.seed = Number(val());
    else if (k === '--workers') a.workers = Math.max(1, Number(val()));
    else if (k === '--csv') a.csv = true;
    else if (k === '--heat-source') a.heatSource = true;
    else
      throw new Error(
        `unknown option ${k} (use --small, --false-alarm, --out <dir>, --seed <n>, --workers <n>, --csv, --heat-source)`,
      );
  }
  return a;
}

async function sha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

function write(ws: WriteStream, data: string | Uint8Array): Promise<void> {
  return new Promise((res, rej) => ws.write(data, (e) => (e ? rej(e) : res())));
}

function fmt(x: number): string {
  if (Number.isNaN(x)) return '';
  return Number.isInteger(x) ? String(x) : x.toPrecision(7);
}

function eta(done: number, total: number, startMs: number): string {
  if (done === 0) return '?';
  const s = ((performance.now() - startMs) / 1000 / done) * (total - done);
  return s < 90 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(1)} min`;
}

/** Node 20 workers ignore the parent's tsx loader: register it inside the worker, then load the TypeScript. */
const WORKER_BOOT = `
const { register } = await import('tsx/esm/api');
register();
await import(${JSON.stringify(new URL('./dataset-worker.ts', import.meta.url).href)});
`;

/** Runs the plan on `workers` threads; resolves run results in plan order so the files are reproducible. */
function runAll(
  runs: RunSpec[],
  workers: number,
  heatSource: boolean,
  onRun: (r: RunRows) => Promise<void>,
): Promise<void> {
  return new Promise((resolveAll, reject) => {
    const pending = new Map<number, RunRows>();
    let next = 0;
    let nextToWrite = 0;
    let writing = Promise.resolve();
    let live = 0;
    const pool: Worker[] = [];
    const flush = () => {
      while (pending.has(nextToWrite)) {
        const r = pending.get(nextToWrite)!;
        pending.delete(nextToWrite);
        nextToWrite++;
        writing = writing.then(() => onRun(r));
      }
      if (nextToWrite === runs.length) {
        writing.then(() => {
          for (const w of pool) void w.terminate();
          resolveAll();
        }, reject);
      }
    };
    const feed = (w: Worker) => {
      if (next < runs.length) w.postMessage(runs[next++]);
    };
    for (let k = 0; k < Math.min(workers, runs.length); k++) {
      const w = new Worker(WORKER_BOOT, { eval: true, workerData: { heatSource } });
      live++;
      pool.push(w);
      w.on('message', (r: RunRows) => {
        pending.set(r.spec.index, r);
        feed(w);
        flush();
      });
      w.on('error', (e) => {
        for (const p of pool) void p.terminate();
        reject(e);
      });
      w.on('exit', () => live--);
      feed(w);
    }
    if (runs.length === 0) resolveAll();
  });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const out = resolve(args.out);
  mkdirSync(out, { recursive: true });
  const runs = planRuns(args.seed, args.size);
  const spec = args.heatSource ? FEATURE_SPEC_WITH_HEAT_SOURCE : FEATURE_SPEC;
  const names = spec.map((f) => f.name);
  const width = spec.length;
  const featPath = join(out, 'features.f32');
  const rowsPath = join(out, 'rows.csv');
  const csvPath = join(out, 'dataset.csv');
  const featWs = createWriteStream(featPath);
  const rowsWs = createWriteStream(rowsPath);
  const csvWs = args.csv ? createWriteStream(csvPath) : null;
  const rowHeader =
    'run_id,scenario,split,cell,t_s,label,time_to_onset_s,pre_trigger,rule_class,cap,sensor_fault,rule_codes,outside_envelope';
  await write(rowsWs, rowHeader + '\n');
  if (csvWs) await write(csvWs, `${rowHeader},${names.join(',')}\n`);

  const byClass = RISK_CLASSES.map(() => 0);
  const byScenario: Record<string, number[]> = {};
  const bySplit: Record<string, number[]> = {};
  const runRecords: unknown[] = [];
  let total = 0;
  let done = 0;
  let simulatedS = 0;
  const t0 = performance.now();
  console.log(`dataset: ${runs.length} runs (${args.size}) on ${args.workers} worker(s) → ${out}`);

  await runAll(runs, args.workers, args.heatSource, async (r) => {
    const s = r.spec;
    const perClass = RISK_CLASSES.map(() => 0);
    let lines = '';
    let csvLines = '';
    for (let i = 0; i < r.rows; i++) {
      const lab = r.label[i]!;
      perClass[lab]!++;
      const head = `${s.id},${s.scenario},${s.split},${r.cell[i]},${r.tS[i]},${lab},${fmt(r.timeToOnsetS[i]!)},${r.preTrigger[i]},${r.ruleClass[i]},${r.cap[i]},${r.sensorFault[i]},${r.ruleCodes[i]},${r.outsideEnvelope[i]}`;
      lines += head + '\n';
      if (csvWs) {
        const f = r.features.subarray(i * width, (i + 1) * width);
        csvLines += `${head},${Array.from(f, fmt).join(',')}\n`;
      }
    }
    await write(featWs, new Uint8Array(r.features.buffer, r.features.byteOffset, r.features.byteLength));
    await write(rowsWs, lines);
    if (csvWs) await write(csvWs, csvLines);
    (byScenario[s.scenario] ??= RISK_CLASSES.map(() => 0)).forEach((_, k, a) => (a[k]! += perClass[k]!));
    (bySplit[s.split] ??= RISK_CLASSES.map(() => 0)).forEach((_, k, a) => (a[k]! += perClass[k]!));
    perClass.forEach((c, k) => (byClass[k]! += c));
    total += r.rows;
    simulatedS += r.simulatedS;
    runRecords.push({ ...s, rows: r.rows, rowOffset: total - r.rows, classCounts: perClass, onsets: r.onsets });
    done++;
    if (done % Math.max(1, Math.floor(runs.length / 40)) === 0 || done === runs.length) {
      const el = ((performance.now() - t0) / 1000).toFixed(0);
      console.log(`  runs ${done}/${runs.length}  rows ${total}  elapsed ${el} s  ETA ${eta(done, runs.length, t0)}`);
    }
  });
  await Promise.all([featWs, rowsWs, ...(csvWs ? [csvWs] : [])].map((w) => new Promise((res) => w.end(res))));

  const files: Record<string, { sha256: string; bytes: number }> = {};
  for (const p of [featPath, rowsPath, ...(csvWs ? [csvPath] : [])]) {
    const { size } = await import('node:fs').then((fs) => fs.statSync(p));
    files[p.slice(out.length + 1)] = { sha256: await sha256(p), bytes: size };
  }
  const manifest = {
    kind: 'ev-station-risk-dataset',
    featureSetVersion: args.heatSource ? HEAT_SOURCE_FEATURE_SET_VERSION : FEATURE_SET_VERSION,
    featureNames: names,
    featureSpec: spec,
    featureCount: width,
    featuresFile: { name: 'features.f32', dtype: 'float32-le', shape: [total, width] },
    classes: RISK_CLASSES,
    labelDefinition: LABEL_DEFINITION,
    onsetBins: ONSET_BINS_S.map(([lo, hi], b) => ({
      lowerS: Number.isFinite(lo) ? lo : null,
      upperS: Number.isFinite(hi) ? hi : null,
      riskClass: RISK_CLASSES[BIN_CLASS[b]!],
    })),
    horizonS: HORIZON_S,
    masterSeed: args.seed,
    size: args.size,
    sampleRateHz: 1,
    rows: total,
    simulatedS,
    counts: { byClass, byScenario, bySplit },
    runs: runRecords,
    files,
  };
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
  console.log(`dataset: ${total} rows, classes ${RISK_CLASSES.map((c, k) => `${c} ${byClass[k]}`).join(', ')}`);
  // Wall time stays out of the manifest: its sha256 names the dataset in the model card.
  console.log(`dataset: done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
