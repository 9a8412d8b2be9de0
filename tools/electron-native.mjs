#!/usr/bin/env node
/**
 * better-sqlite3 is a V8 addon, so Electron needs its own build of it (a different ABI from the Node
 * that runs tests and `serve`). Rather than rebuilding node_modules in place — which would break
 * every Node test — this builds an Electron copy into a cache folder once per Electron version; the
 * desktop app points better-sqlite3 at it through STATION_SQLITE_BINDING. serialport and
 * onnxruntime-node are N-API addons and load in both runtimes as they are.
 *
 * A build is kept only if it names Electron's ABI (the addon exports node_register_module_v<ABI>): an
 * npm config with `nodedir` makes node-gyp compile against the local Node's headers whatever the
 * target, which would pass for an Electron build until the app failed to load it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
// The cache and the headers' address can be moved (tools/electron-native.test.ts points them at a dead port).
const cache = process.env.STATION_ELECTRON_NATIVE_CACHE || join(root, 'node_modules/.cache/station-electron-native');
const headersUrl = process.env.STATION_ELECTRON_HEADERS_URL || 'https://electronjs.org/headers';
const target = join(cache, electronVersion, 'better_sqlite3.node');
const electronAbi = readFileSync(join(root, 'node_modules/electron/abi_version'), 'utf8').trim();

/** The NODE_MODULE_VERSION an addon was built for, from the symbol it registers itself under. */
function addonAbi(file) {
  return /node_register_module_v(\d+)/.exec(readFileSync(file).toString('latin1'))?.[1] ?? null;
}

if (existsSync(target)) {
  if (addonAbi(target) === electronAbi) {
    console.log(`[electron-native] better-sqlite3 for Electron ${electronVersion}: ${target}`);
    process.exit(0);
  }
  console.log(`[electron-native] ${target} is not built for Electron's ABI ${electronAbi}; building it again`);
  rmSync(target, { force: true });
}

const work = mkdtempSync(join(tmpdir(), 'station-bsqlite-'));
const bin = (name) => join(root, 'node_modules/.bin', name);
try {
  cpSync(join(root, 'node_modules/better-sqlite3'), work, {
    recursive: true,
    filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`),
  });
  // Electron's headers, not the local Node's: drop an npm config's nodedir for these two tools.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_nodedir$/i.test(k)));
  const opts = { cwd: work, stdio: 'inherit', env };
  try {
    console.log(`[electron-native] fetching a prebuilt better-sqlite3 for Electron ${electronVersion}…`);
    execFileSync(
      bin('prebuild-install'),
      ['--runtime=electron', `--target=${electronVersion}`, `--arch=${process.arch}`],
      opts,
    );
  } catch {
    console.log(`[electron-native] no prebuilt binary; compiling against Electron ${electronVersion} headers…`);
    execFileSync(
      bin('node-gyp'),
      ['rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, `--dist-url=${headersUrl}`],
      opts,
    );
  }
  const built = join(work, 'build/Release/better_sqlite3.node');
  const abi = addonAbi(built);
  if (abi !== electronAbi)
    throw new Error(`the build is for ABI ${abi ?? 'unknown'}, Electron ${electronVersion} needs ${electronAbi}`);
  mkdirSync(dirname(target), { recursive: true });
  // Copied under a temporary name and renamed: an interrupted copy never passes for a finished build.
  copyFileSync(built, `${target}.partial`);
  renameSync(`${target}.partial`, target);
  console.log(`[electron-native] built ${target}`);
} catch (e) {
  console.error(
    `[electron-native] error: could not get better-sqlite3 for Electron ${electronVersion} (${e.message.split('\n')[0]}).\n` +
      '  Electron needs its headers or a prebuilt binary from the internet once. Without them, run the station\n' +
      '  headless instead: npm run serve (same UI in a browser).',
  );
  process.exit(1);
} finally {
  rmSync(work, { recursive: true, force: true });
}
