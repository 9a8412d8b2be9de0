/**
 * Forks testing/electron/node-core-host.ts — the real core host — as a Node child process, shaped as
 * the SpawnedCore the supervisor drives (Electron's UtilityProcess in the app). Exit codes follow the
 * shell's convention for a signal (128 + its number: 137 for SIGKILL), as utilityProcess reports them.
 */
import { fork } from 'node:child_process';
import { constants } from 'node:os';
import { join } from 'node:path';
import type { HostMessage } from '../../electron/ipc-channels.js';
import type { SpawnedCore } from '../../electron/main/core-supervisor.js';

const HOST = join(import.meta.dirname, 'node-core-host.ts');

export interface NodeCore extends SpawnedCore {
  readonly pid: number;
  /** Every message the host posted, in order. */
  readonly messages: HostMessage[];
  readonly exitCode: Promise<number>;
}

export function spawnNodeCore(env: NodeJS.ProcessEnv): NodeCore {
  const child = fork(HOST, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  // A send to a process that just died fails asynchronously; the supervisor learns of it from 'exit'.
  child.on('error', () => undefined);
  const messages: HostMessage[] = [];
  child.on('message', (m) => void messages.push(m as HostMessage));
  const exitCode = new Promise<number>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0))),
  );
  return {
    pid: child.pid!,
    messages,
    exitCode,
    postMessage: (m) => void child.send(m),
    on(event: 'message' | 'exit', listener: (arg: never) => void) {
      if (event === 'message') child.on('message', listener as (m: unknown) => void);
      else void exitCode.then(listener as (code: number) => void);
      return this;
    },
    kill: () => child.kill('SIGKILL'),
  } as NodeCore;
}
