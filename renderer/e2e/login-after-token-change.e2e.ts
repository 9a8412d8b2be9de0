/**
 * The station's page when its token stops being good, in the system Chromium: `serve` requires a
 * token (STATION_TOKEN), the page logs in through `?token=` (an HttpOnly cookie), then the station is
 * restarted on the same port with another token. The page's WebSocket is refused from then on — a
 * browser only sees 1006 — and instead of retrying in silence the page goes to the login form; logging
 * in there with the new token brings it back, connected. And the page that itself makes a new token
 * (Settings → Server access, bound beyond loopback) stays logged in and connected.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

  it('keeps the page that made a new token logged in and connected (beyond loopback, stored token)', async () => {
    // Bound beyond loopback the stored token is required and can be rotated from Settings; the test
    // still talks to it over 127.0.0.1.
    const dir = makeTempDir('station-token-rotate');
    const wide = await startServe({ env: { STATION_DATA_DIR: dir, STATION_DEVICE: 'sim', HOST: '0.0.0.0' } });
    try {
      const base = wide.url.replace('0.0.0.0', '127.0.0.1');
      const file = join(dir, 'server-access.json');
      const stored = () =>
        existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { token: string }).token : null;
      await expect.poll(stored, { timeout: 10_000 }).not.toBeNull();
      const first = stored()!;
      const { page, context } = await openStationPage(browser!, `${base}?token=${first}`);
      const state = () => page.getByTestId('connection-state').getAttribute('data-state');
      await expect.poll(state, { timeout: 15_000 }).toBe('connected');
      await page.getByRole('tab', { name: 'Settings' }).click();
      page.once('dialog', (d) => void d.accept());
      await page.getByRole('button', { name: 'New token' }).click();
      await expect.poll(stored, { timeout: 10_000 }).not.toBe(first);
      // The old sockets end 200 ms after the rotation; give the page time to be sent away if it were.
      await new Promise((r) => setTimeout(r, 3000));
      expect(new URL(page.url()).pathname).toBe('/');
      await expect.poll(state, { timeout: 15_000 }).toBe('connected');
      const status = await page.evaluate(() => fetch('/api/status').then((r) => r.status));
      expect(status).toBe(200);
      await context.close();
    } finally {
      await wide.stop();
      removeDir(dir);
    }
  });
});
