/**
 * Devices end to end in the system Chromium: `serve` starts on the simulator; the operator opens
 * Settings, types the path of a pseudo-terminal (socat) with a test rig behind it, connects, sees the
 * rig's link health in the device bar, pings it, watches the Live values turn stale with a
 * "communication lost" strip when the rig goes silent and recover when it speaks again, and switches
 * back to the simulator. A screenshot of the stale state is saved as a test artifact.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPtyPair, socatGate, type PtyPair } from '../../native-bridge/serial/testing/socat-pair.js';
import { TestRig } from '../../native-bridge/serial/testing/test-rig.js';
import { CHROMIUM_ARGS, chromiumPrerequisite, findChromium } from './support/chromium-executable.js';
import { saveScreenshot } from './support/live-tab-page.js';
import { collectPageErrors } from './support/page-errors.js';
import { RENDERER_INDEX, assertBuilt } from './support/repo-paths.js';
import { startServe, type ServeHandle } from './support/serve-process.js';
import { makeTempDir, removeDir } from './support/temp-dirs.js';

const chromiumPath = findChromium();
const prerequisite = chromiumPrerequisite(chromiumPath);
const socat = socatGate();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!prerequisite.run)('Devices in Chromium, served by `serve`', () => {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let errors: string[] = [];
  let serve: ServeHandle | undefined;
  let dataRoot: string | undefined;
  let pair: PtyPair | undefined;
  let rig: TestRig | undefined;
  let streaming = false;
  let streamer: Promise<void> = Promise.resolve();

  const startStreaming = () => {
    streaming = true;
    streamer = (async () => {
      while (streaming && rig?.isOpen) {
        await rig.write(rig.dataLine()).catch(() => undefined);
        await sleep(100);
      }
    })();
  };
  const stopStreaming = async () => {
    streaming = false;
    await streamer;
  };

  beforeAll(async () => {
    if (prerequisite.failure) throw new Error(prerequisite.failure);
    if (!socat.ok) {
      if (process.env.CI === 'true') throw new Error(socat.reason ?? 'socat missing');
      console.warn(`\n*** SKIPPING the devices e2e: ${socat.reason} ***\n`);
      return;
    }
    assertBuilt(RENDERER_INDEX);
    dataRoot = makeTempDir('station-e2e-devices');
    pair = await openPtyPair(dataRoot);
    rig = await TestRig.open(pair.devicePath, { deviceId: 'E2ERIG01', cells: 4, periodMs: 100 });
    serve = await startServe({
      env: {
        STATION_DEVICE: 'sim',
        STATION_SIM_PERIOD_MS: '200',
        STATION_DATA_DIR: dataRoot,
        STATION_STALE_MS: '1500',
      },
    });
    browser = await chromium.launch({ executablePath: chromiumPath!, headless: true, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    errors = collectPageErrors(page);
    page.on('dialog', (d) => void d.accept());
    await page.goto(serve.url);
  });

  afterAll(async () => {
    await stopStreaming();
    await context?.close();
    await browser?.close();
    await serve?.stop();
    await rig?.close();
    await pair?.close();
    removeDir(dataRoot);
  });

  const cards = () => page.getByTestId('device-card');

  it('shows the simulator in the device bar with its link health', async (ctx) => {
    if (!socat.ok) ctx.skip();
    await expect.poll(() => cards().count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => cards().first().getAttribute('data-state'), { timeout: 20_000 }).toBe('streaming');
    await expect
      .poll(async () => Number((await page.getByTestId('health-ok').first().textContent())?.replace(/\D/g, '')), {
        timeout: 20_000,
      })
      .toBeGreaterThan(0);
  });

  it('connects a rig by its typed path from Settings and pings it', async (ctx) => {
    if (!socat.ok) ctx.skip();
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByTestId('port-path').fill(pair!.stationPath);
    await page.getByTestId('baud-select').selectOption('115200');
    await page.getByTestId('connect-device').click();
    await expect
      .poll(() => page.getByTestId('connect-result').textContent(), { timeout: 20_000 })
      .toMatch(/Connecting to/);
    const spec = `serial:${pair!.stationPath}@115200`;
    // The simulator made way for the real rig.
    await expect.poll(() => cards().count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => cards().first().getAttribute('data-spec'), { timeout: 20_000 }).toBe(spec);
    startStreaming();
    await expect.poll(() => cards().first().getAttribute('data-state'), { timeout: 20_000 }).toBe('streaming');
    await expect.poll(() => cards().first().textContent(), { timeout: 20_000 }).toContain('E2ERIG01');
    await page.getByRole('button', { name: 'Ping' }).click();
    await expect.poll(() => page.getByTestId('command-result').textContent(), { timeout: 20_000 }).toMatch(/^Ping: OK/);
    await saveScreenshot(page, 'devices-settings');
  });

  it('marks the Live values stale with a "communication lost" strip, and recovers', async (ctx) => {
    if (!socat.ok) ctx.skip();
    await page.getByRole('tab', { name: 'Live' }).click();
    await page.getByRole('button', { name: /refresh now/i }).click();
    await expect
      .poll(() => page.locator('[data-testid="reading-row"]', { hasText: 'E2ERIG01' }).count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await stopStreaming();
    const lost = page.getByTestId('communication-lost');
    await expect.poll(() => lost.count(), { timeout: 20_000 }).toBe(1);
    expect(await lost.textContent()).toMatch(/Communication lost with E2ERIG01/);
    expect(await cards().first().getAttribute('data-stale')).toBe('true');
    await expect.poll(() => page.locator('tr.reading-row--stale').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await saveScreenshot(page, 'devices-communication-lost');
    startStreaming();
    await expect.poll(() => lost.count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => page.locator('tr.reading-row--stale').count(), { timeout: 10_000 }).toBe(0);
  });

  it('switches back to the simulator', async (ctx) => {
    if (!socat.ok) ctx.skip();
    await stopStreaming();
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByTestId('use-simulator').click();
    await expect.poll(() => cards().first().getAttribute('data-spec'), { timeout: 20_000 }).toBe('sim');
    expect(errors).toEqual([]);
  });
});
