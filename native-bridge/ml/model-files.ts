/**
 * Finding and loading the shipped risk model: the ONNX file, its model card beside it, and the checks
 * that the two fit the station's feature code before a single prediction is made. A model trained on
 * another feature set would read every column wrong and still answer with confidence, so a mismatch is
 * a load failure, not a warning.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modelCardSchema, RISK_CLASSES, type ModelCard } from '../contract/ml-methods.js';

export const MODEL_FILE = 'risk-model.onnx';

export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
}

export function cardPathFor(modelPath: string): string {
  return modelPath.replace(/\.onnx$/i, '') + '.card.json';
}

/** The repository root: the nearest folder above `from` with a package.json and a models/ folder. */
function repoRoot(from: string): string | null {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'models'))) return dir;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/**
 * `STATION_MODEL_PATH` when set; in a packaged Electron app `<resources>/models/` (electron-builder's
 * extraResources, outside the asar so onnxruntime can open it by path); otherwise `models/` of the
 * checkout, found from this file (tsx) or from the bundle in out/main (electron-vite).
 */
export function defaultModelPath(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.STATION_MODEL_PATH?.trim();
  if (explicit) return resolve(explicit);
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  const packaged = resources ? join(resources, 'models', MODEL_FILE) : null;
  if (packaged && existsSync(packaged)) return packaged;
  const here = dirname(fileURLToPath(import.meta.url));
  const root = repoRoot(here) ?? repoRoot(process.cwd());
  if (root) return join(root, 'models', MODEL_FILE);
  return packaged ?? resolve('models', MODEL_FILE);
}

export interface FeatureSetSpec {
  version: string;
  names: readonly string[];
}

/** Reads and checks the model card against the station's feature set. */
export function loadModelCard(cardPath: string, spec: FeatureSetSpec): ModelCard {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(cardPath, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new ModelLoadError(
      err.code === 'ENOENT'
        ? `model card ${cardPath} is missing`
        : `model card ${cardPath} cannot be read: ${err.message}`,
    );
  }
  const parsed = modelCardSchema.safeParse(raw);
  if (!parsed.success)
    throw new ModelLoadError(
      `model card ${cardPath} is not valid: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || 'card'}: ${i.message}`)
        .join('; ')}`,
    );
  const card = parsed.data;
  if (card.featureSetVersion !== spec.version)
    throw new ModelLoadError(
      `model ${card.modelVersion} was trained on feature set ${card.featureSetVersion}, the station computes ${spec.version}: retrain or update the station`,
    );
  const names = card.features.map((f) => f.name);
  if (names.length !== spec.names.length || names.some((n, i) => n !== spec.names[i]))
    throw new ModelLoadError(
      `model card ${cardPath} lists ${names.length} features that do not match the station's ${spec.names.length} (${spec.version}) in name and order`,
    );
  if (card.classes.some((c, i) => c !== RISK_CLASSES[i]))
    throw new ModelLoadError(`model card classes ${card.classes.join(', ')} are not ${RISK_CLASSES.join(', ')}`);
  return card;
}

export function fileBytes(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}
