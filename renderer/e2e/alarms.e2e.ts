/**
 * Alarms end to end in the system Chromium against `serve` with the oven scenario at 600×: the cell
 * crosses the temperature limits and runs away within seconds, so the banner must appear on every
 * tab with the tone repeating; acknowledging each alarm (name, comment) silences it and the station
 * records who and when (checked over GET /api/alarms too); the Alarms tab lists the entries, filters
 * them and exports exactly the filtered rows as CSV. Screenshots go to test-results/.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmList } from '../../native-bridge/contract/index.js';
import {
  acknowledgeAll,
  countOscillatorStarts,
  expectAlarmsTabLists,
  expectBannerOnEveryTab,
  expectQuietAfterAcknowledging,
  expectToneRepeats,
} from './support/alarm-flow.js';
import { chromiumPrerequisite, findChromium } from './support/chromium-executable.js';
import { saveScreenshot } from './support/live-tab-page.js';
import { RENDERER_INDEX, assertBuilt } from './support/repo-paths.js';
import { startServe, type ServeHandle } from './support/serve-process.js';
import { launchChromium } from './support/station-page.js';
import { collectPageErrors } from './support/page-errors.js';
import { makeTempDir, removeDir } from './support/temp-dirs.js';

const chromiumPath = findChromium();
const prerequisite = chromiumPrerequisite(chromiumPath);
const OPERATOR = 'Ana Tester';

describe.skipIf(!prerequisite.run)('Alarms in Chromium, served by `serve` (sim:oven at 600×)', () => {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let serve: ServeHandle | undefined;
  let dataRoot = '';
  let errors: string[] = [];
  let startedMs = 0;

  beforeAll(async () => {
    if (prerequisite.failure) throw new Error(prerequisite.failure);
    assertBuilt(RENDERER_INDEX);
    dataRoot = makeTempDir('station-alarms-e2e');
    serve = await startServe({
      env: { STATION_DEVICE: 'sim:oven?speed=600&seed=5&cells=1', STATION_DATA_DIR: dataRoot },
    });
    browser = await launchChromium(chromiumPath!);
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page = await context.newPage();
    errors = collectPageErrors(page);
    await countOscillatorStarts(page);
    startedMs = Date.now();
    await page.goto(serve.url);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await serve?.stop();
    removeDir(dataRoot);
  });

  it('raises the banner on every tab, changes the title and icon, and repeats the tone', async () => {
    await expectBannerOnEveryTab(page, 'alarms');
    await expectToneRepeats(page);
  });

  it('asks before disconnecting a device with an active alarm, naming it; declining keeps the device', async () => {
    await page.getByRole('tab', { name: 'Settings' }).click();
    const row = page.getByTestId('device-row').first();
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    const asked = new Promise<string>((resolve) =>
      page.once('dialog', (d) => {
        resolve(d.message());
        void d.dismiss();
      }),
    );
    await row.getByTestId('disconnect-device').click();
    expect(await asked).toMatch(/^SIM-OVEN has (an active alarm|\d+ active alarms):\n• Critical: /);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await page.getByTestId('device-row').count()).toBe(1);
  });

  it('asks before a serial connect replaces the alarmed simulator; declining keeps it running', async () => {
    // The port need not exist: declining must stop the connect before it is tried.
    await page.getByTestId('port-path').fill('/dev/ttyUSB-not-here');
    const asked = new Promise<string>((resolve) =>
      page.once('dialog', (d) => {
        resolve(d.message());
        void d.dismiss();
      }),
    );
    await page.getByTestId('connect-device').click();
    const message = await asked;
    expect(message).toMatch(/^SIM-OVEN has (an active alarm|\d+ active alarms):/);
    expect(message).toMatch(/Connect \/dev\/ttyUSB-not-here anyway\?/);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await page.getByTestId('device-row').count()).toBe(1);
    expect(await page.getByTestId('connect-result').count()).toBe(0);
  });

  it('acknowledging every alarm stops the tone and the station records who and when', async () => {
    // Let the run reach its runaway, so what follows acknowledges the whole episode.
    await expect
      .poll(
        async () => {
          const list = (await (await fetch(new URL('api/alarms', serve!.url))).json()) as AlarmList;
          return list.recent.some((a) => a.code === 'RUNAWAY');
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(true);
    const count = await acknowledgeAll(page, OPERATOR);
    expect(count).toBeGreaterThan(0);
    await expectQuietAfterAcknowledging(page);
    const list = (await (await fetch(new URL('api/alarms', serve!.url))).json()) as AlarmList;
    const ours = list.recent.filter((a) => a.acknowledgedBy === OPERATOR);
    expect(ours.length).toBe(count);
    for (const a of ours) {
      expect(a.acknowledgedAtMs).toBeGreaterThan(startedMs);
      expect(a.acknowledgedAtMs).toBeLessThanOrEqual(Date.now());
      expect(a.ackComment).toMatch(/^checked at the rig \(\d+\)$/);
    }
    expect(list.active.every((a) => a.acknowledgedAtMs !== null || a.severity === 'info')).toBe(true);
  });

  it('lists the entries in the Alarms tab with who acknowledged, filters them and exports the filtered rows', async () => {
    await expectAlarmsTabLists(page, OPERATOR, 'alarms');
    const all = await page.getByTestId('log-row').count();
    await page.getByTestId('log-severity').selectOption('critical');
    const critical = await page.getByTestId('log-row').count();
    expect(critical).toBeGreaterThan(0);
    expect(critical).toBeLessThan(all);
    for (const s of await page
      .getByTestId('log-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-severity'))))
      expect(s).toBe('critical');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('log-export').click()]);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(csv[0]).toMatch(
      /^id,raised,escalated,returns,last returned,cleared,device,cell,severity,raised by,rule or class,message/,
    );
    expect(csv).toHaveLength(critical + 1);
    expect(csv.slice(1).every((line) => line.includes(',Critical,'))).toBe(true);
    await page.getByTestId('log-device').selectOption('SIM-OVEN');
    expect(await page.getByTestId('log-row').count()).toBe(critical);
    await saveScreenshot(page, 'alarms-tab-filtered');
  });

  it('Settings → Rig interlock shows the relay open, opened by the interlock and acknowledged by the rig; the switch is remembered', async () => {
    await page.getByRole('tab', { name: 'Settings' }).click();
    const device = page.getByTestId('interlock-device').first();
    await expect
      .poll(() => device.getByTestId('relay-state').getAttribute('data-open'), { timeout: 10_000 })
      .toBe('true');
    expect(await device.getByTestId('relay-state').textContent()).toMatch(/Relay OPEN/);
    expect(await device.getByTestId('relay-command').getAttribute('data-acknowledged')).toBe('true');
    expect(await device.getByTestId('relay-command').textContent()).toMatch(
      /^RELAY OPEN sent by the interlock at \d\d:\d\d:\d\d \(SIM-OVEN cell 1: .+\) — acknowledged by the device/,
    );
    await page.getByTestId('interlock-panel').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'alarms-settings-interlock');
    expect(await page.getByTestId('interlock-state').textContent()).toBe('on');
    page.once('dialog', (d) => void d.accept());
    // A click, not uncheck(): the box shows the station's answer, so it changes only once that comes.
    await page.getByTestId('interlock-enabled').click();
    await expect.poll(() => page.getByTestId('interlock-state').textContent()).toBe('off');
    expect(await page.getByTestId('interlock-enabled').isChecked()).toBe(false);
    await page.reload();
    await page.getByRole('tab', { name: 'Settings' }).click();
    await expect.poll(() => page.getByTestId('interlock-state').textContent(), { timeout: 10_000 }).toBe('off');
    await page.getByTestId('interlock-enabled').click();
    await expect.poll(() => page.getByTestId('interlock-state').textContent()).toBe('on');
    expect(await page.getByTestId('interlock-enabled').isChecked()).toBe(true);
    expect(errors).toEqual([]);
  });
});
