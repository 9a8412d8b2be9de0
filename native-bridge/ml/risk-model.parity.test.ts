/**
 * Parity: onnxruntime-node, as the station runs it, gives the probabilities the training library gave
 * on the same fixed feature rows (models/risk-model.parity.json, written by the training pipeline), to
 * 1e-5, and the station's decision (ml/risk-decision.ts, thresholds read from the card) gives every row
 * the class the training side's decision gave it. Also the shipped model's card fits the station's
 * feature code and the file stays within 2 MB.
 * Without the shipped model the test is skipped with its reason, and fails under CI=true (testing/shipped-model.ts).
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES, FEATURE_SET_VERSION } from '../features/feature-spec.js';
import { cardPathFor, loadModelCard } from './model-files.js';
import { OnnxRiskBackend } from './onnx-backend.js';
import { decideClass, decisionOf, timeToRunaway } from './risk-decision.js';
import { requireShippedModel } from '../../testing/shipped-model.js';

const MODELS = fileURLToPath(new URL('../../models/', import.meta.url));
const MODEL = join(MODELS, 'risk-model.onnx');
const PARITY = join(MODELS, 'risk-model.parity.json');

export const PARITY_TOLERANCE = 1e-5;

describe('shipped risk model', () => {
  it('matches the training library’s probabilities to 1e-5 in onnxruntime-node', async (ctx) => {
    requireShippedModel(ctx, [MODEL, PARITY]);
    const card = loadModelCard(cardPathFor(MODEL), { version: FEATURE_SET_VERSION, names: FEATURE_NAMES });
    const parity = JSON.parse(readFileSync(PARITY, 'utf8')) as {
      features: (number | null)[][];
      probabilities: number[][];
      classes: number[];
      /** [median, low, high] s, null = none (v6.2 on). */
      timeToOnset?: (number | null)[][];
    };
    const F = FEATURE_NAMES.length;
    const rows = parity.features.length;
    expect(rows).toBeGreaterThan(0);
    expect(parity.probabilities).toHaveLength(rows);
    const input = new Float32Array(rows * F);
    parity.features.forEach((row, i) => {
      expect(row).toHaveLength(F);
      // JSON has no NaN: the training side writes missing features as null.
      row.forEach((v, j) => (input[i * F + j] = v === null ? Number.NaN : v));
    });
    const backend = await OnnxRiskBackend.load(MODEL, {
      inputName: card.input.name,
      labelOutput: card.outputs.label,
      probabilitiesOutput: card.outputs.probabilities,
      featureCount: F,
      probabilityCount: card.onsetBins.length,
    });
    const out = await backend.run(input, rows);
    await backend.dispose();
    const B = card.onsetBins.length;
    let maxDiff = 0;
    for (let i = 0; i < rows; i++)
      for (let k = 0; k < B; k++)
        maxDiff = Math.max(maxDiff, Math.abs(out.probabilities[i * B + k]! - parity.probabilities[i]![k]!));
    const decision = decisionOf(card);
    const classes = parity.features.map((_, i) => decideClass(decision, out.probabilities, i * B));
    expect(classes).toEqual(parity.classes);
    // The rows are of every bin: the decision is exercised above Normal, not only at it.
    expect(new Set(classes).size).toBeGreaterThanOrEqual(4);
    // The time to runaway with the card's interval spread, as the training side computed it.
    if (parity.timeToOnset) {
      expect(parity.timeToOnset).toHaveLength(rows);
      let estimated = 0;
      parity.timeToOnset.forEach(([median, low, high], i) => {
        const t = timeToRunaway(decision, out.probabilities, i * B);
        expect(t === null, `row ${i}: estimate ${JSON.stringify(t)} against median ${median}`).toBe(median === null);
        if (t === null || median === null) return;
        estimated++;
        // The station rounds to the second.
        expect(Math.abs(t.medianS - median!), `row ${i} median`).toBeLessThanOrEqual(0.51);
        expect(Math.abs(t.lowS - (low ?? 0)), `row ${i} low`).toBeLessThanOrEqual(0.51);
        if (high === null || high === undefined) expect(t.highS, `row ${i} high`).toBeNull();
        else expect(Math.abs(t.highS! - high), `row ${i} high`).toBeLessThanOrEqual(0.51);
      });
      expect(estimated).toBeGreaterThan(10);
    } else expect(decision.intervalSpread, 'a card with a spread has parity rows for it').toBe(1);
    console.log(`parity: ${rows} rows, max |Δp| = ${maxDiff.toExponential(2)} (model ${card.modelVersion})`);
    expect(maxDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
    expect(statSync(MODEL).size).toBeLessThanOrEqual(2 * 1024 * 1024);
  });
});
