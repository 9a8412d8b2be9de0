/**
 * Finds the Electron binary the way node_modules/electron/index.js does — path.txt names it inside
 * dist/, ELECTRON_OVERRIDE_DIST_PATH overrides dist/ — but only checks that it exists. Requiring
 * 'electron' instead would start a download when the binary is absent, which cannot work on the
 * project's build machines.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function electronPackageDir(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

export function findElectronBinary(
  packageDir: string | null = electronPackageDir(),
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  if (packageDir === null) return null;
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH?.trim();
  const candidate = override
    ? join(override, relative || 'electron')
    : relative
      ? join(packageDir, 'dist', relative)
      : null;
  return candidate !== null && existsSync(candidate) ? candidate : null;
}

export const ELECTRON_ABSENT =
  'Electron binary absent — skipping Electron end-to-end suite (cannot be downloaded on this machine)';
