/**
 * The Live tab as the end-to-end suites see it: finders by test id and role, and the checks both the
 * Chromium and the Electron suites run against it. Only reads what an operator sees on screen.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright';
import { expect } from 'vitest';
import { README_SCREENSHOTS, TEST_RESULTS } from './repo-paths.js';
import { TABS } from '../../src/shell/tabs.js';

/** Reads a count however it is grouped ("12,345"). */
function parseCount(text: string | null): number {
  const digits = (text ?? '').replace(/[^0-9]/g, '');
  return digits === '' ? NaN : Number(digits);
}

export class LiveTabPage {
  constructor(readonly page: Page) {}

  recordCountText() {
    return this.page.getByTestId('record-count').textContent();
  }

  async recordCount(): Promise<number> {
    return parseCount(await this.recordCountText());
  }

  rows() {
    return this.page.getByTestId('reading-row');
  }

  async rowCount(): Promise<number> {
    return this.rows().count();
  }

  /** The newest row's time: changes whenever the table was refreshed with new data. */
  async newestRowTime(): Promise<string> {
    return (await this.rows().first().locator('td').first().textContent()) ?? '';
  }

  countdownText() {
    return this.page.getByTestId('countdown').textContent();
  }

  pauseResume() {
    return this.page.getByTestId('pause-resume');
  }

  async setIntervalS(s: 1 | 2 | 5 | 10 | 30): Promise<void> {
    await this.page.getByTestId('interval-select').selectOption(String(s));
  }

  async pause(): Promise<void> {
    await expect.poll(() => this.pauseResume().textContent()).toContain('Pause');
    await this.pauseResume().click();
    await expect.poll(() => this.pauseResume().getAttribute('aria-pressed')).toBe('true');
  }

  async resume(): Promise<void> {
    await expect.poll(() => this.pauseResume().textContent()).toContain('Resume');
    await this.pauseResume().click();
    await expect.poll(() => this.pauseResume().getAttribute('aria-pressed')).toBe('false');
  }

  async refreshNow(): Promise<void> {
    await this.page.getByTestId('refresh-now').click();
  }

  async waitForRecordsAbove(n: number, timeoutMs: number): Promise<number> {
    await expect.poll(() => this.recordCount(), { timeout: timeoutMs, interval: 200 }).toBeGreaterThan(n);
    return this.recordCount();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Header, tabs and the Live tab's furniture are there, with accessible names. */
export async function expectShell(page: Page): Promise<void> {
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('EV Battery Monitoring Station');
  const live = page.getByRole('tab', { name: 'Live' });
  expect(await live.getAttribute('aria-selected')).toBe('true');
  // Tabs whose capability has not landed yet (the registry says which): disabled, saying why.
  for (const name of TABS.filter((t) => t.comingWith !== null).map((t) => t.label)) {
    const tab = page.getByRole('tab', { name });
    expect(await tab.getAttribute('aria-disabled')).toBe('true');
    expect(await tab.getAttribute('data-tooltip')).toMatch(/^Arrives with /);
    // Clicking a disabled tab does nothing (force: Playwright itself refuses to click aria-disabled).
    await tab.click({ force: true });
    expect(await live.getAttribute('aria-selected')).toBe('true');
  }
  for (const id of [
    'stat-total-records',
    'stat-avg-temp',
    'stat-avg-humidity',
    'stat-cell-voltage',
    'stat-pack-current',
  ])
    expect(await page.getByTestId(id).count()).toBe(1);
  expect(await page.getByRole('table', { name: /latest 100 readings/i }).count()).toBe(1);
  expect(await page.getByRole('img', { name: /cell temperature/i }).count()).toBe(1);
  expect(await page.getByRole('img', { name: /cell voltage/i }).count()).toBe(1);
  await expect
    .poll(() => page.getByTestId('connection-state').getAttribute('data-state'), { timeout: 10_000 })
    .toBe('connected');
}

/** Auto-refresh defaults to 5 s and counts down. */
export async function expectDefaultInterval(live: LiveTabPage): Promise<void> {
  expect(await live.page.getByTestId('interval-select').inputValue()).toBe('5');
  await expect.poll(() => live.countdownText(), { timeout: 8000 }).toMatch(/^Next update in [1-5] s$/);
}

/** The table fills to 100 rows with units in its headers, and the record count rises. */
export async function expectTableFillsAndCountRises(live: LiveTabPage): Promise<void> {
  await live.setIntervalS(1);
  await expect.poll(() => live.rowCount(), { timeout: 30_000, interval: 250 }).toBe(100);
  const headers = await live.page.getByTestId('readings-table').getByRole('columnheader').allTextContents();
  expect(headers).toEqual(['Time', 'Device', 'Cell', 'Temperature (°C)', 'Humidity (%RH)', 'Voltage (V)', 'SOC (%)']);
  const first = await live.recordCount();
  expect(first).toBeGreaterThan(0);
  const later = await live.waitForRecordsAbove(first, 5000);
  expect(later).toBeGreaterThan(first);
  const avgTemp = live.page.getByTestId('stat-avg-temp').locator('.stat-card__value');
  await expect.poll(() => avgTemp.textContent()).toMatch(/^\d+\.\d°C$/);
  expect(await avgTemp.getByLabel(/^Average temperature: \d+\.\d °C$/).count()).toBe(1);
  await expect.poll(() => live.page.getByTestId('live-chart').getAttribute('data-cells')).not.toBe('0');
  await expect
    .poll(() => live.page.getByTestId('station-live').getAttribute('data-state'), { timeout: 10_000 })
    .toBe('live');
}

/**
 * Pause freezes the view for more than two refresh intervals while the station keeps recording
 * (checked through `stationCount`, outside the page), and Resume brings updates back at once.
 */
export async function expectPauseAndResume(
  live: LiveTabPage,
  stationCount: () => Promise<number>,
  intervalS = 1,
): Promise<void> {
  await live.setIntervalS(intervalS as 1);
  await live.waitForRecordsAbove(await live.recordCount(), 5000);
  await live.pause();
  expect(await live.countdownText()).toBe('Paused');
  const frozenCount = await live.recordCount();
  const frozenTime = await live.newestRowTime();
  const stationBefore = await stationCount();
  await sleep(intervalS * 1000 * 2 + 800);
  expect(await live.recordCount()).toBe(frozenCount);
  expect(await live.newestRowTime()).toBe(frozenTime);
  expect(await live.countdownText()).toBe('Paused');
  expect(await stationCount()).toBeGreaterThan(stationBefore);

  await live.resume();
  const resumed = await live.waitForRecordsAbove(frozenCount, intervalS * 1000 + 3000);
  expect(resumed).toBeGreaterThan(frozenCount);
  await expect.poll(() => live.countdownText(), { timeout: 3000 }).toMatch(/^(Next update in \d+ s|Updating…)$/);
}

/** Refresh Now pulls fresh data while paused, and the view stays paused afterwards. */
export async function expectRefreshNow(live: LiveTabPage): Promise<void> {
  await live.setIntervalS(30);
  await live.pause();
  const before = await live.recordCount();
  await sleep(600); // the station records more meanwhile
  await live.refreshNow();
  const after = await live.waitForRecordsAbove(before, 5000);
  expect(after).toBeGreaterThan(before);
  expect(await live.countdownText()).toBe('Paused');
  await sleep(1500);
  expect(await live.recordCount()).toBe(after);
  await live.resume();
}

/**
 * Saves the Live tab as a test artifact (test-results/<name>.png). With `readmeCopy`, also refreshes
 * renderer/screenshots/<name>.png — only when it is missing or UPDATE_SCREENSHOTS=1, so an ordinary
 * test run never dirties the working tree.
 */
export async function saveScreenshot(
  page: Page,
  name: string,
  opts: { readmeCopy?: boolean; fullPage?: boolean } = {},
): Promise<string> {
  mkdirSync(TEST_RESULTS, { recursive: true });
  const artifact = join(TEST_RESULTS, `${name}.png`);
  await page.screenshot({ path: artifact, fullPage: opts.fullPage ?? false });
  if (opts.readmeCopy) {
    const readme = join(README_SCREENSHOTS, `${name}.png`);
    if (process.env.UPDATE_SCREENSHOTS === '1' || !existsSync(readme)) {
      mkdirSync(README_SCREENSHOTS, { recursive: true });
      copyFileSync(artifact, readme);
    }
  }
  return artifact;
}
