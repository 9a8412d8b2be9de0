/**
 * The file store `serve` uses, and the desktop app where no keychain is: the URI in a file only this
 * user may read, replaced whole, forgotten on null. Its keychain counterpart, bridged to Electron's
 * main process, is tested beside it in electron/main/sync-secrets.test.ts.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testCleanups } from '../../testing/test-cleanups.js';
import { FileSecretStore } from './secret-store.js';

const cleanups = testCleanups();
const URI = 'mongodb://lab:s3cret@db.example:27017/?authSource=admin';

describe('FileSecretStore', () => {
  it('keeps the URI in a 0600 file, leaves no temporary file and reads it back', async () => {
    const dir = cleanups.tempDir('secret-file-');
    const path = join(dir, 'sub', 'sync-secret.json');
    const store = new FileSecretStore(path);
    expect(await store.get()).toBeNull();
    await store.set(URI);
    expect(await new FileSecretStore(path).get()).toBe(URI);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['sync-secret.json']);
    await store.set(URI.replace('s3cret', 'rotated'));
    expect(await store.get()).toBe(URI.replace('s3cret', 'rotated'));
  });

  it('forgets the URI on null; a damaged file reads as no URI rather than throwing', async () => {
    const path = join(cleanups.tempDir('secret-file-'), 'sync-secret.json');
    const store = new FileSecretStore(path);
    await store.set(URI);
    await store.set(null);
    expect(existsSync(path)).toBe(false);
    expect(await store.get()).toBeNull();
    writeFileSync(path, '{"uri": 42');
    expect(await store.get()).toBeNull();
  });

  it('carries the warning it was given for the Sync panel', () => {
    expect(new FileSecretStore('/nowhere').warning).toBeUndefined();
    expect(new FileSecretStore('/nowhere', 'no keyring').warning).toBe('no keyring');
  });
});
