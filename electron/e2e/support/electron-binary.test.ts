import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from './electron-binary.js';

describe('findElectronBinary', () => {
  let pkg: string;
  beforeEach(() => {
    pkg = mkdtempSync(join(tmpdir(), 'electron-pkg-'));
  });
  afterEach(() => rmSync(pkg, { recursive: true, force: true }));

  it('is null when the package was installed without its binary (no path.txt)', () => {
    expect(findElectronBinary(pkg, {})).toBeNull();
  });

  it('is null when path.txt names a binary that is not there', () => {
    writeFileSync(join(pkg, 'path.txt'), 'electron');
    expect(findElectronBinary(pkg, {})).toBeNull();
  });

  it('finds dist/<path.txt>', () => {
    writeFileSync(join(pkg, 'path.txt'), 'electron');
    mkdirSync(join(pkg, 'dist'));
    writeFileSync(join(pkg, 'dist', 'electron'), '');
    expect(findElectronBinary(pkg, {})).toBe(join(pkg, 'dist', 'electron'));
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH, as electron itself does', () => {
    const dist = join(pkg, 'elsewhere');
    mkdirSync(dist);
    writeFileSync(join(dist, 'electron'), '');
    expect(findElectronBinary(pkg, { ELECTRON_OVERRIDE_DIST_PATH: dist })).toBe(join(dist, 'electron'));
  });

  it('is null when the electron package is not installed at all', () => {
    expect(findElectronBinary(null, {})).toBeNull();
  });
});
