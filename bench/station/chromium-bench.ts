/** What the Chromium benches share: the browser, a page's frame rate, and a live window filled to ten minutes. */
import type { Browser, Page } from 'playwright';
import { CHROMIUM_MISSING, findChromium } from '../../renderer/e2e/support/chromium-executable.js';
import { assertBuilt, RENDERER_INDEX } from '../../renderer/e2e/support/repo-paths.js';
import { launchChromium } from '../../renderer/e2e/support/station-page.js';
import type { BenchFigure } from '../bench-report.js';
import { percentile, progress, sleep } from './served-station.js';

export interface FrameRate {
  fps: number;
  p99Ms: number;
}

/** rAF timestamps in the page for `ms`: frames per second and the p99 frame interval. */
export async function frameRate(page: Page, ms: number): Promise<FrameRate> {
  // A string, not a function: tsx compiles functions with a __name helper the page does not have.
  const stamps = (await page.evaluate(`new Promise((resolve) => {
    const out = [];
    const step = (t) => {
      out.push(t);
      if (t - out[0] < ${ms}) requestAnimationFrame(step);
      else resolve(out);
    };
    requestAnimationFrame(step);
  })`)) as number[];
  const gaps = stamps.slice(1).map((t, i) => t - stamps[i]!);
  return { fps: (gaps.length * 1000) / (stamps.at(-1)! - stamps[0]!), p99Ms: percentile(gaps, 99) };
}

export function withBrowser<T>(run: (b: Browser) => Promise<T>): Promise<T> {
  const chromium = findChromium();
  if (!chromium) throw new Error(CHROMIUM_MISSING);
  assertBuilt(RENDERER_INDEX);
  return launchChromium(chromium).then(async (b) => {
    try {
      return await run(b);
    } finally {
      await b.close();
    }
  });
}

/** Waits until the served station has stored `readings` readings (the live window's worth), with progress. */
export async function waitForReadings(serveUrl: string, readings: number, timeoutMs = 300_000): Promise<void> {
  const status = new URL('api/status', serveUrl);
  const records = async () =>
    ((await (await fetch(status)).json()) as { stats: { totalRecords: number } }).stats.totalRecords;
  const t0 = Date.now();
  for (let n = await records(); n < readings; n = await records()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`the live window did not fill in ${timeoutMs / 60_000} minutes`);
    progress(`filling the live window: ${n.toLocaleString('en-US')} of ${readings.toLocaleString('en-US')} readings`);
    await sleep(15_000);
  }
}

export const MIN_FPS = 50;

/** The same browser's frame rate on an empty page: the baseline of every frame-rate figure. */
export async function emptyPageFrameRate(browser: Browser, ms: number): Promise<FrameRate> {
  const blank = await browser.newPage();
  await blank.setContent('<!doctype html><title>blank</title><p>baseline</p>');
  const bare = await frameRate(blank, ms);
  await blank.close();
  return bare;
}

/** A tab's frame rate beside the empty page's, judged against MIN_FPS. */
export function fpsFigure(label: string, measured: FrameRate, bare: FrameRate): BenchFigure {
  return {
    label: `${label} (p99 frame interval ${measured.p99Ms.toFixed(0)} ms)`,
    value: measured.fps,
    unit: 'fps',
    baseline: {
      label: `the same browser on an empty page (p99 interval ${bare.p99Ms.toFixed(0)} ms)`,
      value: bare.fps,
    },
    target: `≥ ${MIN_FPS} fps`,
    ok: measured.fps >= MIN_FPS,
  };
}
