/**
 * `npm run serve` starts the bundle with the same node flags the benches and end-to-end suites start
 * it with (SERVE_BUNDLE_NODE_FLAGS): the memory figures in docs/PERFORMANCE.md are of that command.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../renderer/e2e/support/repo-paths.js';
import { SERVE_BUNDLE_NODE_FLAGS } from '../../renderer/e2e/support/serve-process.js';

describe('npm run serve', () => {
  it('builds, then runs out/main/serve.js under plain node with the flags the benches measured', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.serve).toBe(
      `electron-vite build && node ${SERVE_BUNDLE_NODE_FLAGS.join(' ')} out/main/serve.js`,
    );
  });
});
