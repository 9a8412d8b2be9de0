/**
 * tools/electron-native.mjs where Electron's prebuilt binaries and headers cannot be downloaded (both
 * pointed at a port nothing listens on): it stops with exit 1 and a message that says what it needed
 * and what to do instead, leaves no file a later `npm start` would load, and does not take a build
 * for Node's ABI (what node-gyp makes when an npm config names a local `nodedir`) for Electron's.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../testing/prerequisites.js';
import { testCleanups } from '../testing/test-cleanups.js';

const cleanups = testCleanups();
const DEAD = 'http://127.0.0.1:9/';
const electronVersion = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }
).version;

function run(cache: string) {
  return spawnSync(process.execPath, [join(REPO_ROOT, 'tools/electron-native.mjs')], {
    encoding: 'utf8',
    timeout: 240_000,
    env: {
      ...process.env,
      STATION_ELECTRON_NATIVE_CACHE: cache,
      STATION_ELECTRON_HEADERS_URL: DEAD,
      npm_config_better_sqlite3_binary_host: DEAD,
      npm_config_better_sqlite3_binary_host_mirror: DEAD,
      // As on this project's machines: an npm config pointing node-gyp at the local Node's headers.
      npm_config_nodedir: '/usr',
    },
  });
}

const addons = (dir: string) =>
  existsSync(dir) ? readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.node')) : [];

describe('tools/electron-native.mjs', () => {
  it('fails clearly when nothing can be downloaded, and leaves the cache empty', () => {
    const cache = join(cleanups.tempDir('electron-native-'), 'cache');
    const r = run(cache);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/could not get better-sqlite3 for Electron \d+\.\d+\.\d+/);
    expect(r.stderr).toMatch(/npm run serve/);
    expect(addons(cache)).toEqual([]);
  }, 300_000);

  it("throws out a cached build for Node's ABI instead of handing it to Electron", () => {
    const cache = join(cleanups.tempDir('electron-native-'), 'cache');
    mkdirSync(join(cache, electronVersion), { recursive: true });
    copyFileSync(
      join(REPO_ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'),
      join(cache, electronVersion, 'better_sqlite3.node'),
    );
    const r = run(cache);
    expect(r.stdout).toMatch(/is not built for Electron's ABI \d+; building it again/);
    expect(r.status).toBe(1);
    expect(addons(cache)).toEqual([]);
  }, 300_000);
});
