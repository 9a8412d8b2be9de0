#!/usr/bin/env node
/**
 * better-sqlite3 is a V8 addon, so Electron needs its own build of it (a different ABI from the Node
 * that runs tests and `serve`). Rather than rebuilding node_modules in place — which would break
 * every Node test — this builds an Electron copy into a cache folder once per Electron version; the
 * desktop app points better-sqlite3 at it through STATION_SQLITE_BINDING. serialport and
 * onnxruntime-node are N-API addons and load in both runtimes as they are.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const target = join(root, 'node_modules/.cache/station-electron-native', electronVersion, 'better_sqlite3.node');

if (existsSync(target)) {
  console.log(`[electron-native] better-sqlite3 for Electron ${electronVersion}: ${target}`);
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), 'station-bsqlite-'));
const bin = (name) => join(root, 'node_modules/.bin', name);
try {
  cpSync(join(root, 'node_modules/better-sqlite3'), work, {
    recursive: true,
    filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`),
  });
  const opts = { cwd: work, stdio: 'inherit' };
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
      [
        'rebuild',
        '--release',
        `--target=${electronVersion}`,
        `--arch=${process.arch}`,
        '--dist-url=https://electronjs.org/headers',
      ],
      opts,
    );
  }
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(work, 'build/Release/better_sqlite3.node'), target);
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
