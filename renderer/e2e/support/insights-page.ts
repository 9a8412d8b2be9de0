/**
 * The Insights tab as the end-to-end suites see it, and the flows both the Chromium and the Electron
 * suites run: a heated cell escalating stage by stage (recorded while the tab is paused, so only the
 * escalation path can bring each stage in), and a module overview that shows every runaway cell the
 * station predicts. Screenshots of each stage go to test-results/insights/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright';
import { expect } from 'vitest';
import { TEST_RESULTS } from './repo-paths.js';

export const INSIGHTS_SCREENSHOTS = join(TEST_RESULTS, 'insights');

const STAGES = ['Normal', 'Watch', 'Warning', 'Alarm', 'Runaway'];

export async function openInsights(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Insights' }).click();
  await page.getByTestId('insights-tab').waitFor({ timeout: 20_000 });
}

export async function insightsScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(INSIGHTS_SCREENSHOTS, { recursive: true });
  const path = join(INSIGHTS_SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

const tile = (page: Page, cell: number) => page.locator(`[data-testid="cell-tile"][data-cell="${cell}"]`);

/**
 * Pauses the tab at its default 10 s refresh and watches `cell` until it reaches Runaway, saving a
 * screenshot at each new class; returns the classes in the order the tab showed them.
 */
export async function recordEscalation(page: Page, cell: number, timeoutMs: number): Promise<string[]> {
  await expect.poll(() => page.getByTestId('interval-select').inputValue()).toBe('10');
  await expect.poll(() => tile(page, cell).count(), { timeout: 20_000 }).toBe(1);
  await page.getByTestId('pause-resume').click();
  await expect.poll(() => page.getByTestId('countdown').textContent()).toBe('Paused');
  const seen: string[] = [];
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const label = (await tile(page, cell).getAttribute('data-label')) ?? '';
    if (STAGES.includes(label) && seen[seen.length - 1] !== label) {
      seen.push(label);
      // The health panel follows the worst cell: it must say the same class in words.
      await expect
        .poll(() => page.getByTestId('health-badge').textContent())
        .toBe(`BATTERY HEALTH: ${label.toUpperCase()}`);
      await insightsScreenshot(page, `stage-${seen.length}-${label.toLowerCase()}`);
      if (label === 'Runaway') break;
    }
    await page.waitForTimeout(100);
  }
  expect(await page.getByTestId('countdown').textContent()).toBe('Paused');
  return seen;
}

export interface ClassSample {
  /** The tile's rank (0 Normal … 4 Runaway, -1 nothing known) and label. */
  tileRank: number;
  tileLabel: string;
  /** The class the station predicts for the cell, over HTTP. */
  stationClass: string | null;
}

/**
 * Runs the tab (not paused, so a step down would reach it as readily as a step up) and samples `cell`
 * for `forMs`, pulling at once each time: the tile and the station's own prediction.
 */
export async function sampleCell(page: Page, url: string, cell: number, forMs: number): Promise<ClassSample[]> {
  if ((await page.getByTestId('countdown').textContent()) === 'Paused') await page.getByTestId('pause-resume').click();
  const out: ClassSample[] = [];
  const end = Date.now() + forMs;
  while (Date.now() < end) {
    await page.getByTestId('refresh-now').click();
    await page.waitForTimeout(250);
    const t = tile(page, cell);
    out.push({
      tileRank: Number(await t.getAttribute('data-rank')),
      tileLabel: (await t.getAttribute('data-label')) ?? '',
      stationClass: (await predictionsOf(url)).find((p) => p.cell === cell)?.className ?? null,
    });
  }
  return out;
}

/** Never a step down, in the tile's rank and in the station's class. */
export function expectNeverDescends(samples: readonly ClassSample[]): void {
  const tile = samples.map((s) => s.tileRank);
  const station = samples.filter((s) => s.stationClass !== null).map((s) => STAGES.indexOf(s.stationClass!));
  expect(tile).toEqual([...tile].sort((a, b) => a - b));
  expect(station).toEqual([...station].sort((a, b) => a - b));
}

async function predictionsOf(url: string): Promise<{ cell: number; className: string }[]> {
  const body = (await (await fetch(new URL('api/ml/predict', url))).json()) as {
    predictions: { cell: number; className: string }[];
  };
  return body.predictions;
}

/** The cells the station predicts at Runaway, over HTTP. */
export async function runawayCells(url: string): Promise<number[]> {
  return (await predictionsOf(url)).filter((p) => p.className === 'Runaway').map((p) => p.cell);
}

export async function tilesLabelled(page: Page, label: string): Promise<number[]> {
  const cells = await page
    .locator(`[data-testid="cell-tile"][data-label="${label}"]`)
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-cell'))));
  return cells.sort((a, b) => a - b);
}

/** Every tile inside the viewport's width, none overlapping another, no text cut off. */
export async function expectTilesReadable(page: Page): Promise<void> {
  const boxes = await page.getByTestId('cell-tile').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      const cut = [...e.querySelectorAll('span')].some((s) => s.scrollWidth > s.clientWidth + 1);
      return { x: r.x, y: r.y, w: r.width, h: r.height, cut };
    }),
  );
  const width = page.viewportSize()!.width;
  for (const b of boxes) {
    expect(b.x + b.w).toBeLessThanOrEqual(width);
    expect(b.w).toBeGreaterThanOrEqual(90);
    expect(b.cut).toBe(false);
  }
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
      expect(overlap).toBe(false);
    }
}
