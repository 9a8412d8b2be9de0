/** Temporary folders for a test's station data, removed when the test is done. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function makeTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `${prefix}-`));
}

export function removeDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/**
 * A data-folder path that cannot be created even by root: its parent is a regular file, so mkdir
 * fails with ENOTDIR (chmod 0500 would not stop root, which the tests run as).
 */
export function unwritableDataDir(root: string): string {
  const blocker = join(root, 'not-a-folder');
  writeFileSync(blocker, 'a regular file where the data folder should be\n');
  return join(blocker, 'station-data');
}
