/**
 * The whole risk-model pipeline on a small dataset (issue 6): dataset (TypeScript, through the station's
 * protocol and feature code) → LightGBM training and calibration → ONNX export with its parity gate →
 * evaluation, all into a temporary directory so the shipped model is never touched.
 *
 * Needs the Python toolchain in models/.venv (`bash .ci/setup-extra`). Under CI=true a missing venv
 * fails; elsewhere the test is skipped with a loud message.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FEATURE_COUNT, FEATURE_NAMES, FEATURE_SET_VERSION } from '../native-bridge/features/feature-spec.js';
import { RISK_CLASSES } from '../tools/dataset/risk-labels.js';

const ROOT = resolve(import.meta.dirname, '..');
const PY = process.env.RISK_PYTHON ?? join(ROOT, 'models/.venv/bin/python');
const HAVE_PY = existsSync(PY);
const CI = process.env.CI === 'true' || process.env.CI === '1';

if (!HAVE_PY && !CI) {
  console.warn(
    `\n*** models/pipeline.smoke.test.ts SKIPPED: no Python toolchain at ${PY}. Run \`bash .ci/setup-extra\`. ***\n`,
  );
}

function sh(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

describe.skipIf(!HAVE_PY && !CI)('risk model pipeline (small)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'risk-smoke-'));
  const data = join(dir, 'data');
  const out = join(dir, 'model');
  const shipped = join(ROOT, 'models/risk-model.onnx');
  const shippedMtime = existsSync(shipped) ? statSync(shipped).mtimeMs : null;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has the Python toolchain', () => {
    expect(existsSync(PY), `no Python at ${PY}: run \`bash .ci/setup-extra\``).toBe(true);
  });

  // Minutes on a loaded 2-core machine: dataset ≈ 30 s, a capped training, threshold tuning, evaluation.
  it('runs dataset → train → export → eval and writes a model that keeps the interface', { timeout: 480_000 }, () => {
    sh('npx', ['tsx', 'tools/dataset/dataset.ts', '--small', '--out', data]);
    const manifest = JSON.parse(readFileSync(join(data, 'manifest.json'), 'utf8'));
    expect(manifest.featureNames).toEqual(FEATURE_NAMES);
    expect(manifest.rows).toBeGreaterThan(10_000);
    const splits = new Set(manifest.runs.map((r: { split: string }) => r.split));
    expect([...splits].sort()).toEqual(['test', 'train', 'val']);

    sh(PY, [
      'models/train.py',
      '--data',
      data,
      '--out',
      out,
      '--rounds',
      '60',
      '--patience',
      '15',
      '--max-calm-rows',
      '60000',
    ]);
    sh(PY, ['models/evaluate.py', '--data', data, '--model-dir', out]);

    const onnxPath = join(out, 'risk-model.onnx');
    expect(statSync(onnxPath).size).toBeLessThanOrEqual(2_000_000);
    const card = JSON.parse(readFileSync(join(out, 'risk-model.card.json'), 'utf8'));
    expect(card.featureSetVersion).toBe(FEATURE_SET_VERSION);
    expect(card.classes).toEqual([...RISK_CLASSES]);
    expect(card.input.name).toBe('input');
    expect(card.outputs).toMatchObject({ label: 'label', probabilities: 'probabilities' });
    expect(card.onsetBins).toEqual(manifest.onsetBins);
    for (const k of ['runaway', 'alarm', 'warning', 'watch']) {
      expect(card.decision.thresholds[k]).toBeGreaterThan(0);
      expect(card.decision.thresholds[k]).toBeLessThanOrEqual(1);
    }
    // The hysteresis hold the station reads from the card, and the evaluation counted episodes with.
    expect(card.decision.holdS).toBeGreaterThan(0);
    expect(card.features.map((f: { name: string }) => f.name)).toEqual(FEATURE_NAMES);
    for (const f of card.features) for (const k of ['name', 'unit', 'doc', 'min', 'max']) expect(f).toHaveProperty(k);
    expect(card.trainingData.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(card.metrics.onnxParity.maxAbsProbDiff).toBeLessThan(1e-5);
    expect(typeof card.labelDefinition).toBe('string');
    expect(typeof card.metrics.test.macroF1Model).toBe('number');
    expect(typeof card.metrics.test.runawayWithin3sStation).toBe('number');

    const parity = JSON.parse(readFileSync(join(out, 'risk-model.parity.json'), 'utf8'));
    expect(parity.features.length).toBeGreaterThan(50);
    expect(parity.features.length).toBe(parity.probabilities.length);
    expect(parity.classes).toHaveLength(parity.features.length);
    expect(parity.probabilities[0]).toHaveLength(card.onsetBins.length);
    expect(parity.features[0]).toHaveLength(FEATURE_COUNT);
    for (const p of parity.probabilities) expect(p.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 5);

    const report = JSON.parse(readFileSync(join(out, 'eval-report.json'), 'utf8'));
    expect(report.hysteresisHoldS).toBe(card.decision.holdS);
    expect(report.modelView.confusion).toHaveLength(5);
    expect(report.falseAlarms.all.model).toHaveProperty('ci95');
    expect(existsSync(join(out, 'eval-report.md'))).toBe(true);
    expect(existsSync(shipped) ? statSync(shipped).mtimeMs : null).toBe(shippedMtime);
  });
});
