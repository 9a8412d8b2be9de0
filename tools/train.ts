/**
 * `npm run train`: dataset → training → ONNX export → evaluation, writing the shipped model into models/.
 * `npm run eval`: the evaluation alone, on the dataset the shipped card names (regenerated from its seed
 * if models/data is missing or differs: the dataset is deterministic, so its manifest hash must match).
 *
 * The full pipeline also writes one false-alarm set per fresh seed (FALSE_ALARM_SEEDS: held-out runs of
 * every scenario, <data>-fa-<seed>; seeds never used while developing the model), and runs the measured
 * traces beside the project (../shared/data/measured, tools/measured-eval.ts) through the station's
 * import and replay; both go into the evaluation report.
 *
 * Options: --small (smoke-test dataset, no false-alarm set), --out <dir> (model, card, report; default
 * models), --data <dir> (dataset; default models/data), --skip-dataset, --eval-only.
 * The Python side runs in models/.venv (created by .ci/setup-extra), or RISK_PYTHON if set.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
/**
 * Fresh false-alarm seeds: used only by the final evaluation, never while developing or tuning (71001–71005
 * were v2's, 73001–73005 v3's, 74001–74005 v4's, 75001–75005 SELF_HEAT's rules-alone measurement,
 * 76001–76005 v5's with the dataset through SafetyMonitor, 77001–77005 v6's, 79001–79005 v6.1's;
 * 78001–78005 and 80001–80005 are the station-as-served measurements'; development used 72001–72002).
 */
export const FALSE_ALARM_SEEDS = [81001, 81002, 81003, 81004, 81005];
export const VENV_PYTHON = join(ROOT, 'models/.venv/bin/python');

interface Args {
  small: boolean;
  out: string;
  data: string;
  skipDataset: boolean;
  evalOnly: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { small: false, out: 'models', data: 'models/data', skipDataset: false, evalOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    const val = () => argv[++i] ?? (() => { throw new Error(`${k} needs a value`); })(); // prettier-ignore
    if (k === '--small') a.small = true;
    else if (k === '--out') a.out = val();
    else if (k === '--data') a.data = val();
    else if (k === '--skip-dataset') a.skipDataset = true;
    else if (k === '--eval-only') a.evalOnly = true;
    else throw new Error(`unknown option ${k}`);
  }
  return a;
}

function run(cmd: string, args: string[]): void {
  console.log(`\n$ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args[0] ?? ''} failed (exit ${r.status ?? r.signal})`);
}

function python(): string {
  const py = process.env.RISK_PYTHON ?? VENV_PYTHON;
  if (!existsSync(py))
    throw new Error(
      `no Python toolchain at ${py}: run \`bash .ci/setup-extra\` (creates models/.venv from models/requirements.txt)`,
    );
  return py;
}

function manifestSha(dataDir: string): string | null {
  const p = join(ROOT, dataDir, 'manifest.json');
  return existsSync(p) ? createHash('sha256').update(readFileSync(p)).digest('hex') : null;
}

function featureNamesOf(dataDir: string): string {
  return JSON.parse(readFileSync(join(ROOT, dataDir, 'manifest.json'), 'utf8')).featureNames.join(',');
}

interface TrainingData {
  manifestSha256: string;
  files: Record<string, { sha256: string }>;
  countsByClass: number[];
}

/**
 * The dataset the model was trained on, or one with the same inputs and labels: the features byte for
 * byte and the same rows per class. rows.csv also holds what the evaluation reads beside them (the rules'
 * class and codes, the envelope), and a change to the rules rewrites those without touching the model's
 * inputs, so the evaluation may run on it without retraining.
 */
function sameModelInputs(dataDir: string, td: TrainingData): boolean {
  if (manifestSha(dataDir) === td.manifestSha256) return true;
  if (manifestSha(dataDir) === null) return false;
  const m = JSON.parse(readFileSync(join(ROOT, dataDir, 'manifest.json'), 'utf8'));
  return (
    m.files?.['features.f32']?.sha256 === td.files['features.f32']?.sha256 &&
    JSON.stringify(m.counts?.byClass) === JSON.stringify(td.countsByClass)
  );
}

function main() {
  const a = parseArgs(process.argv.slice(2));
  const py = python();
  const t0 = performance.now();
  const datasetArgs = ['tsx', 'tools/dataset/dataset.ts', '--out', a.data, ...(a.small ? ['--small'] : [])];
  const faDirs = a.small ? [] : FALSE_ALARM_SEEDS.map((seed) => `${a.data}-fa-${seed}`);
  if (a.evalOnly) {
    const card = JSON.parse(readFileSync(join(ROOT, a.out, 'risk-model.card.json'), 'utf8'));
    const td: TrainingData = card.trainingData;
    if (!sameModelInputs(a.data, td)) {
      console.log(`dataset at ${a.data} is missing or is not the one the model was trained on: regenerating`);
      run('npx', [...datasetArgs, ...(card.trainingData.size === 'small' ? ['--small'] : [])]);
      if (!sameModelInputs(a.data, td))
        throw new Error(
          `regenerated dataset has other features or labels than the card's (${td.manifestSha256}): code changed since, retrain`,
        );
    }
    // The false-alarm sets must have the model's features too (they are not named in the card).
    const names = card.features.map((f: { name: string }) => f.name).join(',');
    for (const d of faDirs)
      if (manifestSha(d) !== null && featureNamesOf(d) !== names) rmSync(join(ROOT, d, 'manifest.json'));
  } else {
    if (!a.skipDataset || manifestSha(a.data) === null) run('npx', datasetArgs);
    run(py, ['models/train.py', '--data', a.data, '--out', a.out]);
  }
  FALSE_ALARM_SEEDS.forEach((seed, i) => {
    const d = faDirs[i];
    if (d !== undefined && (manifestSha(d) === null || (!a.skipDataset && !a.evalOnly)))
      run('npx', ['tsx', 'tools/dataset/dataset.ts', '--false-alarm', '--seed', String(seed), '--out', d]);
  });
  const measured = join(ROOT, a.out, 'eval-measured.json');
  run('npx', ['tsx', 'tools/measured-eval.ts', '--model', join(ROOT, a.out, 'risk-model.onnx'), '--out', measured]);
  run(py, [
    'models/evaluate.py',
    '--data',
    a.data,
    '--model-dir',
    a.out,
    '--measured',
    measured,
    ...(faDirs.length ? ['--fa-data', ...faDirs] : []),
  ]);
  console.log(`\n${a.evalOnly ? 'eval' : 'train'}: done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

try {
  main();
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
