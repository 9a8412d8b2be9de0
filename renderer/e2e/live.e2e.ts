/**
 * End to end in the system Chromium: `serve` (the headless station with the simulated rig) on a
 * free port with a temporary data folder, the built UI opened in a real browser, and the Live tab
 * checked the way an operator would use it, including the risk model's class per cell. Also: an
 * unusable data folder is reported in the UI while live data keeps flowing, and a missing model file
 * is reported while the station runs on the safety rules alone.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPrerequisite, findChromium } from './support/chromium-executable.js';
import {
  LiveTabPage,
  expectDefaultInterval,
  expectPauseAndResume,
  expectRefreshNow,
  expectShell,
  expectTableFillsAndCountRises,
  saveScreenshot,
} from './support/live-tab-page.js';
import { collectPageErrors } from './support/page-errors.js';
import { RENDERER_INDEX, assertBuilt } from './support/repo-paths.js';
import { startServe, type ServeHandle } from './support/serve-process.js';
import { makeTempDir, removeDir, unwritableDataDir } from './support/temp-dirs.js';

const chromiumPath = findChromium();
const prerequisite = chromiumPrerequisite(chromiumPath);

/** Fast simulated rig: 4 cells every 200 ms, so tables fill in seconds. */
const FAST_SIM = { STATION_DEVICE: 'sim', STATION_SIM_PERIOD_MS: '200', STATION_SIM_CELLS: '4' };

async function stationRecordCount(serve: ServeHandle): Promise<number> {
  const res = await fetch(new URL('api/status', serve.url));
  const body = (await res.json()) as { stats: { totalRecords: number } };
  return body.stats.totalRecords;
}

describe.skipIf(!prerequisite.run)('Live tab in Chromium, served by `serve`', () => {
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (prerequisite.failure) throw new Error(prerequisite.failure);
    assertBuilt(RENDERER_INDEX);
    browser = await chromium.launch({ executablePath: chromiumPath!, headless: true, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function openPage(url: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(url);
    return { context, page, errors };
  }

  describe('with a writable data folder', () => {
    let dataRoot: string | undefined;
    let serve: ServeHandle | undefined;
    let context: BrowserContext | undefined;
    let live: LiveTabPage;
    let errors: string[] = [];

    beforeAll(async () => {
      dataRoot = makeTempDir('station-e2e');
      serve = await startServe({ env: { ...FAST_SIM, STATION_DATA_DIR: dataRoot } });
      const opened = await openPage(serve.url);
      context = opened.context;
      errors = opened.errors;
      live = new LiveTabPage(opened.page);
    });

    afterAll(async () => {
      await context?.close();
      await serve?.stop();
      removeDir(dataRoot);
    });

    it('opens on the Live tab with header, status and tabs (unfinished ones disabled, saying why)', async () => {
      await expectShell(live.page);
      await expect.poll(() => live.page.getByTestId('storage-state').getAttribute('data-state')).toBe('ok');
      expect(await live.page.getByTestId('notice').count()).toBe(0);
    });

    it('auto-refreshes every 5 s by default, with a countdown', async () => {
      await expectDefaultInterval(live);
    });

    it('fills the table with the latest 100 readings and the record count rises', async () => {
      await expectTableFillsAndCountRises(live);
    });

    it('Pause stops the updates for more than two intervals; Resume restarts them', async () => {
      await expectPauseAndResume(live, () => stationRecordCount(serve!));
    });

    it('Refresh Now updates at once, even while paused', async () => {
      await expectRefreshNow(live);
    });

    it('shows the risk class of every cell with confidence, reliability and the model version', async () => {
      const page = live.page;
      const table = page.getByTestId('risk-table');
      await expect.poll(() => table.locator('th').allTextContents()).toContain('Class');
      await expect.poll(() => page.getByTestId('risk-class').count(), { timeout: 20_000 }).toBe(4);
      for (const text of await page.getByTestId('risk-class').allTextContents())
        expect(['Normal', 'Watch', 'Warning', 'Alarm', 'Runaway', 'Unknown']).toContain(text);
      const rows = await page.getByTestId('risk-row').allTextContents();
      expect(rows.every((r) => /\d+ %/.test(r))).toBe(true);
      expect(await page.getByTestId('risk-reliability').first().getAttribute('title')).toMatch(/^Reliability /);
      expect(await page.getByTestId('model-version').textContent()).toMatch(/^model \S+ · advisory/);
      expect(await page.getByTestId('model-badge').count()).toBe(0);
      await expect.poll(() => page.getByTestId('risk-recommendation').count()).toBe(1);
      // The same predictions over HTTP.
      const body = (await (await fetch(new URL('api/ml/predict', serve!.url))).json()) as {
        modelState: string;
        predictions: { cell: number; modelVersion: string }[];
      };
      expect(body.modelState).toBe('loaded');
      expect(body.predictions.map((p) => p.cell)).toEqual([1, 2, 3, 4]);
    });

    it('saves a 1280×800 screenshot of the Live tab', async () => {
      await live.setIntervalS(1);
      await live.page.getByTestId('chart-window-select').selectOption('60');
      await live.waitForRecordsAbove(await live.recordCount(), 5000);
      await live.setIntervalS(5);
      await live.page.mouse.move(0, 0);
      const path = await saveScreenshot(live.page, 'live-tab', { readmeCopy: true });
      expect(path).toMatch(/test-results[\\/]live-tab\.png$/);
    });

    it('ran without page errors', () => {
      expect(errors).toEqual([]);
    });
  });

  describe('with a missing model file', () => {
    let dataRoot: string | undefined;
    let serve: ServeHandle | undefined;
    let context: BrowserContext | undefined;
    let live: LiveTabPage;
    const missing = '/nonexistent/models/risk-model.onnx';

    beforeAll(async () => {
      dataRoot = makeTempDir('station-e2e-nomodel');
      serve = await startServe({ env: { ...FAST_SIM, STATION_DATA_DIR: dataRoot, STATION_MODEL_PATH: missing } });
      const opened = await openPage(serve.url);
      context = opened.context;
      live = new LiveTabPage(opened.page);
    });

    afterAll(async () => {
      await context?.close();
      await serve?.stop();
      removeDir(dataRoot);
    });

    it('says "rules only" in the Live tab and the banner, names the file, and live data keeps flowing', async () => {
      const page = live.page;
      await expect.poll(() => page.getByTestId('model-badge').textContent()).toBe('model not loaded — rules only');
      const notice = page.locator('[data-testid="notice"][data-code="model.unavailable"]');
      await expect.poll(() => notice.count()).toBe(1);
      expect(await notice.textContent()).toContain(missing);
      expect(await notice.textContent()).toMatch(/safety rules alone/);
      expect(await page.getByTestId('risk-table').textContent()).toMatch(/risk model is not loaded/);
      expect(serve!.output()).toMatch(/error: Risk model not loaded .*model\.unavailable/);
      await live.setIntervalS(1);
      await expect.poll(() => live.rowCount(), { timeout: 20_000 }).toBeGreaterThan(0);
      const info = (await (await fetch(new URL('api/model/info', serve!.url))).json()) as { state: string };
      expect(info.state).toBe('unavailable');
    });
  });

  describe('with a data folder that cannot be created', () => {
    let dataRoot: string | undefined;
    let serve: ServeHandle | undefined;
    let context: BrowserContext | undefined;
    let live: LiveTabPage;
    let badDir = '';

    beforeAll(async () => {
      dataRoot = makeTempDir('station-e2e-bad');
      badDir = unwritableDataDir(dataRoot);
      serve = await startServe({ env: { ...FAST_SIM, STATION_DATA_DIR: badDir } });
      const opened = await openPage(serve.url);
      context = opened.context;
      live = new LiveTabPage(opened.page);
    });

    afterAll(async () => {
      await context?.close();
      await serve?.stop();
      removeDir(dataRoot);
    });

    it('says clearly that readings are not stored, and where', async () => {
      const alert = live.page.getByRole('alert').filter({ hasText: 'NOT stored' });
      await expect.poll(() => alert.count(), { timeout: 10_000 }).toBe(1);
      const text = (await alert.textContent()) ?? '';
      expect(text).toMatch(/^Database error: live data NOT stored/);
      expect(text).toContain(badDir);
      await expect.poll(() => live.page.getByTestId('storage-state').textContent()).toBe('NOT storing — memory only');
      await expect.poll(() => live.page.getByTestId('stat-total-records').textContent()).toContain('NOT stored');
      // The station log says so too.
      expect(serve!.output()).toMatch(/error: .*NOT stored/);
    });

    it('still shows live data', async () => {
      await live.setIntervalS(1);
      await expect.poll(() => live.rowCount(), { timeout: 20_000 }).toBeGreaterThan(0);
      const first = await live.recordCount();
      expect(await live.waitForRecordsAbove(first, 5000)).toBeGreaterThan(first);
      await expect
        .poll(() => live.page.getByTestId('station-live').getAttribute('data-state'), { timeout: 10_000 })
        .toBe('live');
    });

    it('lets the operator hide the notice while the header keeps the fact visible', async () => {
      await saveScreenshot(live.page, 'live-tab-store-error');
      await live.page.getByRole('button', { name: /^Hide notice: Database error/ }).click();
      await expect.poll(() => live.page.getByRole('alert').filter({ hasText: 'NOT stored' }).count()).toBe(0);
      expect(await live.page.getByTestId('storage-state').textContent()).toBe('NOT storing — memory only');
    });
  });
});
