/**
 * Root ignores file and device modes, so a test that checks what an operator sees on a file they may not
 * write (or a port they may not open) runs a small probe script as `nobody` instead. The probe prints
 * its findings as one JSON line, the last on stdout.
 */
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const NOBODY = 65534;

export const runningAsRoot = process.getuid?.() === 0;

/** Runs `node --import tsx <script> ...args` as nobody from the repo root and parses its last line. */
export function probeAsNobody<T>(scriptFromRoot: string, args: readonly string[]): T {
  const r = spawnSync(process.execPath, ['--import', 'tsx', resolve(ROOT, scriptFromRoot), ...args], {
    cwd: ROOT,
    uid: NOBODY,
    gid: NOBODY,
    encoding: 'utf8',
    env: { ...process.env, HOME: tmpdir() },
    timeout: 60_000,
  });
  if (r.status !== 0)
    throw new Error(`${scriptFromRoot} as nobody exited ${r.status}: ${r.stderr || r.error?.message}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
}
