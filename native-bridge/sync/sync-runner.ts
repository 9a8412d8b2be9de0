/**
 * Runs the sync engine off the station's thread: spawns sync-worker.ts and relays its status. In a
 * source checkout (tests, `tsx`) the worker is TypeScript and registers tsx before importing it; in
 * the built desktop app it is the bundle's own `sync-worker.js` beside the core host.
 * `inProcess` runs the same engine on the calling thread (tests that want to step through it).
 */
import type { SyncStatus } from '../contract/index.js';
import { openSecondConnection } from '../store/database.js';
import { startModuleWorker } from '../store/module-worker.js';
import { SyncEngine, type SyncEngineConfig, type SyncEngineOptions } from './sync-engine.js';

export type EngineStatus = Omit<SyncStatus, 'enabled' | 'database' | 'stationId'>;

/** What crosses into the worker: plain data only (no callbacks). */
export interface WorkerData {
  dbPath: string;
  nativeBinding?: string;
  config: SyncEngineConfig;
  options: Omit<SyncEngineOptions, 'onBatch' | 'backoff'> & { backoff?: { baseMs?: number; maxMs?: number } };
  trace: boolean;
}

export type WorkerMessage =
  | { type: 'status'; status: EngineStatus }
  | { type: 'batch'; phase: 'sending' | 'sent'; stream: string; docs: number }
  | { type: 'stopped' }
  | { type: 'failed'; message: string };

export interface SyncRunner {
  stop(): Promise<void>;
}

export interface RunnerHooks {
  onStatus(s: EngineStatus): void;
  onFailed(message: string): void;
  onBatch?: (phase: 'sending' | 'sent', stream: string, docs: number) => void;
}

export function startWorkerRunner(data: WorkerData, hooks: RunnerHooks): SyncRunner {
  const worker = startModuleWorker(import.meta.url, 'sync-worker', data);
  let stopped: (() => void) | null = null;
  let stopping = false;
  let reported = false;
  const fail = (message: string) => {
    if (reported) return;
    reported = true;
    hooks.onFailed(message);
  };
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      // A worker that ends unasked (a native crash, an exit in a dependency) sends no message of its
      // own: without this the status would keep its last word forever.
      if (!stopping) fail(`the worker thread ended (exit code ${code})`);
      resolve();
    }),
  );
  worker.on('message', (m: WorkerMessage) => {
    if (m.type === 'status') hooks.onStatus(m.status);
    else if (m.type === 'batch') hooks.onBatch?.(m.phase, m.stream, m.docs);
    else if (m.type === 'failed') fail(m.message);
    else if (m.type === 'stopped') stopped?.();
  });
  worker.on('error', (e) => fail(e.message));
  return {
    async stop() {
      stopping = true;
      const done = new Promise<void>((resolve) => (stopped = resolve));
      worker.postMessage({ type: 'stop' });
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5000).unref());
      await Promise.race([done, exited, timeout]);
      await worker.terminate();
    },
  };
}

export function startInProcessRunner(data: WorkerData, hooks: RunnerHooks): SyncRunner {
  const db = openSecondConnection(data.dbPath, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {});
  const engine = new SyncEngine(db, data.config, hooks.onStatus, {
    ...data.options,
    ...(hooks.onBatch ? { onBatch: hooks.onBatch } : {}),
  });
  engine.start();
  return {
    async stop() {
      await engine.stop();
      db.close();
    },
  };
}
