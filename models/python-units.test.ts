/**
 * The Python decision layer's unit tests (models/test_*.py, pytest from models/requirements.txt), run
 * here so that `npm test` runs them. Under CI=true a missing venv fails; elsewhere the suite is skipped
 * with a loud message, as the pipeline smoke test is.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const PY = process.env.RISK_PYTHON ?? join(ROOT, 'models/.venv/bin/python');
const HAVE_PY = existsSync(PY);
const CI = process.env.CI === 'true' || process.env.CI === '1';

if (!HAVE_PY && !CI) {
  console.warn(`\n*** models/python-units.test.ts SKIPPED: no Python toolchain at ${PY}. ***\n`);
}

describe.skipIf(!HAVE_PY && !CI)('Python units (pytest)', () => {
  it('passes models/test_*.py', { timeout: 120_000 }, () => {
    expect(existsSync(PY), `no Python at ${PY}: run \`bash tools/test-prerequisites.sh\``).toBe(true);
    const r = spawnSync(PY, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'models'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    // A collection that found nothing exits 5; also make sure the tests ran at all.
    expect(r.stdout).toMatch(/\d+ passed/);
  });
});
