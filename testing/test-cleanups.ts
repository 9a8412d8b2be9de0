/**
 * Per-test cleanup for the core's tests: what a test opens (temp folders, ptys, stations) is undone
 * after it, newest first, pass or fail. Call once at the top of a test file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

export interface TestCleanups {
  /** Runs `undo` after the current test (later registrations run first). */
  defer(undo: () => Promise<void> | void): void;
  /** A new folder under the OS temp dir, removed after the current test. */
  tempDir(prefix: string): string;
}

export function testCleanups(): TestCleanups {
  const undos: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const undo of undos.splice(0).reverse()) await undo();
  });
  const defer = (undo: () => Promise<void> | void) => void undos.push(undo);
  return {
    defer,
    tempDir(prefix) {
      const d = mkdtempSync(join(tmpdir(), prefix));
      defer(() => rmSync(d, { recursive: true, force: true }));
      return d;
    },
  };
}
