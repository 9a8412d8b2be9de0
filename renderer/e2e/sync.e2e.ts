/**
 * Settings → MongoDB sync in the system Chromium, on `serve` with the simulator: off at first; the
 * operator types a URI with a password and a port nothing listens on, turns sync on, and reads in
 * words that the server refused the connection while the station goes on recording; the password
 * appears nowhere on the page, only ••••. With a FerretDB server (when installed) the same panel then
 * says the station is up to date. The sync itself is tested against FerretDB in native-bridge/sync.
 */
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, mongoUnavailable, startTestMongo, type TestMongo } from '../../testing/sync/mongo-server.js';
import { chromiumPrerequisite, findChromium } from './support/chromium-executable.js';
import { RENDERER_INDEX, assertBuilt } from './support/repo-paths.js';
import { startServe, type ServeHandle } from './support/serve-process.js';
import { launchChromium, openStationPage } from './support/station-page.js';
import { makeTempDir, removeDir } from './support/temp-dirs.js';

const chromiumPath = findChromium();
const prerequisite = chromiumPrerequisite(chromiumPath);
const PASSWORD = 'e2e-Pa55word';

describe.skipIf(!prerequisite.run)('MongoDB sync settings in Chromium, served by `serve`', () => {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let errors: string[] = [];
  let serve: ServeHandle | undefined;
  let dataRoot: string | undefined;
  let mongo: TestMongo | undefined;

  beforeAll(async () => {
    if (prerequisite.failure) throw new Error(prerequisite.failure);
    assertBuilt(RENDERER_INDEX);
    dataRoot = makeTempDir('station-e2e-sync');
    serve = await startServe({
      env: { STATION_DEVICE: 'sim', STATION_SIM_PERIOD_MS: '200', STATION_DATA_DIR: dataRoot },
    });
    browser = await launchChromium(chromiumPath!);
    ({ context, page, errors } = await openStationPage(browser, serve.url, { height: 1400 }));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await serve?.stop();
    await mongo?.close();
    if (dataRoot) removeDir(dataRoot);
  });

  it('says in words that the server refused, keeps recording, and never shows the password', async () => {
    await page.getByRole('tab', { name: 'Settings' }).click();
    const panel = page.getByTestId('sync-panel');
    await expect.poll(() => panel.getByTestId('sync-state').textContent()).toContain('Off');
    const port = await freePort();
    await panel.getByTestId('sync-uri').fill(`mongodb://station:${PASSWORD}@127.0.0.1:${port}/`);
    await panel.getByTestId('sync-station-id').fill('e2e-bench');
    await panel.getByTestId('sync-toggle').click();
    await expect.poll(() => panel.getByTestId('sync-note').textContent()).toBe('Saved; sync is on.');
    await expect
      .poll(() => panel.getByTestId('sync-error').textContent(), { timeout: 30_000 })
      .toContain(`Cannot reach the MongoDB server at 127.0.0.1:${port}: connection refused`);
    expect(await panel.getByTestId('sync-uri').getAttribute('placeholder')).toBe(
      `mongodb://station:••••@127.0.0.1:${port}/`,
    );
    expect(await page.content()).not.toContain(PASSWORD);
    const before = (await (await fetch(`${serve!.url}api/status`)).json()) as { stats: { totalRecords: number } };
    await new Promise((r) => setTimeout(r, 1500));
    const status = (await (await fetch(`${serve!.url}api/status`)).json()) as {
      stats: { totalRecords: number };
      sync: { state: string; lastError: { code: string } | null };
    };
    expect(status.stats.totalRecords).toBeGreaterThan(before.stats.totalRecords);
    // Between attempts it waits ('retrying'), during one it is 'connecting'; the error stands meanwhile.
    expect(['retrying', 'connecting']).toContain(status.sync.state);
    expect(status.sync.lastError?.code).toBe('sync.unreachable');
    expect(JSON.stringify(status)).not.toContain(PASSWORD);
    await panel.getByTestId('sync-test').click();
    await expect
      .poll(() => panel.getByTestId('sync-note').textContent(), { timeout: 15_000 })
      .toContain('connection refused');
    expect(errors).toEqual([]);
  });

  it.skipIf(mongoUnavailable() !== null && process.env.CI !== 'true')(
    'with a reachable server the panel says it is up to date',
    async () => {
      mongo = await startTestMongo();
      const panel = page.getByTestId('sync-panel');
      await panel.getByTestId('sync-uri').fill(mongo.uri);
      await panel.getByTestId('sync-save').click();
      await expect.poll(() => panel.getByTestId('sync-state').textContent(), { timeout: 60_000 }).toBe('Up to date');
      expect(await panel.getByTestId('sync-details').textContent()).toMatch(/last sync \d+ s ago/);
    },
  );
});
