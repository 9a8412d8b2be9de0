/**
 * `npm run bench -- insights renderer-heap`: the Insights tab in Chromium, the other half of what the
 * operator watches (bench/renderer-bench.ts has the Live tab).
 *
 * - insights: frames per second of the Insights tab (16 tiles, the selected cell's hour of class,
 *   probabilities and temperature, refreshed every 5 s, its fastest) once the station holds ten
 *   minutes of a 16-cell 10 Hz rig. Baseline: the same browser on an empty page, in the same run.
 * - renderer-heap: the page's JS heap after a forced GC, every 30 s for BENCH_HEAP_MINUTES (30 by
 *   default) of live charts at the rig's real rate, switching between Live and Insights every five
 *   minutes; flat means the second half's least-squares slope is near zero. Baseline: the heap a
 *   minute after the page opened. The curve is drawn to bench-results/renderer-heap.svg.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright';
import { openStationPage } from '../renderer/e2e/support/station-page.js';
import type { BenchFigure } from './bench-report.js';
import { slope } from './memory-bench.js';
import { emptyPageFrameRate, fpsFigure, frameRate, waitForReadings, withBrowser } from './station/chromium-bench.js';
import { progress, sleep, startSimServe } from './station/served-station.js';

const CELLS = 16;
const TEN_MINUTES_OF_READINGS = CELLS * 10 * 600;
const SAMPLE_EVERY_MS = 30_000;
const SWITCH_TAB_EVERY_MS = 5 * 60_000;
/** A heap that grows by less than this an hour over the second half is flat. */
const FLAT_MB_PER_H = 2;

async function showInsights(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Insights' }).click();
  await page.getByTestId('cell-tile').first().waitFor({ timeout: 60_000 });
  await page.getByTestId('insights-tab').getByTestId('interval-select').selectOption('5');
}

export async function runInsightsBench(measureS = 20): Promise<BenchFigure[]> {
  return withBrowser(async (browser) => {
    const dir = mkdtempSync(join(tmpdir(), 'insights-bench-'));
    const serve = await startSimServe(join(dir, 'data'), CELLS, 5);
    try {
      const bare = await emptyPageFrameRate(browser, measureS * 1000);
      const { page, context } = await openStationPage(browser, serve.url);
      await waitForReadings(serve.url, TEN_MINUTES_OF_READINGS);
      await showInsights(page);
      const tiles = await page.getByTestId('cell-tile').count();
      progress(`measuring the Insights tab's frame rate for ${measureS} s (${tiles} tiles)`);
      const insights = await frameRate(page, measureS * 1000);
      await context.close();
      return [
        fpsFigure(
          `Insights tab frame rate in Chromium: ${tiles} cell tiles and the selected cell's trends, refreshed every 5 s, with ≥ ${TEN_MINUTES_OF_READINGS.toLocaleString('en-US')} readings stored`,
          insights,
          bare,
        ),
      ];
    } finally {
      await serve.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

export interface HeapSample {
  minutes: number;
  heapMb: number;
  tab: string;
}

/** The heap curve as a small SVG: a person reads a creep off a line faster than off a table. */
export function heapSvg(samples: readonly HeapSample[]): string {
  const w = 640;
  const h = 240;
  const pad = 40;
  const maxX = Math.max(1, ...samples.map((s) => s.minutes));
  const maxY = Math.max(1, ...samples.map((s) => s.heapMb)) * 1.1;
  const x = (m: number) => pad + ((w - 2 * pad) * m) / maxX;
  const y = (mb: number) => h - pad - ((h - 2 * pad) * mb) / maxY;
  const points = samples.map((s) => `${x(s.minutes).toFixed(1)},${y(s.heapMb).toFixed(1)}`).join(' ');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="11">
<rect width="${w}" height="${h}" fill="white"/>
<line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" stroke="#888"/>
<line x1="${pad}" y1="${pad}" x2="${pad}" y2="${h - pad}" stroke="#888"/>
<text x="${w / 2}" y="${h - 8}" text-anchor="middle">minutes of live charts (Live and Insights in turn)</text>
<text x="4" y="${pad - 8}">JS heap after GC, MB (max ${maxY.toFixed(0)})</text>
<text x="${pad - 4}" y="${h - pad + 14}" text-anchor="end">0</text>
<text x="${w - pad}" y="${h - pad + 14}" text-anchor="end">${maxX.toFixed(0)}</text>
<polyline fill="none" stroke="#1f6feb" stroke-width="2" points="${points}"/>
</svg>
`;
}

export async function runRendererHeapBench(
  minutes = Number(process.env.BENCH_HEAP_MINUTES ?? 30),
): Promise<BenchFigure[]> {
  return withBrowser(async (browser) => {
    const dir = mkdtempSync(join(tmpdir(), 'renderer-heap-bench-'));
    const serve = await startSimServe(join(dir, 'data'), CELLS, 1);
    try {
      const { page, context } = await openStationPage(browser, serve.url);
      await page.getByTestId('reading-row').first().waitFor({ timeout: 60_000 });
      await page.getByTestId('interval-select').selectOption('1');
      await page.getByTestId('chart-window-select').selectOption('900');
      const cdp = await context.newCDPSession(page);
      const heapMb = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        return (await cdp.send('Runtime.getHeapUsage')).usedSize / (1024 * 1024);
      };
      const samples: HeapSample[] = [];
      let tab = 'Live';
      const t0 = Date.now();
      for (let next = t0; next - t0 <= minutes * 60_000; next += SAMPLE_EVERY_MS) {
        await sleep(Math.max(0, next - Date.now()));
        const elapsed = Date.now() - t0;
        const wanted = Math.floor(elapsed / SWITCH_TAB_EVERY_MS) % 2 === 0 ? 'Live' : 'Insights';
        if (wanted !== tab) {
          tab = wanted;
          if (tab === 'Insights') await showInsights(page);
          else await page.getByRole('tab', { name: 'Live' }).click();
        }
        const s = { minutes: elapsed / 60_000, heapMb: await heapMb(), tab };
        samples.push(s);
        progress(`${s.minutes.toFixed(1)} min on ${tab}: JS heap ${s.heapMb.toFixed(1)} MB`);
      }
      await context.close();
      mkdirSync('bench-results', { recursive: true });
      writeFileSync('bench-results/renderer-heap.svg', heapSvg(samples));
      const half = samples.slice(Math.floor(samples.length / 2));
      const perH = slope(
        half.map((s) => s.minutes / 60),
        half.map((s) => s.heapMb),
      );
      const firstMinute = samples.find((s) => s.minutes >= 1) ?? samples[0]!;
      const peak = Math.max(...samples.map((s) => s.heapMb));
      const baseline = { label: 'the same page a minute after it opened', value: firstMinute.heapMb };
      return [
        {
          label: `renderer JS heap peak over ${minutes} min of live charts (${CELLS} cells × 10 Hz, Live and Insights in turn, after GC; curve in bench-results/renderer-heap.svg)`,
          value: peak,
          unit: 'MB',
          baseline,
        },
        {
          label: `renderer JS heap slope over the second half (${(minutes / 2).toFixed(0)}–${minutes} min)`,
          value: perH,
          unit: 'MB/h',
          target: `flat: |slope| ≤ ${FLAT_MB_PER_H} MB/h`,
          ok: Math.abs(perH) <= FLAT_MB_PER_H,
        },
      ];
    } finally {
      await serve.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
