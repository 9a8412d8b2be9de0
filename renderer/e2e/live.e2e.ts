/**
 * End to end in the system Chromium: `serve` (the headless station with the simulated rig) on a
 * free port with a temporary data folder, the built UI opened in a real browser, and the Live tab
 * checked the way an operator would use it, including the risk model's class per cell. Also: an
 * unusable data folder is reported in the UI while live data keeps flowing, and a missing model file
 * is reported while the station runs on the safety rules alone. A heater-pad run drives one cell past
 * its limits: its temperature is marked in the table, on the card and on its Insights tile by the
 * limits the station reports, while a calm cell beside it and a normal run stay unmarked.
 */
import type { Browser, BrowserContext } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPrerequisite, findChromium } from './support/chromium-executable.js';
import {
  LiveTabPage,
  expectDefaultInterval,
  expectPauseAndResume,
  expectRefreshNow,
  expectShell,
  expectTableFillsAndCountRises,
  saveScreenshot,
} from './support/live-tab-page.js';
import { expectTilesReadable, insightsScreenshot, openInsights } from './support/insights-page.js';
import {
  expectLooksUnlike,
  markOf,
  readingRows,
  settledRows,
  stationLimits,
  waitForQuiet,
} from './support/limit-marks.js';
import { RENDERER_INDEX, assertBuilt } from './support/repo-paths.js';
import { startServe, type ServeHandle } from './support/serve-process.js';
import { launchChromium, openStationPage } from './support/station-page.js';
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
    browser = await launchChromium(chromiumPath!);
  });

  afterAll(async () => {
    await browser?.close();
  });

  /**
   * A station served with `env(dataRoot)` and the Live tab open on it, for one describe block; the
   * returned object is filled in before its tests run.
   */
  function servedLiveTab(prefix: string, env: (dataRoot: string) => Record<string, string>) {
    const s = {} as { dataRoot: string; serve: ServeHandle; live: LiveTabPage; errors: string[] };
    let context: BrowserContext | undefined;
    beforeAll(async () => {
      s.dataRoot = makeTempDir(prefix);
      s.serve = await startServe({ env: { ...FAST_SIM, ...env(s.dataRoot) } });
      const opened = await openStationPage(browser!, s.serve.url);
      context = opened.context;
      s.errors = opened.errors;
      s.live = new LiveTabPage(opened.page);
    });
    afterAll(async () => {
      await context?.close();
      await s.serve?.stop();
      removeDir(s.dataRoot);
    });
    return s;
  }

  describe('with a writable data folder', () => {
    const t = servedLiveTab('station-e2e', (dataRoot) => ({ STATION_DATA_DIR: dataRoot }));

    it('opens on the Live tab with header, status and tabs (unfinished ones disabled, saying why)', async () => {
      await expectShell(t.live.page);
      await expect.poll(() => t.live.page.getByTestId('storage-state').getAttribute('data-state')).toBe('ok');
      expect(await t.live.page.getByTestId('notice').count()).toBe(0);
    });

    it('auto-refreshes every 5 s by default, with a countdown', async () => {
      await expectDefaultInterval(t.live);
    });

    it('fills the table with the latest 100 readings and the record count rises', async () => {
      await expectTableFillsAndCountRises(t.live);
    });

    it('Pause stops the updates for more than two intervals; Resume restarts them', async () => {
      await expectPauseAndResume(t.live, () => stationRecordCount(t.serve));
    });

    it('Refresh Now updates at once, even while paused', async () => {
      await expectRefreshNow(t.live);
    });

    it('shows the risk class of every cell with confidence, reliability and the model version', async () => {
      const page = t.live.page;
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
      const body = (await (await fetch(new URL('api/ml/predict', t.serve.url))).json()) as {
        modelState: string;
        predictions: { cell: number; modelVersion: string }[];
      };
      expect(body.modelState).toBe('loaded');
      expect(body.predictions.map((p) => p.cell)).toEqual([1, 2, 3, 4]);
    });

    it('marks no value while every cell is inside its limits', async () => {
      await expect.poll(() => t.live.rowCount(), { timeout: 20_000 }).toBeGreaterThan(0);
      const limits = await stationLimits(t.serve.url);
      await t.live.pause();
      await waitForQuiet(t.live.page);
      const rows = await readingRows(t.live.page);
      expect(rows.every((r) => r.temp.value < limits.tempWarnC)).toBe(true);
      expect(rows.map((r) => r.temp.level)).toEqual(rows.map(() => 'ok'));
      expect(rows.map((r) => r.volt.level)).toEqual(rows.map(() => 'ok'));
      for (const id of ['stat-avg-temp', 'stat-cell-voltage'])
        expect(await t.live.page.getByTestId(id).getAttribute('data-level')).toBe('ok');
      expect(await t.live.page.locator('.limit').count()).toBe(0);
      await t.live.resume();
    });

    it('saves a 1280×800 screenshot of the Live tab', async () => {
      await t.live.setIntervalS(1);
      await t.live.page.getByTestId('chart-window-select').selectOption('60');
      await t.live.waitForRecordsAbove(await t.live.recordCount(), 5000);
      await t.live.setIntervalS(5);
      await t.live.page.mouse.move(0, 0);
      const path = await saveScreenshot(t.live.page, 'live-tab', { readmeCopy: true });
      expect(path).toMatch(/test-results[\\/]live-tab\.png$/);
    });

    it('ran without page errors', () => {
      expect(t.errors).toEqual([]);
    });
  });

  describe('a heater-pad run: one cell heated past its limits', () => {
    // At 30× the heated cell passes its limits some 20 s in (at 10× it took 63 s to reach 60 °C), while
    // its neighbours in their air-gap holder are still near room temperature (25 °C seen).
    const t = servedLiveTab('station-e2e-limits', (dataRoot) => ({
      STATION_DATA_DIR: dataRoot,
      STATION_DEVICE: 'sim:heater-pad?speed=30&seed=3&cells=4',
    }));
    const hot = { cell: 0 };

    it('marks the hot cell in the table and on the card by the limits the station reports; a calm cell stays plain', async () => {
      const page = t.live.page;
      await t.live.setIntervalS(1);
      const pastAlarm = page.locator(
        '[data-testid="reading-temp"][data-level="alarm"], [data-testid="reading-temp"][data-level="critical"]',
      );
      await expect.poll(() => pastAlarm.count(), { timeout: 90_000, interval: 250 }).toBeGreaterThan(0);
      await t.live.pause();
      await waitForQuiet(page);
      const limits = await stationLimits(t.serve.url);
      const rows = await settledRows(page);
      const marked = rows.find((r) => r.temp.level === 'alarm' || r.temp.level === 'critical')!;
      const calm = rows.find((r) => r.temp.level === 'ok' && r.cell !== marked.cell);
      console.log(
        `limits ${JSON.stringify(limits)}; marked cell ${marked.cell} at ${marked.temp.value} °C (${marked.temp.level}), calm cell ${calm?.cell} at ${calm?.temp.value} °C`,
      );
      expect(calm).toBeDefined();
      hot.cell = marked.cell;
      expect(marked.temp.value).toBeGreaterThanOrEqual(limits.tempAlarmC);
      expect(calm!.temp.value).toBeLessThan(limits.tempWarnC);
      expectLooksUnlike(marked.temp, calm!.temp);
      expect(marked.temp.color).not.toBe(calm!.temp.color);
      expect(marked.temp.title).toContain(
        marked.temp.level === 'critical' ? `the ${limits.tempMaxC} °C maximum` : `the ${limits.tempAlarmC} °C limit`,
      );
      // Every row is judged alike: each marked row is past the warning line, each plain one below it.
      for (const r of rows) expect(r.temp.level !== 'ok').toBe(r.temp.value >= limits.tempWarnC);

      const card = page.getByTestId('stat-avg-temp');
      expect(await card.getAttribute('data-level')).toMatch(/^(alarm|critical)$/);
      expect(await page.getByTestId('stat-temp-worst').textContent()).toContain(`Cell ${marked.cell}:`);
      const border = (id: string) =>
        page.getByTestId(id).evaluate((e) => e.ownerDocument.defaultView!.getComputedStyle(e).borderTopColor);
      expect(await border('stat-avg-temp')).not.toBe(await border('stat-avg-humidity'));
      const path = await saveScreenshot(page, 'live-tab-limits', { fullPage: true });
      expect(path).toMatch(/test-results[\\/]live-tab-limits\.png$/);
      await t.live.resume();
    });

    it('marks the same cell’s temperature on its Insights tile, and not a calm one', async () => {
      const page = t.live.page;
      await openInsights(page);
      const tileTemp = (cell: number) =>
        page.locator(`[data-testid="cell-tile"][data-cell="${cell}"] [data-testid="tile-temp"]`);
      await expect
        .poll(() => tileTemp(hot.cell).getAttribute('data-level'), { timeout: 20_000 })
        .toMatch(/^(alarm|critical)$/);
      const tiles = await page
        .getByTestId('tile-temp')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-level')));
      const calmCell = tiles.findIndex((l) => l === 'ok') + 1;
      expect(calmCell).toBeGreaterThan(0);
      expectLooksUnlike(await markOf(tileTemp(hot.cell)), await markOf(tileTemp(calmCell)));
      expect(
        await page.locator(`[data-testid="cell-tile"][data-cell="${hot.cell}"]`).getAttribute('aria-label'),
      ).toMatch(/°C above the \d+ °C (limit|maximum)/);
      await expectTilesReadable(page);
      await insightsScreenshot(page, 'limits-tiles');
    });

    it('ran without page errors', () => {
      expect(t.errors).toEqual([]);
    });
  });

  describe('with a missing model file', () => {
    const missing = '/nonexistent/models/risk-model.onnx';
    const t = servedLiveTab('station-e2e-nomodel', (dataRoot) => ({
      STATION_DATA_DIR: dataRoot,
      STATION_MODEL_PATH: missing,
    }));

    it('says "rules only" in the Live tab and the banner, names the file, and live data keeps flowing', async () => {
      const page = t.live.page;
      await expect.poll(() => page.getByTestId('model-badge').textContent()).toBe('model not loaded — rules only');
      const notice = page.locator('[data-testid="notice"][data-code="model.unavailable"]');
      await expect.poll(() => notice.count()).toBe(1);
      expect(await notice.textContent()).toContain(missing);
      expect(await notice.textContent()).toMatch(/safety rules alone/);
      expect(await page.getByTestId('risk-table').textContent()).toMatch(/risk model is not loaded/);
      expect(t.serve.output()).toMatch(/error: Risk model not loaded .*model\.unavailable/);
      await t.live.setIntervalS(1);
      await expect.poll(() => t.live.rowCount(), { timeout: 20_000 }).toBeGreaterThan(0);
      const info = (await (await fetch(new URL('api/model/info', t.serve.url))).json()) as { state: string };
      expect(info.state).toBe('unavailable');
    });
  });

  describe('with a data folder that cannot be created', () => {
    let badDir = '';
    const t = servedLiveTab('station-e2e-bad', (dataRoot) => {
      badDir = unwritableDataDir(dataRoot);
      return { STATION_DATA_DIR: badDir };
    });

    it('says clearly that readings are not stored, and where', async () => {
      const alert = t.live.page.getByRole('alert').filter({ hasText: 'NOT stored' });
      await expect.poll(() => alert.count(), { timeout: 10_000 }).toBe(1);
      const text = (await alert.textContent()) ?? '';
      expect(text).toMatch(/^Database error: live data NOT stored/);
      expect(text).toContain(badDir);
      await expect.poll(() => t.live.page.getByTestId('storage-state').textContent()).toBe('NOT storing — memory only');
      await expect.poll(() => t.live.page.getByTestId('stat-total-records').textContent()).toContain('NOT stored');
      // The station log says so too.
      expect(t.serve.output()).toMatch(/error: .*NOT stored/);
    });

    it('still shows live data', async () => {
      await t.live.setIntervalS(1);
      await expect.poll(() => t.live.rowCount(), { timeout: 20_000 }).toBeGreaterThan(0);
      const first = await t.live.recordCount();
      expect(await t.live.waitForRecordsAbove(first, 5000)).toBeGreaterThan(first);
      await expect
        .poll(() => t.live.page.getByTestId('station-live').getAttribute('data-state'), { timeout: 10_000 })
        .toBe('live');
    });

    it('lets the operator hide the notice while the header keeps the fact visible', async () => {
      await saveScreenshot(t.live.page, 'live-tab-store-error');
      await t.live.page.getByRole('button', { name: /^Hide notice: Database error/ }).click();
      await expect.poll(() => t.live.page.getByRole('alert').filter({ hasText: 'NOT stored' }).count()).toBe(0);
      expect(await t.live.page.getByTestId('storage-state').textContent()).toBe('NOT storing — memory only');
    });
  });
});
