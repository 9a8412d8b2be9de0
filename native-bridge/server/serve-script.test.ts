/**
 * `npm run serve` runs the same bundle the benches and the end-to-end suites start as `built`
 * (SERVE_BUNDLE, under plain node): the start-up and memory figures in docs/PERFORMANCE.md are of it.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, SERVE_BUNDLE } from '../../renderer/e2e/support/repo-paths.js';

describe('npm run serve', () => {
  it('builds, then runs the bundle the benches measure under plain node', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.serve).toBe(`electron-vite build && node ${relative(REPO_ROOT, SERVE_BUNDLE)}`);
  });
});
