/**
 * The risk model behind a small interface, so the engine can be tested with a double and the real
 * onnxruntime-node InferenceSession is used everywhere else (parity, integration, bench). One float32 input
 * [N, features]; outputs `label` (int64 [N]) and `probabilities` (float32 [N, one per onset bin]).
 *
 * onnxruntime-node runs an InferenceSession synchronously on the JavaScript thread (its `run` only defers the
 * call with setImmediate), so the engine keeps each batch bounded; one or two intra-op threads are
 * plenty for a tree ensemble and leave the station's other work its cores.
 */
import type * as Ort from 'onnxruntime-node';
import type { ModelCard } from '../contract/ml-methods.js';
import { ModelLoadError } from './model-files.js';

export interface RiskBatchResult {
  labels: Int32Array;
  /** Row-major [rows, probability count]. */
  probabilities: Float32Array;
}

export interface RiskBackend {
  readonly featureCount: number;
  run(input: Float32Array, rows: number): Promise<RiskBatchResult>;
  dispose(): Promise<void>;
}

export interface OnnxBackendOptions {
  inputName: string;
  labelOutput: string;
  probabilitiesOutput: string;
  featureCount: number;
  /** Width of the probabilities output: one per onset bin of the card (default 5). */
  probabilityCount?: number;
  intraOpThreads?: number;
}

/** The session options a model card asks for: its input, outputs and one probability per onset bin. */
export function onnxOptionsFor(card: ModelCard, featureCount: number, intraOpThreads = 1): OnnxBackendOptions {
  return {
    inputName: card.input.name,
    labelOutput: card.outputs.label,
    probabilitiesOutput: card.outputs.probabilities,
    featureCount,
    probabilityCount: card.onsetBins.length,
    intraOpThreads,
  };
}

export class OnnxRiskBackend implements RiskBackend {
  private constructor(
    private readonly ort: typeof Ort,
    private readonly inference: Ort.InferenceSession,
    private readonly o: OnnxBackendOptions,
  ) {}

  get featureCount(): number {
    return this.o.featureCount;
  }

  static async load(modelPath: string, o: OnnxBackendOptions): Promise<OnnxRiskBackend> {
    // Loaded here, not at the top: the runtime's module and native library are only needed once a
    // model is opened, and importing them with the station's modules cost 85–150 ms of start-up.
    let ort: typeof Ort;
    let inference: Ort.InferenceSession;
    try {
      ort = await import('onnxruntime-node');
      inference = await ort.InferenceSession.create(modelPath, {
        executionProviders: ['cpu'],
        intraOpNumThreads: o.intraOpThreads ?? 1,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
      });
    } catch (e) {
      throw new ModelLoadError(`model file ${modelPath} cannot be loaded: ${(e as Error).message}`);
    }
    const fail = async (msg: string): Promise<never> => {
      await inference.release().catch(() => undefined);
      throw new ModelLoadError(`model file ${modelPath}: ${msg}`);
    };
    if (inference.inputNames.length !== 1 || inference.inputNames[0] !== o.inputName)
      await fail(`expected one input "${o.inputName}", found ${inference.inputNames.join(', ') || 'none'}`);
    for (const out of [o.labelOutput, o.probabilitiesOutput])
      if (!inference.outputNames.includes(out))
        await fail(`output "${out}" missing (outputs: ${inference.outputNames.join(', ')})`);
    const meta = inference.inputMetadata[0];
    if (meta?.isTensor) {
      const width = meta.shape[1];
      if (meta.type !== 'float32') await fail(`input is ${meta.type}, expected float32`);
      if (meta.shape.length !== 2 || (typeof width === 'number' && width !== o.featureCount))
        await fail(`input shape [${meta.shape.join(', ')}] does not take ${o.featureCount} features per row`);
    }
    return new OnnxRiskBackend(ort, inference, o);
  }

  async run(input: Float32Array, rows: number): Promise<RiskBatchResult> {
    const x = new this.ort.Tensor('float32', input.subarray(0, rows * this.o.featureCount), [
      rows,
      this.o.featureCount,
    ]);
    const out = await this.inference.run({ [this.o.inputName]: x }, [this.o.labelOutput, this.o.probabilitiesOutput]);
    const labelData = out[this.o.labelOutput]!.data as BigInt64Array | Int32Array;
    const labels = new Int32Array(rows);
    for (let i = 0; i < rows; i++) labels[i] = Number(labelData[i]);
    const probs = out[this.o.probabilitiesOutput]!;
    const width = this.o.probabilityCount ?? 5;
    if (probs.dims.length !== 2 || probs.dims[1] !== width)
      throw new Error(`probabilities have shape [${probs.dims.join(', ')}], expected [${rows}, ${width}]`);
    return { labels, probabilities: probs.data as Float32Array };
  }

  async dispose(): Promise<void> {
    await this.inference.release();
  }
}
