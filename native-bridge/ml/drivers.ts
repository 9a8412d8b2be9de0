/**
 * The main drivers of a prediction, by occlusion: each feature of the row is set in turn to its
 * typical training value and the row is scored again; the features whose replacement lowers the
 * predicted class's probability most are what pushed the model there. Occlusion uses the model
 * itself (a median-deviation heuristic would call a hot but harmless ambient a driver), needs
 * nothing but the ONNX model, and all copies go through in the same batched run: F extra rows per
 * explained row, so only the newest row of each cell is explained (those are what the UI shows).
 *
 * The typical value of a feature is the card's `median` when the card has one, else the median of the
 * parity feature file shipped beside the model, else the middle of the training range.
 */
import type { ModelCard, RiskDriver } from '../contract/ml-methods.js';

export function referenceValues(card: ModelCard, paritySample: readonly (readonly number[])[] | null): Float32Array {
  const ref = new Float32Array(card.features.length);
  card.features.forEach((f, j) => {
    const median = (f as { median?: unknown }).median;
    if (typeof median === 'number' && Number.isFinite(median)) {
      ref[j] = median;
      return;
    }
    const col = (paritySample ?? [])
      .map((row) => row[j])
      .filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
      .sort((a, b) => a - b);
    ref[j] = col.length > 0 ? col[Math.floor(col.length / 2)]! : (f.min + f.max) / 2;
  });
  return ref;
}

/** Copies of `rows` of `input` with one feature each replaced by its reference: row-major [rows·F, F]. */
export function occlusionBatch(
  input: Float32Array,
  featureCount: number,
  rows: readonly number[],
  reference: Float32Array,
): Float32Array {
  const F = featureCount;
  const out = new Float32Array(rows.length * F * F);
  rows.forEach((r, k) => {
    const src = input.subarray(r * F, (r + 1) * F);
    for (let j = 0; j < F; j++) {
      const at = (k * F + j) * F;
      out.set(src, at);
      out[at + j] = reference[j]!;
    }
  });
  return out;
}

/**
 * Drivers of one explained row: `baseProb` is the row's probability of class `cls`, `occProbs` the
 * occlusion run's probabilities (row-major, 5 per row), `k` the row's position among the explained rows.
 */
export function driversOf(
  k: number,
  cls: number,
  baseProb: number,
  occProbs: Float32Array,
  values: ArrayLike<number>,
  features: readonly { name: string; unit: string }[],
  reference: Float32Array,
  top = 3,
): RiskDriver[] {
  const F = features.length;
  const out: RiskDriver[] = [];
  for (let j = 0; j < F; j++) {
    if (values[j] === reference[j]) continue;
    const effect = baseProb - occProbs[(k * F + j) * 5 + cls]!;
    if (effect > 1e-4)
      out.push({
        feature: features[j]!.name,
        unit: features[j]!.unit,
        value: Number.isNaN(values[j]!) ? null : round4(values[j]!),
        effect: round4(effect),
      });
  }
  return out.sort((a, b) => b.effect - a.effect).slice(0, top);
}

const round4 = (v: number) => Math.round(v * 1e4) / 1e4;
