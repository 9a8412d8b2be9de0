/**
 * Every prerequisite a test suite needs beyond `npm install`, with the same check the suite itself
 * makes, so `npm test` can say in its first lines what will skip (tools/test-preflight.ts) and
 * `npm run setup-and-test` installs it. With CI=true a missing one fails its suite instead — except
 * the Electron binary, which this project's build machines cannot download.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findElectronBinary } from '../electron/e2e/support/electron-binary.js';
import { findChromium } from '../renderer/e2e/support/chromium-executable.js';
import { socatGate } from './serial/socat-pair.js';
import { mongoUnavailable } from './sync/mongo-server.js';

export const REPO_ROOT = resolve(import.meta.dirname, '..');

export interface Prerequisite {
  name: string;
  /** What runs only with it. */
  suites: string;
  /** null when present; otherwise why not. */
  missing(): string | null;
}

const onPath = (cmd: string, args = ['--version']) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 5000 });
  return !r.error && r.status === 0;
};

export const PREREQUISITES: readonly Prerequisite[] = [
  {
    name: 'C++ toolchain (g++, cmake, GoogleTest)',
    suites: 'firmware host tests, the virtual-rig serial tests',
    missing: () => {
      const absent = [
        onPath('g++') ? null : 'g++',
        onPath('cmake') ? null : 'cmake',
        existsSync('/usr/include/gtest/gtest.h') || existsSync('/usr/local/include/gtest/gtest.h')
          ? null
          : 'libgtest-dev',
      ].filter(Boolean);
      return absent.length === 0 ? null : `missing ${absent.join(', ')}`;
    },
  },
  {
    name: 'socat',
    suites: 'serial tests over pseudo-terminals, the devices end-to-end suite',
    missing: () => socatGate().reason,
  },
  {
    name: 'Chromium',
    suites: 'every browser end-to-end suite',
    missing: () => (findChromium() ? null : 'no chromium on PATH (or CHROMIUM_PATH)'),
  },
  {
    name: 'Python venv (models/.venv)',
    suites: 'the risk-model pipeline smoke test',
    missing: () =>
      existsSync(process.env.RISK_PYTHON ?? join(REPO_ROOT, 'models/.venv/bin/python'))
        ? null
        : 'models/.venv not set up',
  },
  {
    name: 'FerretDB (or MONGO_TEST_URI)',
    suites: 'the MongoDB sync tests',
    missing: mongoUnavailable,
  },
  {
    name: 'Electron binary',
    suites: 'the Electron end-to-end suite (skips even with CI=true)',
    missing: () => (findElectronBinary() ? null : 'not downloaded (node_modules/electron/dist)'),
  },
];

export function missingPrerequisites(): { prerequisite: Prerequisite; why: string }[] {
  return PREREQUISITES.flatMap((p) => {
    const why = p.missing();
    return why === null ? [] : [{ prerequisite: p, why }];
  });
}
