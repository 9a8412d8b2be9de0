/**
 * The alarm flow as an operator meets it, shared by the Chromium and Electron suites: the banner on
 * every tab with the window title and icon changed and the tone repeating (counted from the page:
 * the banner's data-beeps and every OscillatorNode.start, wrapped by an init script), acknowledging
 * each alarm with a name and a comment, the tone then silent, and the Alarms tab listing who and when.
 */
import type { Page } from 'playwright';
import { expect } from 'vitest';
import { TABS } from '../../src/shell/tabs.js';
import { saveScreenshot } from './live-tab-page.js';

type PageGlobals = {
  __oscillatorStarts: number;
  OscillatorNode?: { prototype: { start: (...a: unknown[]) => void } };
};

/** Before the page loads: count every oscillator the page starts (each is one pulse of the tone). */
export async function countOscillatorStarts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const g = globalThis as unknown as PageGlobals;
    g.__oscillatorStarts = 0;
    const proto = g.OscillatorNode?.prototype;
    if (!proto) return;
    const start = proto.start;
    proto.start = function (this: unknown, ...args: unknown[]) {
      g.__oscillatorStarts++;
      return start.apply(this, args);
    };
  });
}

export const oscillatorStarts = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as PageGlobals).__oscillatorStarts);

const beeps = async (page: Page) => Number(await page.locator('[data-beeps]').first().getAttribute('data-beeps'));
const toneState = (page: Page) => page.locator('[data-tone]').first().getAttribute('data-tone');

/** Waits for the banner; then on every enabled tab it is there, and the title and icon say so. */
export async function expectBannerOnEveryTab(page: Page, shotPrefix: string, timeoutMs = 60_000): Promise<void> {
  const banner = page.getByTestId('alarm-banner');
  await expect.poll(() => banner.count(), { timeout: timeoutMs, interval: 250 }).toBe(1);
  expect(await toneState(page)).toBe('ringing');
  for (const tab of TABS.filter((t) => t.comingWith === null)) {
    await page.getByRole('tab', { name: tab.label }).click();
    expect(await page.getByRole('tab', { name: tab.label }).getAttribute('aria-selected')).toBe('true');
    expect(await banner.count()).toBe(1);
    expect(await banner.isVisible()).toBe(true);
    await saveScreenshot(page, `${shotPrefix}-banner-${tab.id}`);
  }
  expect(await page.title()).toMatch(/^⚠ (WARNING|ALARM|CRITICAL)/);
  expect(await page.locator('link[rel="icon"]').getAttribute('data-alarm')).toBe('on');
}

/** The tone repeats while nobody acknowledges: more beeps, more oscillator pulses. */
export async function expectToneRepeats(page: Page): Promise<void> {
  const b0 = await beeps(page);
  const o0 = await oscillatorStarts(page);
  expect(b0).toBeGreaterThan(0);
  expect(o0).toBeGreaterThan(0);
  await expect.poll(() => beeps(page), { timeout: 15_000, interval: 250 }).toBeGreaterThan(b0);
  // The beep is counted when it is scheduled, its oscillator started a moment later: poll, do not read once
  // (read once it failed under load, "12 > 12").
  await expect.poll(() => oscillatorStarts(page), { timeout: 5_000, interval: 100 }).toBeGreaterThan(o0);
}

/**
 * Acknowledges what the banner shows, one at a time, until it is gone (alarms still arriving are
 * acknowledged too); returns how many. The name is typed once and offered again by the next form.
 */
export async function acknowledgeAll(page: Page, name: string, max = 40): Promise<number> {
  let done = 0;
  for (; done < max; done++) {
    const item = page.getByTestId('alarm-banner-item').first();
    if ((await page.getByTestId('alarm-banner').count()) === 0) {
      // A push can arrive just after the last acknowledgement: give the list a moment to settle.
      await new Promise((r) => setTimeout(r, 1500));
      if ((await page.getByTestId('alarm-banner').count()) === 0) return done;
      continue;
    }
    await item.getByTestId('banner-acknowledge').click();
    const nameBox = page.getByTestId('ack-name');
    if (done > 0) expect(await nameBox.inputValue()).toBe(name);
    await nameBox.fill(name);
    await page.getByTestId('ack-comment').fill(`checked at the rig (${done + 1})`);
    await page.getByTestId('ack-submit').click();
    await expect.poll(() => page.getByTestId('ack-form').count(), { timeout: 10_000 }).toBe(0);
  }
  throw new Error(`the banner still stood after ${max} acknowledgements`);
}

/** Acknowledged: the banner is gone, the title and icon are the page's own, and no tone plays. */
export async function expectQuietAfterAcknowledging(page: Page): Promise<void> {
  expect(await page.getByTestId('alarm-banner').count()).toBe(0);
  expect(await toneState(page)).toBe('quiet');
  expect(await page.title()).not.toMatch(/^⚠/);
  expect(await page.locator('link[rel="icon"]').getAttribute('data-alarm')).toBe('off');
  const b = await beeps(page);
  const o = await oscillatorStarts(page);
  // Longer than the slowest repeat (a warning's 10 s) would be slow; the critical and alarm repeats are 3–5 s.
  await new Promise((r) => setTimeout(r, 6_000));
  expect(await beeps(page)).toBe(b);
  expect(await oscillatorStarts(page)).toBe(o);
}

/** The Alarms tab: the entries, the rule's name in words, who acknowledged and when. */
export async function expectAlarmsTabLists(page: Page, name: string, shotPrefix: string): Promise<void> {
  await page.getByRole('tab', { name: 'Alarms' }).click();
  const rows = page.getByTestId('log-row');
  await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThan(0);
  const text = await page.getByTestId('log-table').textContent();
  expect(text).toMatch(/Thermal runaway \(GB 38031\)|Temperature above/);
  const ackBy = await page.getByTestId('log-ack-by').allTextContents();
  expect(ackBy.filter((t) => t === name).length).toBeGreaterThan(0);
  for (const card of await page.getByTestId('active-alarm-ack').allTextContents())
    expect(card).toMatch(new RegExp(`^Acknowledged by ${name} at \\d\\d:\\d\\d:\\d\\d`));
  await saveScreenshot(page, `${shotPrefix}-alarms-tab`);
}
