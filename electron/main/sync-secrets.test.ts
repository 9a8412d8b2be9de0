/**
 * The sync URI's bridge in the desktop app: the core host's BridgedSecretStore asks, main's
 * KeychainSecrets answers with safeStorage (a double here: real AES under its own key), and the data
 * folder never holds the password in the clear. Beside it, native-bridge/sync/secret-store.test.ts
 * tests the plain file store this replaces; sync-secrets.integration.test.ts runs the real core host.
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYNC_SECRET_FILE } from '../../native-bridge/station/station-sync.js';
import { SafeStorageDouble } from '../../testing/electron/safe-storage-double.js';
import { testCleanups } from '../../testing/test-cleanups.js';
import type { SecretRequest } from '../ipc-channels.js';
import { BridgedSecretStore } from './bridged-secret-store.js';
import { KEYCHAIN_SECRET_FILE, KeychainSecrets, keychainStatus } from './sync-secrets.js';

const cleanups = testCleanups();
const PASSWORD = 'Pa55-w0rd-of-the-lab';
const URI = `mongodb+srv://lab:${PASSWORD}@cluster0.example.net/?retryWrites=true`;

/** Core host and main joined as the utility process's port joins them (asynchronously, both ways). */
function bridge(safe = new SafeStorageDouble(), dir = cleanups.tempDir('keychain-')) {
  const main = new KeychainSecrets(safe, dir);
  const asked: SecretRequest[] = [];
  const store: BridgedSecretStore = new BridgedSecretStore((req) => {
    asked.push(req);
    setImmediate(() => void main.answer(req).then((reply) => store.answer(reply)));
  });
  return { store, main, safe, dir, asked };
}

function everyFileIn(dir: string): string {
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('\n');
}

describe('the sync URI through the host port into safeStorage', () => {
  it('round-trips the URI; on disk only ciphertext, mode 0600, no plain file', async () => {
    const { store, dir, asked } = bridge();
    expect(store.kind).toBe('os-keychain');
    expect(await store.get()).toBeNull();
    await store.set(URI);
    expect(await store.get()).toBe(URI);
    expect(asked.map((r) => r.op)).toEqual(['get', 'set', 'get']);
    expect(readdirSync(dir)).toEqual([KEYCHAIN_SECRET_FILE]);
    if (process.platform !== 'win32') expect(statSync(join(dir, KEYCHAIN_SECRET_FILE)).mode & 0o777).toBe(0o600);
    const disk = everyFileIn(dir);
    expect(disk).not.toContain(PASSWORD);
    expect(disk).not.toContain('cluster0');
  });

  it('forgets the URI on null', async () => {
    const { store, dir } = bridge();
    await store.set(URI);
    await store.set(null);
    expect(await store.get()).toBeNull();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('moves a URI left in the old plain file into the keychain, and deletes the plain file', async () => {
    const { store, dir, safe } = bridge();
    writeFileSync(join(dir, SYNC_SECRET_FILE), JSON.stringify({ uri: URI }), { mode: 0o600 });
    expect(await store.get()).toBe(URI);
    expect(safe.encryptions).toBe(1);
    expect(existsSync(join(dir, SYNC_SECRET_FILE))).toBe(false);
    expect(everyFileIn(dir)).not.toContain(PASSWORD);
    expect(await store.get()).toBe(URI);
  });

  it('re-encrypts when safeStorage says the key was rotated', async () => {
    const { store, safe, dir } = bridge();
    await store.set(URI);
    const before = readFileSync(join(dir, KEYCHAIN_SECRET_FILE));
    safe.reEncrypt = true;
    expect(await store.get()).toBe(URI);
    expect(readFileSync(join(dir, KEYCHAIN_SECRET_FILE)).equals(before)).toBe(false);
  });

  it('a file another keychain sealed fails in plain words, and the next set recovers', async () => {
    const first = bridge();
    await first.store.set(URI);
    const other = bridge(new SafeStorageDouble(), first.dir);
    await expect(other.store.get()).rejects.toThrow(/could not be decrypted with the OS keychain.*enter it again/);
    await other.store.set(URI);
    expect(await other.store.get()).toBe(URI);
  });

  it('gives up on a main that never answers, in words', async () => {
    const store = new BridgedSecretStore(() => undefined, 50);
    await expect(store.get()).rejects.toThrow(/did not answer about the OS keychain/);
    // A late answer for a request that timed out is dropped, not resolved into another one.
    store.answer({ type: 'secret-reply', id: 1, ok: true, value: URI });
  });
});

describe('keychainStatus: whether safeStorage protects anything here', () => {
  it('is available with a real keyring, on macOS and Windows whatever the Linux backend reads', async () => {
    const safe = new SafeStorageDouble();
    expect(await keychainStatus(safe, 'linux')).toEqual({ available: true });
    safe.backend = 'basic_text';
    expect(await keychainStatus(safe, 'darwin')).toEqual({ available: true });
    expect(await keychainStatus(safe, 'win32')).toEqual({ available: true });
  });

  it('is not on Linux with basic_text (a key compiled into Chromium), nor where encryption is off', async () => {
    const safe = new SafeStorageDouble();
    safe.backend = 'basic_text';
    const plain = await keychainStatus(safe, 'linux');
    expect(plain.available).toBe(false);
    expect(plain.available ? '' : plain.warning).toMatch(/No OS keychain.*only this user account can read/);
    safe.backend = 'kwallet6';
    safe.available = false;
    expect((await keychainStatus(safe, 'linux')).available).toBe(false);
    expect((await keychainStatus(safe, 'darwin')).available).toBe(false);
  });
});
