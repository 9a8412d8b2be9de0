/**
 * The station's page when its token stops being good, in the system Chromium: `serve` requires a
 * token (STATION_TOKEN), the page logs in through `?token=` (an HttpOnly cookie), then the station is
 * restarted on the same port with another token. The page's WebSocket is refused from then on — a
 * browser only sees 1006 — and instead of retrying in silence the page goes to the login form; logging
 * in there with the new token brings it back, connected.
 */
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../testing/sync/mongo-server.js';
import { chromiumPrerequisite, findChromium } from './support/chromium-executable.js';
import { RENDERER_INDEX, assertBuilt } from './support/repo-paths.js';
import { startServe, type ServeHandle } from './support/serve-process.js';
import { launchChromium, openStationPage } from './support/station-page.js';
import { makeTempDir, removeDir } from './support/temp-dirs.js';

const chromiumPath = findChromium();
const prerequisite = chromiumPrerequisite(chromiumPath);

describe.skipIf(!prerequisite.run)('the page after the station token changes, in Chromium', () => {
  let browser: Browser | undefined;
  let serve: ServeHandle | undefined;
  let dataDir: string | undefined;
  let port = 0;
  const start = async (token: string) => {
    serve = await startServe({
      env: { STATION_DATA_DIR: dataDir!, STATION_DEVICE: 'sim', STATION_TOKEN: token, PORT: String(port) },
    });
  };

  beforeAll(async () => {
    if (prerequisite.failure) throw new Error(prerequisite.failure);
    assertBuilt(RENDERER_INDEX);
    dataDir = makeTempDir('station-token-change');
    port = await freePort();
    await start('first-token-aaaaaaaaaaaa');
    browser = await launchChromium(chromiumPath!);
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    removeDir(dataDir);
  });

  it('goes to the login form when the WebSocket is refused, and comes back connected after it', async () => {
    const { page, context } = await openStationPage(browser!, `${serve!.url}?token=first-token-aaaaaaaaaaaa`);
    const state = () => page.getByTestId('connection-state').getAttribute('data-state');
    await expect.poll(state, { timeout: 15_000 }).toBe('connected');
    expect(new URL(page.url()).search).toBe('');

    await serve!.stop();
    await start('second-token-bbbbbbbbbbbb');
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 30_000 }).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/');
    await expect.poll(() => page.getByLabel('Access token').isVisible()).toBe(true);

    await page.getByLabel('Access token').fill('second-token-bbbbbbbbbbbb');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).toBe('/');
    await expect.poll(state, { timeout: 15_000 }).toBe('connected');
    await context.close();
  });
});
