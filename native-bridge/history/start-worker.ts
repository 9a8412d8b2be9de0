/**
 * Starts a worker thread from a module beside this one, in every way the station runs: the built
 * desktop app (the bundle holds a `.js` of the worker, beside this chunk or one folder up) and the
 * TypeScript sources under tsx (`npm run serve`, the tests), where the worker registers tsx itself
 * before it loads the `.ts`.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export function startModuleWorker(name: string, workerData: unknown): Worker {
  for (const rel of [`./${name}.js`, `../${name}.js`]) {
    const js = new URL(rel, import.meta.url);
    if (js.protocol === 'file:' && existsSync(fileURLToPath(js)) && !import.meta.url.endsWith('.ts'))
      return new Worker(js, { workerData });
  }
  const ts = new URL(`./${name}.ts`, import.meta.url).href;
  const boot = `
const { register } = await import('tsx/esm/api');
register();
await import(${JSON.stringify(ts)});
`;
  return new Worker(boot, { eval: true, workerData });
}
