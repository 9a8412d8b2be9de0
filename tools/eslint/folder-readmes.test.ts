/**
 * Each native-bridge folder says in its own README what it may import, and that line must be the row
 * of the layer table the lint enforces (layers.js): a README that drifts from the rule fails here.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NATIVE_BRIDGE_LAYERS } from './layers.js';

const ROOT = 'native-bridge';
const ticked = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

/** `- **May import:** `a`, `b`; packages: `x`` → the folders and the packages it names. */
function mayImportLine(readme: string): { imports: string[]; packages: string[] } | null {
  const lines = readme.split('\n').filter((l) => l.startsWith('- **May import:**'));
  if (lines.length !== 1) return null;
  const [folders, packages = ''] = lines[0]!.slice('- **May import:**'.length).split('; packages:');
  return { imports: ticked(folders!), packages: ticked(packages) };
}

describe('native-bridge folder READMEs', () => {
  it('exist for every folder of the core', () => {
    const folders = readdirSync(ROOT).filter((f) => statSync(join(ROOT, f)).isDirectory());
    expect(folders.length).toBeGreaterThan(5);
    expect(folders.filter((f) => !existsSync(join(ROOT, f, 'README.md')))).toEqual([]);
  });

  it.each(NATIVE_BRIDGE_LAYERS.filter((l) => existsSync(join(ROOT, l.folder))))(
    '$folder/README.md names the imports the lint allows',
    ({ folder, imports, packages }) => {
      const line = mayImportLine(readFileSync(join(ROOT, folder, 'README.md'), 'utf8'));
      expect(line, `${folder}/README.md needs one "- **May import:** …; packages: …" line`).not.toBeNull();
      expect(line).toEqual({ imports, packages });
    },
  );

  it('reads the line as written, and refuses a README with none or two', () => {
    expect(mayImportLine('x\n- **May import:** `contract`, `protocol`; packages: `node:`, `zod`\n')).toEqual({
      imports: ['contract', 'protocol'],
      packages: ['node:', 'zod'],
    });
    expect(mayImportLine('- **May import:** nothing; packages: none')).toEqual({ imports: [], packages: [] });
    expect(mayImportLine('no line here')).toBeNull();
    expect(mayImportLine('- **May import:** `a`\n- **May import:** `b`')).toBeNull();
  });
});
