/** Where the end-to-end suites find the repository, the built UI and the headless server. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const RENDERER_INDEX = join(REPO_ROOT, 'out/renderer/index.html');
export const ELECTRON_MAIN = join(REPO_ROOT, 'out/main/index.js');
export const SERVE_SCRIPT = join(REPO_ROOT, 'native-bridge/server/serve.ts');
/** The same server bundled by `npx electron-vite build`, run with plain node (what `npm run serve` runs). */
export const SERVE_BUNDLE = join(REPO_ROOT, 'out/main/serve.js');
export const TEST_RESULTS = join(REPO_ROOT, 'test-results');
export const README_SCREENSHOTS = join(REPO_ROOT, 'renderer/screenshots');

/** The suites test the built app and build nothing themselves (`npm run test:e2e` builds first). */
export function assertBuilt(file: string): void {
  if (!existsSync(file))
    throw new Error(
      `${file} is missing: build first with \`npx electron-vite build\` (\`npm run test:e2e\` does this for you).`,
    );
}
