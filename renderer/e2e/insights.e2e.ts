/**
 * The Insights tab end to end in the system Chromium against `serve`: an oven run (sim:oven, seed 6,
 * 60×) escalates its heated cell stage by stage in order, each stage reaching the tab at once although
 * it is paused; a 16-cell propagation run (sim:propagation, 60×) shows every cell the station predicts
 * at Runaway, and a runaway cell's collapsed voltage is marked on its tile by the limits the station
 * reports; 32 cells stay readable at 1024 px. Screenshots of each stage: test-results/insights/.
 */
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPrerequisite, findChromium } from './support/chromium-executable.js';
import {
  expectNeverDescends,
  expectTilesReadable,
  insightsScreenshot,
  openInsights,
  recordEscalation,
  runawayCells,
  sampleCell,
  tilesLabelled,
} from './support/insights-page.js';
import { markOf, stationLimits } from './support/limit-marks.js';
import { RENDERER_INDEX, assertBuilt } from './support/repo-paths.js';
import { startServe, type ServeHandle } from './support/serve-process.js';
import { launchChromium, openStationPage } from './support/station-page.js';
import { makeTempDir, removeDir } from './support/temp-dirs.js';

const chromiumPath = findChromium();
const prerequisite = chromiumPrerequisite(chromiumPath);

describe.skipIf(!prerequisite.run)('Insights tab in Chromium, served by `serve`', () => {
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (prerequisite.failure) throw new Error(prerequisite.failure);
    assertBuilt(RENDERER_INDEX);
    browser = await launchChromium(chromiumPath!);
  });
  afterAll(async () => {
    await browser?.close();
  });

  function served(prefix: string, env: Record<string, string>, width = 1024) {
    const s = {} as { serve: ServeHandle; page: Page; errors: string[] };
    let context: BrowserContext | undefined;
    let dataRoot: string | undefined;
    beforeAll(async () => {
      dataRoot = makeTempDir(prefix);
      s.serve = await startServe({ env: { STATION_DATA_DIR: dataRoot, ...env } });
      const opened = await openStationPage(browser!, s.serve.url, { width, height: 900 });
      context = opened.context;
      s.page = opened.page;
      s.errors = opened.errors;
      await openInsights(s.page);
    });
    afterAll(async () => {
      await context?.close();
      await s.serve?.stop();
      removeDir(dataRoot);
    });
    return s;
  }

  describe('an oven run', () => {
    // Seed 6 ramps the oven: SELF_HEAT near 33 °C (12 s in at 60×), T_WARN, T_ALARM, then the GB 38031
    // runaway about 44 s in.
    const t = served('station-e2e-insights-oven', { STATION_DEVICE: 'sim:oven?speed=60&seed=6' });

    it('escalates the heated cell in order up to Runaway, each stage arriving while the tab is paused', async () => {
      const seen = await recordEscalation(t.page, 1, 90_000);
      console.log(`sim:oven seed 6 at 60×, cell 1 as Insights showed it: ${seen.join(' → ')}`);
      const order = ['Normal', 'Watch', 'Warning', 'Alarm', 'Runaway'];
      const ranks = seen.map((c) => order.indexOf(c));
      // Paused, only escalations reach the tab: never a step down.
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      // SELF_HEAT holds the cell at Watch from about 33 °C, at Warning past the 50 °C line (ml/rule-floor.ts),
      // then T_ALARM and the GB 38031 rule: every stage is shown, each one after the one before.
      expect(seen.filter((c) => c !== 'Normal')).toEqual(['Watch', 'Warning', 'Alarm', 'Runaway']);
      expect(seen[seen.length - 1]).toBe('Runaway');
      expect(await t.page.getByTestId('critical-cells').textContent()).toMatch(/cell 1 \(Runaway\)/);
      expect(await t.page.getByTestId('health-ttr').textContent()).not.toBe('');
    });

    it('keeps the cell at Runaway once there, with the tab running: a runaway is not shown recovering', async () => {
      // 20 s at 60× is 20 simulated minutes: past the model leaving its training range, T_ALARM and
      // T_WARN clearing, and the GB 38031 rule firing (a model Runaway used to fall back to Alarm here).
      const samples = await sampleCell(t.page, t.serve.url, 1, 20_000);
      console.log(`cell 1 after Runaway: ${[...new Set(samples.map((x) => x.tileLabel))].join(', ')}`);
      expect(samples.length).toBeGreaterThan(10);
      expectNeverDescends(samples);
      expect(samples.every((x) => x.tileRank === 4 && x.stationClass === 'Runaway')).toBe(true);
    });

    it('charts the cell’s last hour: the class shown, its five probabilities and its temperature', async () => {
      const trend = t.page.getByTestId('cell-trend');
      await expect
        .poll(async () => Number(await trend.getAttribute('data-points')), { timeout: 15_000 })
        .toBeGreaterThan(60);
      expect(await t.page.getByTestId('cell-trend-summary').textContent()).toMatch(/highest class Runaway/);
      expect(await trend.locator('canvas').count()).toBe(2);
      await insightsScreenshot(t.page, 'cell-trend');
    });

    it('"View Trends" lists the cell’s last predictions with their class counts and direction', async () => {
      await t.page.getByTestId('view-trends').click();
      const row = t.page.locator('[data-testid="trend-row"][data-cell="1"]');
      await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
      const cells = await row.locator('td').allTextContents();
      const counts = cells.slice(3, 8).map(Number);
      expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(3);
      expect(cells[8]).toMatch(/rising|steady|falling/);
      await insightsScreenshot(t.page, 'view-trends');
    });

    it('ran without page errors', () => {
      expect(t.errors).toEqual([]);
    });
  });

  describe('a 16-cell propagation run', () => {
    const t = served('station-e2e-insights-prop', {
      STATION_DEVICE: 'sim:propagation?speed=60&seed=1&cells=16',
    });

    it('shows all 16 cells and every cell the station predicts at Runaway', async () => {
      const page = t.page;
      await expect.poll(() => page.getByTestId('cell-tile').count(), { timeout: 20_000 }).toBe(16);
      await expect.poll(() => runawayCells(t.serve.url), { timeout: 40_000 }).not.toEqual([]);
      // The tab and the station agree once a pull lands between two model runs.
      await expect
        .poll(
          async () => {
            await page.getByTestId('refresh-now').click();
            await page.waitForTimeout(300);
            const [api, ui] = [await runawayCells(t.serve.url), await tilesLabelled(page, 'Runaway')];
            return api.length > 0 && JSON.stringify(api) === JSON.stringify(ui);
          },
          { timeout: 30_000, interval: 500 },
        )
        .toBe(true);
      const runaway = await tilesLabelled(page, 'Runaway');
      const line = (await page.getByTestId('critical-cells').textContent()) ?? '';
      for (const c of runaway) expect(line).toContain(`cell ${c} (Runaway)`);
      // Every tile at Warning or above says what put it there (its label, or the rule or model under it).
      const tiles = await page.getByTestId('cell-tile').evaluateAll((els) =>
        els.map((e) => ({
          cell: e.getAttribute('data-cell'),
          rank: Number(e.getAttribute('data-rank')),
          label: e.getAttribute('data-label') ?? '',
          cause: e.getAttribute('data-cause') ?? '',
        })),
      );
      const raised = tiles.filter((x) => x.rank >= 2);
      console.log(
        `propagation tiles at Warning+: ${raised.map((x) => `${x.cell} ${x.label} (${x.cause})`).join(', ')}`,
      );
      for (const x of raised) expect(x.label.startsWith('Rule:') || x.cause !== '').toBe(true);
      await expectTilesReadable(page);
      await insightsScreenshot(page, 'propagation-16-cells');
    });

    it('keeps the first cell to run away at Runaway from then on', async () => {
      await expect.poll(async () => (await runawayCells(t.serve.url)).includes(1), { timeout: 60_000 }).toBe(true);
      const samples = await sampleCell(t.page, t.serve.url, 1, 15_000);
      expectNeverDescends(samples);
      expect(samples.every((x) => x.tileRank === 4 && x.stationClass === 'Runaway')).toBe(true);
    });

    it('marks a runaway cell’s collapsed voltage on its tile, below the station’s under-voltage line', async () => {
      const volt = t.page.locator('[data-testid="tile-volt"][data-level="alarm"]');
      await expect
        .poll(
          async () => {
            await t.page.getByTestId('refresh-now').click();
            return volt.count();
          },
          { timeout: 30_000, interval: 1000 },
        )
        .toBeGreaterThan(0);
      const limits = await stationLimits(t.serve.url);
      const mark = await markOf(volt.first());
      expect(mark.value).toBeLessThan(limits.voltLowAlarmV);
      expect(mark.title).toContain(`below the ${limits.voltLowAlarmV.toFixed(2)} V under-voltage line`);
      await expectTilesReadable(t.page);
    });

    it('ran without page errors', () => {
      expect(t.errors).toEqual([]);
    });
  });

  describe('32 cells at 1024 px', () => {
    const t = served('station-e2e-insights-32', { STATION_DEVICE: 'sim', STATION_SIM_CELLS: '32' });

    it('draws 32 readable tiles with their temperatures', async () => {
      await expect.poll(() => t.page.getByTestId('cell-tile').count(), { timeout: 20_000 }).toBe(32);
      await expect
        .poll(() => t.page.locator('[data-testid="cell-tile"] .cell-tile__temp').allTextContents(), { timeout: 20_000 })
        .toSatisfy((temps: string[]) => temps.every((x) => /^\d+\.\d °C$/.test(x)));
      await expectTilesReadable(t.page);
      await insightsScreenshot(t.page, 'overview-32-cells');
    });
  });
});
