/**
 * Finds the system Chromium (Debian's `chromium`; Playwright's own download cannot work on the build
 * machines) and applies the prerequisite policy: with CI=true a missing browser fails the suite,
 * otherwise it is skipped with a loud message.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/** Debian's chromium package is a shell wrapper; Playwright drives it fine (it execs the real binary). */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const override = env.CHROMIUM_PATH?.trim();
  if (override) return isExecutable(override) ? override : null;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of CANDIDATES) {
      const p = join(dir, name);
      if (isExecutable(p)) return p;
    }
  }
  return null;
}

function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const CHROMIUM_MISSING =
  'System Chromium not found (looked for chromium, chromium-browser, google-chrome on PATH, or CHROMIUM_PATH). ' +
  'Install it with `apt-get install chromium`.';

export interface Prerequisite {
  /** Run the suite; false only when the browser is missing outside CI. */
  run: boolean;
  /** Set when the suite must fail (missing browser with CI=true). */
  failure: string | null;
}

export function chromiumPrerequisite(path: string | null, env: NodeJS.ProcessEnv = process.env): Prerequisite {
  if (path) return { run: true, failure: null };
  if (env.CI === 'true')
    return { run: true, failure: `${CHROMIUM_MISSING} CI=true: a missing prerequisite fails the suite.` };
  console.warn(
    [
      '',
      '!'.repeat(100),
      `!!! SKIPPING the Chromium end-to-end suite: ${CHROMIUM_MISSING}`,
      '!!! (With CI=true this is a failure, not a skip.)',
      '!'.repeat(100),
      '',
    ].join('\n'),
  );
  return { run: false, failure: null };
}
