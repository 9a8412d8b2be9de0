/**
 * The real core host (core-host-runner under Node, as the utility process runs it) keeps the sync's
 * URI through main: set over the contract, it reaches main's KeychainSecrets (safeStorage as a
 * double), the data folder — SQLite file included — never holds the password, and a restarted core
 * gets the URI back from main. Without a keychain the core keeps its 0600 file and says why.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYNC_SECRET_FILE } from '../../native-bridge/station/station-sync.js';
import { spawnNodeCore, type NodeCore } from '../../testing/electron/node-core-process.js';
import { SafeStorageDouble } from '../../testing/electron/safe-storage-double.js';
import { testCleanups } from '../../testing/test-cleanups.js';
import { CoreSupervisor } from './core-supervisor.js';
import { KEYCHAIN_SECRET_FILE, KeychainSecrets } from './sync-secrets.js';

const cleanups = testCleanups();
const PASSWORD = 'n0t-in-any-file';
// A refused port: the sync's start-up fails and retries quietly, which is all this test needs of it.
const URI = `mongodb://lab:${PASSWORD}@127.0.0.1:1/?serverSelectionTimeoutMS=200`;

function core(env: Record<string, string>, safe?: SafeStorageDouble) {
  const dir = cleanups.tempDir('core-secrets-');
  const secrets = safe ? new KeychainSecrets(safe, dir) : null;
  const cores: NodeCore[] = [];
  const sup = new CoreSupervisor({
    spawn: () => {
      const c = spawnNodeCore({ STATION_DATA_DIR: dir, STATION_DEVICE: 'sim', STATION_SIM_PERIOD_MS: '1000', ...env });
      cores.push(c);
      return c;
    },
    ...(secrets ? { secrets: (r) => secrets.answer(r) } : {}),
  });
  cleanups.defer(async () => {
    await sup.shutdown();
    for (const c of cores) c.kill();
  });
  const call = async (method: string, params: object) => {
    const r = await sup.call(method, params, Date.now() + 20_000);
    if (!r.ok) throw new Error(r.error.message);
    return r.result as Record<string, unknown>;
  };
  return { sup, call, dir };
}

function grepDir(dir: string, needle: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => readFileSync(f).includes(needle));
}

describe('the core host keeps the sync URI through main', { timeout: 120_000 }, () => {
  it('in the OS keychain: ciphertext only, and a restarted core gets it back', async () => {
    const safe = new SafeStorageDouble();
    const c = core({ STATION_SECRETS: 'os-keychain' }, safe);
    const dir = c.dir;
    await c.sup.ready;
    const set = await c.call('setSyncSettings', { uri: URI, enabled: false });
    expect(set).toMatchObject({ secretStorage: 'os-keychain', secretStorageWarning: null });
    expect(String(set.uriMasked)).not.toContain(PASSWORD);
    expect(existsSync(join(dir, KEYCHAIN_SECRET_FILE))).toBe(true);
    expect(existsSync(join(dir, SYNC_SECRET_FILE))).toBe(false);

    await c.sup.shutdown();
    expect(grepDir(dir, PASSWORD)).toEqual([]);
    c.sup.start();
    await c.sup.ready;
    const again = await c.call('getSyncSettings', {});
    expect(again).toMatchObject({ secretStorage: 'os-keychain', uriMasked: set.uriMasked });
    expect(safe.encryptions).toBe(1);
  });

  it('without one: the 0600 file, and the Sync panel is told why', async () => {
    const c = core({ STATION_SECRETS_WARNING: 'No OS keychain is available here.' });
    await c.sup.ready;
    const set = await c.call('setSyncSettings', { uri: URI, enabled: false });
    expect(set).toMatchObject({ secretStorage: 'file', secretStorageWarning: 'No OS keychain is available here.' });
    expect(existsSync(join(c.dir, SYNC_SECRET_FILE))).toBe(true);
    expect(existsSync(join(c.dir, KEYCHAIN_SECRET_FILE))).toBe(false);
  });
});
