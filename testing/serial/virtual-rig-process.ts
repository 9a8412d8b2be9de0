/**
 * The firmware's virtual-rig (firmware/build/virtual-rig, built by `npm run test:firmware`) on a pty,
 * as the serial suites run it: started with their arguments, stopped after the test, its stderr kept
 * for their failure messages. A suite without the binary fails with CI=true and is skipped loudly
 * elsewhere, as one without socat is (pty-suite.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import type { TestCleanups } from '../test-cleanups.js';
import { describeWithSocat } from './pty-suite.js';

export const VIRTUAL_RIG = fileURLToPath(new URL('../../firmware/build/virtual-rig', import.meta.url));

export function describeWithVirtualRig(name: string, body: () => void): void {
  if (existsSync(VIRTUAL_RIG)) return describeWithSocat(name, body);
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('has firmware/build/virtual-rig (npm test builds it first)', () => {
        throw new Error(`${VIRTUAL_RIG} is missing: run npm run test:firmware before the unit tests`);
      });
    });
    return;
  }
  console.warn(`\n*** SKIPPING "${name}": ${VIRTUAL_RIG} is not built (npm run test:firmware) ***\n`);
  describe.skip(name, body);
}

export interface VirtualRig {
  process: ChildProcess;
  /** What the rig wrote to stderr so far. */
  stderr(): string;
}

/** Starts the rig on `devicePath`; it is sent SIGTERM (and awaited) after the current test. */
export function spawnVirtualRig(cleanups: TestCleanups, devicePath: string, args: readonly string[]): VirtualRig {
  const rig = spawn(VIRTUAL_RIG, ['--port', devicePath, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  rig.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  cleanups.defer(
    () =>
      new Promise<void>((done) => {
        if (rig.exitCode !== null) return done();
        rig.once('exit', () => done());
        rig.kill('SIGTERM');
      }),
  );
  return { process: rig, stderr: () => err };
}
