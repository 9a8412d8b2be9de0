/**
 * End to end in the desktop app (Playwright `_electron`): the built main process starts the core
 * with the simulated rig and a temporary data folder, and the Live tab passes the same checks as in
 * Chromium; then the alarm flow on the oven scenario at 600× (banner on every tab, tone until
 * acknowledged, the Alarms tab), and the Insights flows the Chromium suite runs (a heated cell escalating
 * stage by stage, a 16-cell propagation overview showing every runaway cell). The Electron binary cannot be downloaded on this project's build
 * machines, so this is the one suite that skips — loudly — when it is absent, even with CI=true.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LiveTabPage,
  expectDefaultInterval,
  expectPauseAndResume,
  expectRefreshNow,
  expectShell,
  expectTableFillsAndCountRises,
  saveScreenshot,
} from '../../renderer/e2e/support/live-tab-page.js';
import {
  acknowledgeAll,
  countOscillatorStarts,
  expectAlarmsTabLists,
  expectBannerOnEveryTab,
  expectQuietAfterAcknowledging,
  expectToneRepeats,
} from '../../renderer/e2e/support/alarm-flow.js';
import {
  expectTilesReadable,
  insightsScreenshot,
  openInsights,
  recordEscalation,
  tilesLabelled,
} from '../../renderer/e2e/support/insights-page.js';
import { collectPageErrors } from '../../renderer/e2e/support/page-errors.js';
import { ELECTRON_MAIN, REPO_ROOT, assertBuilt } from '../../renderer/e2e/support/repo-paths.js';
import { makeTempDir, removeDir } from '../../renderer/e2e/support/temp-dirs.js';
import { ELECTRON_ABSENT, findElectronBinary } from './support/electron-binary.js';

const electronBinary = findElectronBinary();
if (!electronBinary) console.warn(`\n${'!'.repeat(100)}\n!!! ${ELECTRON_ABSENT}\n${'!'.repeat(100)}\n`);

/** The built app on a temporary data folder and the given device, its window at 1280×800. */
async function launchApp(
  dataDir: string,
  env: Record<string, string>,
): Promise<{ app: ElectronApplication; page: Page }> {
  // Chromium refuses to run as root with its sandbox on; CI containers run as root.
  const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  const app = await _electron.launch({
    executablePath: electronBinary!,
    args: [...rootArgs, ELECTRON_MAIN],
    cwd: REPO_ROOT,
    env: { ...(process.env as Record<string, string>), STATION_DATA_DIR: dataDir, ...env },
    timeout: 60_000,
  });
  const page = await app.firstWindow();
  await page.setViewportSize({ width: 1280, height: 800 });
  return { app, page };
}

describe.skipIf(!electronBinary)('Live tab in the Electron app', () => {
  let app: ElectronApplication | undefined;
  let page: Page;
  let live: LiveTabPage;
  let dataDir: string | undefined;
  let errors: string[] = [];

  beforeAll(async () => {
    assertBuilt(ELECTRON_MAIN);
    dataDir = makeTempDir('station-electron-e2e');
    ({ app, page } = await launchApp(dataDir, {
      STATION_DEVICE: 'sim',
      STATION_SIM_PERIOD_MS: '200',
      STATION_SIM_CELLS: '4',
    }));
    errors = collectPageErrors(page);
    live = new LiveTabPage(page);
  });

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    removeDir(dataDir);
  });

  it('opens on the Live tab with header, status and tabs', async () => {
    await expectShell(page);
  });

  it('auto-refreshes every 5 s by default, with a countdown', async () => {
    await expectDefaultInterval(live);
  });

  it('fills the table and the record count rises', async () => {
    await expectTableFillsAndCountRises(live);
  });

  it('Pause stops the updates; Resume restarts them', async () => {
    // The station's own count, read through the preload's bridge rather than the page's DOM.
    const stationCount = () =>
      page.evaluate(async () => {
        type Stats = { ok: true; result: { totalRecords: number } } | { ok: false; error: { message: string } };
        const station = (
          globalThis as unknown as { station: { getStats(p: object, deadlineMs: number): Promise<Stats> } }
        ).station;
        const r = await station.getStats({}, Date.now() + 5000);
        if (!r.ok) throw new Error(r.error.message);
        return r.result.totalRecords;
      });
    await expectPauseAndResume(live, stationCount);
  });

  it('Refresh Now updates at once, even while paused', async () => {
    await expectRefreshNow(live);
  });

  it('runs the page sandboxed and isolated, without Node, from app://station/', async () => {
    expect(page.url()).toMatch(/^app:\/\/station\//);
    const seen = await page.evaluate(() => {
      const g = globalThis as unknown as Record<string, unknown>;
      return { require: typeof g.require, process: typeof g.process, ipc: 'ipcRenderer' in (g.station as object) };
    });
    expect(seen).toEqual({ require: 'undefined', process: 'undefined', ipc: false });
  });

  it('connects nowhere and opens no window', async () => {
    const fetched = await page.evaluate(() =>
      fetch('https://example.com/').then(
        () => 'loaded',
        () => 'blocked',
      ),
    );
    expect(fetched).toBe('blocked');
    const opened = await page.evaluate(() =>
      (globalThis as unknown as { open(u: string): unknown }).open('https://example.com/'),
    );
    expect(opened).toBeNull();
    expect(app!.windows()).toHaveLength(1);
  });

  it('keeps the sync URI through main: encrypted by safeStorage, or in the 0600 file with a warning', async () => {
    const password = 'e2e-only-password';
    const settings = await page.evaluate(async (uri) => {
      type R = { ok: true; result: Record<string, unknown> } | { ok: false; error: { message: string } };
      const station = (
        globalThis as unknown as { station: { setSyncSettings(p: object, deadlineMs: number): Promise<R> } }
      ).station;
      const r = await station.setSyncSettings({ uri, enabled: false }, Date.now() + 20_000);
      if (!r.ok) throw new Error(r.error.message);
      return r.result;
    }, `mongodb://lab:${password}@127.0.0.1:1/`);
    const files = readdirSync(dataDir!);
    // Which one depends on the machine (a Linux CI box has no keyring); both must say so truthfully.
    if (settings.secretStorage === 'os-keychain') {
      expect(settings.secretStorageWarning).toBeNull();
      expect(files).toContain('sync-secret.enc');
      expect(files).not.toContain('sync-secret.json');
      expect(readFileSync(join(dataDir!, 'sync-secret.enc')).includes(password)).toBe(false);
    } else {
      expect(settings).toMatchObject({
        secretStorage: 'file',
        secretStorageWarning: expect.stringMatching(/keychain/),
      });
      expect(files).toContain('sync-secret.json');
    }
  });

  it("shows the core's pulse", async () => {
    await expect
      .poll(() => page.getByTestId('core-pulse').getAttribute('data-state'), { timeout: 15_000 })
      .toBe('alive');
  });

  it('saves a screenshot', async () => {
    await saveScreenshot(page, 'electron-live-tab');
  });

  it('ran without page errors', () => {
    expect(errors).toEqual([]);
  });
});

describe.skipIf(!electronBinary)('Alarms in the Electron app (sim:oven at 600×)', () => {
  let app: ElectronApplication | undefined;
  let page: Page;
  let dataDir: string | undefined;
  let errors: string[] = [];
  const operator = 'Ana Tester';

  beforeAll(async () => {
    assertBuilt(ELECTRON_MAIN);
    dataDir = makeTempDir('station-electron-alarms-e2e');
    ({ app, page } = await launchApp(dataDir, { STATION_DEVICE: 'sim:oven?speed=600&seed=5&cells=1' }));
    errors = collectPageErrors(page);
    // The tone is counted from the first page load on: the init script needs a reload to run.
    await countOscillatorStarts(page);
    await page.reload();
  });

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    removeDir(dataDir);
  });

  it('raises the banner on every tab with the title, icon and a repeating tone', async () => {
    await expectBannerOnEveryTab(page, 'electron-alarms');
    await expectToneRepeats(page);
  });

  it('acknowledging every alarm stops the tone; the Alarms tab records who and when', async () => {
    // The runaway comes about 3 s after the first limit at 600×: acknowledge the whole episode.
    await new Promise((r) => setTimeout(r, 10_000));
    expect(await acknowledgeAll(page, operator)).toBeGreaterThan(0);
    await expectQuietAfterAcknowledging(page);
    await expectAlarmsTabLists(page, operator, 'electron-alarms');
    // The page may not download: the station writes the CSV into its exports folder and says where.
    await page.getByTestId('log-export').click();
    await expect.poll(() => page.getByTestId('log-export-note').textContent()).toMatch(/^Saved to .*alarms-.*\.csv$/);
    expect(readdirSync(join(dataDir!, 'exports')).some((f) => /^alarms-.*\.csv$/.test(f))).toBe(true);
    expect(errors).toEqual([]);
  });
});

describe.skipIf(!electronBinary)('Insights in the Electron app', () => {
  let app: ElectronApplication | undefined;
  let page: Page;
  let dataDir: string | undefined;
  let errors: string[] = [];

  async function open(device: string): Promise<void> {
    await app?.close().catch(() => undefined);
    removeDir(dataDir);
    dataDir = makeTempDir('station-electron-insights-e2e');
    ({ app, page } = await launchApp(dataDir, { STATION_DEVICE: device }));
    await page.setViewportSize({ width: 1024, height: 900 });
    errors = collectPageErrors(page);
    await openInsights(page);
  }

  beforeAll(() => assertBuilt(ELECTRON_MAIN));
  afterAll(async () => {
    await app?.close().catch(() => undefined);
    removeDir(dataDir);
  });

  it('escalates the oven’s heated cell in order up to Runaway while the tab is paused', async () => {
    // The same run as the Chromium suite's (seed 6 at 60×), so the two can be compared stage by stage.
    await open('sim:oven?speed=60&seed=6');
    const seen = await recordEscalation(page, 1, 90_000);
    console.log(`Electron, sim:oven seed 6 at 60×, cell 1: ${seen.join(' → ')}`);
    const order = ['Normal', 'Watch', 'Warning', 'Alarm', 'Runaway'];
    const ranks = seen.map((c) => order.indexOf(c));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    // SELF_HEAT holds the cell at Watch from about 33 °C, at Warning past the 50 °C line (ml/rule-floor.ts),
    // then T_ALARM and the GB 38031 rule: every stage is shown, each one after the one before.
    expect(seen.filter((c) => c !== 'Normal')).toEqual(['Watch', 'Warning', 'Alarm', 'Runaway']);
    expect(await page.getByTestId('critical-cells').textContent()).toMatch(/cell 1 \(Runaway\)/);
    await insightsScreenshot(page, 'electron-oven-runaway');
    expect(errors).toEqual([]);
  });

  it('shows all 16 propagation cells readable at 1024 px, every runaway cell named', async () => {
    await open('sim:propagation?speed=60&seed=1&cells=16');
    await expect.poll(() => page.getByTestId('cell-tile').count(), { timeout: 20_000 }).toBe(16);
    await expect.poll(() => tilesLabelled(page, 'Runaway'), { timeout: 60_000 }).not.toEqual([]);
    const runaway = await tilesLabelled(page, 'Runaway');
    const line = (await page.getByTestId('critical-cells').textContent()) ?? '';
    for (const c of runaway) expect(line).toContain(`cell ${c} (Runaway)`);
    await expectTilesReadable(page);
    await insightsScreenshot(page, 'electron-propagation-16-cells');
    expect(errors).toEqual([]);
  });
});
