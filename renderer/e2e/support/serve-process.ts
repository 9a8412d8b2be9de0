/**
 * Runs `serve` (the headless station) as a child process for a test: on a free port, with the
 * test's own data folder, waiting for its "Station serving on <url>" line. Failures carry the
 * child's output, and stop() always ends the process (SIGTERM, then SIGKILL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { assertBuilt, REPO_ROOT, SERVE_BUNDLE, SERVE_SCRIPT } from './repo-paths.js';

const READY_LINE = /Station serving on (http:\/\/\S+)/;

export interface ServeHandle {
  url: string;
  pid: number;
  /** Everything the process printed so far (stdout and stderr, interleaved by arrival). */
  output(): string;
  stop(): Promise<void>;
}

export interface ServeOptions {
  env: Record<string, string>;
  readyTimeoutMs?: number;
  /** Run the bundle in out/main with plain node instead of the sources under tsx. */
  built?: boolean;
}

const running = new Set<ChildProcess>();
// A crashed or interrupted test run must not leave stations running.
process.once('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

export async function startServe({ env, readyTimeoutMs = 30_000, built = false }: ServeOptions): Promise<ServeHandle> {
  if (built) assertBuilt(SERVE_BUNDLE);
  // `node --import tsx` keeps the station in this one process (the tsx CLI would add a wrapper process).
  const args = built ? [SERVE_BUNDLE] : ['--import', 'tsx', SERVE_SCRIPT];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  let stdoutBuf = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (out += d));

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return void running.delete(child);
    child.kill('SIGTERM');
    const killed = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 5000)),
    ]);
    if (!killed) {
      child.kill('SIGKILL');
      await exited;
    }
    running.delete(child);
  };

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`serve did not print its URL within ${readyTimeoutMs / 1000} s.\n--- output ---\n${out}`)),
        readyTimeoutMs,
      );
      child.stdout.on('data', (d: string) => {
        out += d;
        stdoutBuf += d;
        const m = READY_LINE.exec(stdoutBuf);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`could not start serve: ${e.message}`));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`serve exited before it was ready (code ${code}, signal ${signal}).\n--- output ---\n${out}`));
      });
    });
    return { url, pid: child.pid!, output: () => out, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
