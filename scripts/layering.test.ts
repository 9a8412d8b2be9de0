/** The layering rules of ARCHITECTURE.md are enforced by lint; this proves the lint rules bite. */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint', () => {
  it('lets the renderer import the contract and nothing else of the core', async () => {
    expect(
      await restricted(
        'renderer/src/x.ts',
        "import { METHODS } from '../../native-bridge/contract/index.js';\nexport const a = METHODS;\n",
      ),
    ).toEqual([]);
    expect(
      await restricted(
        'renderer/src/x.ts',
        "import { StationCore } from '../../native-bridge/core/station.js';\nexport const a = StationCore;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restricted(
        'renderer/src/x.ts',
        "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restricted('renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n"),
    ).toHaveLength(1);
    expect(
      await restricted('renderer/src/x.ts', "import Database from 'better-sqlite3';\nexport const a = Database;\n"),
    ).toHaveLength(1);
  });

  it('keeps Electron and React out of the core', async () => {
    expect(
      await restricted('native-bridge/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n"),
    ).toHaveLength(1);
    expect(
      await restricted('native-bridge/core/x.ts', "import React from 'react';\nexport const a = React;\n"),
    ).toHaveLength(1);
    expect(
      await restricted(
        'native-bridge/core/x.ts',
        "import Database from 'better-sqlite3';\nexport const a = Database;\n",
      ),
    ).toEqual([]);
  });

  it('keeps the contract browser-safe', async () => {
    expect(await restricted('native-bridge/contract/x.ts', "import { z } from 'zod';\nexport const a = z;\n")).toEqual(
      [],
    );
    expect(
      await restricted('native-bridge/contract/x.ts', "import { join } from 'node:path';\nexport const a = join;\n"),
    ).toHaveLength(1);
    expect(
      await restricted(
        'native-bridge/contract/x.ts',
        "import { StationCore } from '../core/station.js';\nexport const a = StationCore;\n",
      ),
    ).toHaveLength(1);
  });
});
