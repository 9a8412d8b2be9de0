/**
 * The layer table is enforced by lint (tools/eslint/code-layering.js); this proves the rule bites in
 * every direction it guards, lets through what the table allows, and that native-bridge/README.md
 * shows the same table the rule enforces.
 */
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { NATIVE_BRIDGE_LAYERS } from './layers.js';

const eslint = new ESLint({ cwd: process.cwd() });

async function refused(filePath: string, spec: string): Promise<string[]> {
  const code = `import * as m from '${spec}';\nexport const a = m;\n`;
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'local/code-layering').map((m) => m.message);
}

describe('layering lint', () => {
  it('lets the renderer import the contract and nothing else of the core', async () => {
    expect(await refused('renderer/src/x.ts', '../../native-bridge/contract/index.js')).toEqual([]);
    expect(await refused('renderer/src/x.ts', 'react')).toEqual([]);
    expect(await refused('renderer/src/x.ts', '../../native-bridge/station/station.js')).toHaveLength(1);
    expect(await refused('renderer/src/x.ts', 'node:fs')).toHaveLength(1);
    expect(await refused('renderer/src/x.ts', 'electron')).toHaveLength(1);
    expect(await refused('renderer/src/x.ts', 'better-sqlite3')).toHaveLength(1);
    expect(await refused('renderer/src/x.ts', '../../electron/ipc-channels.js')).toHaveLength(1);
  });

  it('refuses an inner layer that imports an outer one, and a folder not on the row', async () => {
    const [ml] = await refused('native-bridge/ml/x.ts', '../station/station.js');
    expect(ml).toContain('native-bridge/ml may not import native-bridge/station');
    expect(await refused('native-bridge/devices/x.ts', '../history/history-service.js')).toHaveLength(1);
    expect(await refused('native-bridge/sim/x.ts', '../devices/line-source.js')).toHaveLength(1);
    // Same layer, not on the row: safety and features are both layer 3 and do not know each other.
    expect(await refused('native-bridge/safety/x.ts', '../features/feature-spec.js')).toHaveLength(1);
    expect(await refused('native-bridge/ml/x.ts', '../features/feature-spec.js')).toEqual([]);
    expect(await refused('native-bridge/station/x.ts', '../devices/device-link.js')).toEqual([]);
    expect(await refused('native-bridge/devices/serial/x.ts', '../device-link.js')).toEqual([]);
  });

  it('keeps each native package in the layer that owns it, and Electron and React out of the core', async () => {
    expect(await refused('native-bridge/store/x.ts', 'better-sqlite3')).toEqual([]);
    expect(await refused('native-bridge/station/x.ts', 'better-sqlite3')).toHaveLength(1);
    expect(await refused('native-bridge/safety/x.ts', 'onnxruntime-node')).toHaveLength(1);
    expect(await refused('native-bridge/devices/serial/x.ts', '@serialport/parser-readline')).toEqual([]);
    expect(await refused('native-bridge/station/x.ts', 'electron')).toHaveLength(1);
    expect(await refused('native-bridge/server/x.ts', 'react')).toHaveLength(1);
  });

  it('keeps the contract and the protocol browser-safe and free of the station', async () => {
    expect(await refused('native-bridge/contract/x.ts', 'zod')).toEqual([]);
    expect(await refused('native-bridge/contract/x.ts', 'node:path')).toHaveLength(1);
    expect(await refused('native-bridge/contract/x.ts', '../station/station.js')).toHaveLength(1);
    expect(await refused('native-bridge/protocol/x.ts', 'fs')).toHaveLength(1);
  });

  it('refuses product code that imports tests, test support, fixtures, benches or tools', async () => {
    expect(await refused('native-bridge/station/x.ts', '../../testing/test-cleanups.js')).toHaveLength(1);
    expect(await refused('native-bridge/station/x.ts', '../../bench/bench-report.js')).toHaveLength(1);
    expect(await refused('native-bridge/history/x.ts', '../../tools/crash/kill-test.js')).toHaveLength(1);
    expect(await refused('native-bridge/devices/serial/x.ts', './fixtures/sysfs-workshop-pc.json')).toHaveLength(1);
    expect(await refused('native-bridge/ml/x.ts', './risk-engine.test.js')).toHaveLength(1);
    expect(await refused('electron/main/x.ts', '../../testing/test-cleanups.js')).toHaveLength(1);
    // Tests and tools are not shipped: they may reach any layer.
    expect(await refused('native-bridge/ml/x.test.ts', '../station/station.js')).toEqual([]);
    expect(await refused('bench/x.ts', '../native-bridge/station/station.js')).toEqual([]);
  });

  it('refuses a native-bridge folder that is not in the table', async () => {
    const [why] = await refused('native-bridge/gadgets/x.ts', '../contract/index.js');
    expect(why).toContain('not in the layer table');
  });

  it('lets the shell reach only the contract, the station and the server', async () => {
    expect(await refused('electron/main/x.ts', '../../native-bridge/station/start-station.js')).toEqual([]);
    expect(await refused('electron/main/x.ts', '../../native-bridge/store/database.js')).toHaveLength(1);
  });
});

describe('native-bridge/README.md', () => {
  it('shows the table the lint enforces', () => {
    const readme = readFileSync('native-bridge/README.md', 'utf8');
    const list = (cell: string) =>
      cell.trim() === '—'
        ? []
        : cell
            .split(',')
            .map((s) => s.trim().replace(/`/g, '').replace(/\/$/, ''))
            .filter(Boolean);
    const rows = readme
      .split('\n')
      .filter((l) => /^\| \d \|/.test(l))
      .map((l) => l.split('|').slice(1, -1));
    const shown = rows.map((cells) => ({
      layer: Number(cells[0]),
      folder: list(cells[1]!)[0],
      imports: list(cells[3]!),
      packages: list(cells[4]!),
    }));
    expect(shown).toEqual(NATIVE_BRIDGE_LAYERS);
  });
});
