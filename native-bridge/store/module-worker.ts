/**
 * Starts a worker thread from a module beside the caller's (`base`: its import.meta.url), in every way
 * the station runs: the built desktop app (the bundle holds a `.js` of the worker, beside the caller's
 * chunk or one folder up) and the TypeScript sources under tsx (`npm run serve`, the tests), where the
 * worker registers tsx itself before it loads the `.ts`. The CSV import's and the sync's workers both
 * open their own SQLite connection, which is why this sits in store/, below both.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export function startModuleWorker(base: string, name: string, workerData: unknown): Worker {
  for (const rel of [`./${name}.js`, `../${name}.js`]) {
    const js = new URL(rel, base);
    if (js.protocol === 'file:' && existsSync(fileURLToPath(js)) && !base.endsWith('.ts'))
      return new Worker(js, { workerData });
  }
  const ts = new URL(`./${name}.ts`, base).href;
  const boot = `
const { register } = await import('tsx/esm/api');
register();
await import(${JSON.stringify(ts)});
`;
  return new Worker(boot, { eval: true, workerData });
}
