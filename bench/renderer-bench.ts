/**
 * `npm run bench -- renderer startup`: what the operator sees in Chromium (the built UI served by
 * `serve`; build it first with `npx electron-vite build`).
 *
 * - renderer: frames per second of the Live tab, from requestAnimationFrame timestamps in the page,
 *   while it charts 16 cells (temperature and voltage: 32 lines) refreshed every second, once its
 *   window holds the 96,000 readings ten minutes of a 16-cell 10 Hz rig make. The simulator runs at 5×
 *   so the window fills in two minutes instead of ten; the chart draws the same thinned points either
 *   way. Baseline: the same browser's frame rate on an empty page, in the same run. Beside it, the
 *   page's main-thread script time over the same seconds.
 * - startup: `serve` from process start to its ready line and to the first reading on screen, the
 *   bundle `npm run serve` runs (plain node) and the sources under tsx in turns. Baseline: plain node,
 *   and node + tsx, starting and printing a line.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBuilt, REPO_ROOT, SERVE_BUNDLE } from '../renderer/e2e/support/repo-paths.js';
import { startServe } from '../renderer/e2e/support/serve-process.js';
import { openStationPage } from '../renderer/e2e/support/station-page.js';
import type { BenchFigure } from './bench-report.js';
import { emptyPageFrameRate, fpsFigure, frameRate, waitForReadings, withBrowser } from './station/chromium-bench.js';
import { percentile, progress, startSimServe } from './station/served-station.js';

const CELLS = 16;
const TEN_MINUTES_OF_READINGS = CELLS * 10 * 600;

export async function runRendererBench(measureS = 20): Promise<BenchFigure[]> {
  return withBrowser(async (browser) => {
    const dir = mkdtempSync(join(tmpdir(), 'renderer-bench-'));
    const serve = await startSimServe(join(dir, 'data'), CELLS, 5);
    try {
      const bare = await emptyPageFrameRate(browser, measureS * 1000);
      const { page, context } = await openStationPage(browser, serve.url);
      await page.getByTestId('interval-select').selectOption('1');
      await page.getByTestId('chart-window-select').selectOption('900');
      await waitForReadings(serve.url, TEN_MINUTES_OF_READINGS);
      const points = Number(await page.getByTestId('live-chart').getAttribute('data-points'));
      progress(`measuring the Live tab's frame rate for ${measureS} s (${points} chart points)`);
      // The page's main-thread script time over the same window (Chromium's own counter, in seconds).
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const scriptS = async () =>
        (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration')!.value;
      const script0 = await scriptS();
      const t0 = performance.now();
      const live = await frameRate(page, measureS * 1000);
      const scriptMsPerS = ((await scriptS()) - script0) / ((performance.now() - t0) / 1e6);
      await context.close();
      return [
        fpsFigure(
          `Live tab frame rate in Chromium: ${CELLS} cells charted (${points.toLocaleString('en-US')} points of the last 15 min, refreshed every second) with ≥ ${TEN_MINUTES_OF_READINGS.toLocaleString('en-US')} readings in the window`,
          live,
          bare,
        ),
        {
          label: `Live tab: the page's script time on its main thread, same ${measureS} s (Chromium's ScriptDuration)`,
          value: scriptMsPerS,
          unit: 'ms per s',
        },
      ];
    } finally {
      await serve.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** Process start → "ready" printed, for node alone or node + tsx. */
async function bareStartMs(dir: string, tsx: boolean): Promise<number> {
  const script = join(dir, tsx ? 'hello.ts' : 'hello.mjs');
  writeFileSync(script, "console.log('ready');\n");
  const t0 = performance.now();
  const child = spawn(process.execPath, tsx ? ['--import', 'tsx', script] : [script], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ok) => child.stdout.once('data', () => ok()));
  const ms = performance.now() - t0;
  await new Promise((r) => child.once('exit', r));
  return ms;
}

interface StartupRuns {
  ready: number[];
  onScreen: number[];
  bare: number[];
}

/**
 * The sources under tsx and the bundle `npm run serve` runs (out/main/serve.js, plain node), taken
 * in turns within each round so both see the same load.
 */
export async function runStartupBench(rounds = 3): Promise<BenchFigure[]> {
  assertBuilt(SERVE_BUNDLE);
  return withBrowser(async (browser) => {
    const dir = mkdtempSync(join(tmpdir(), 'startup-bench-'));
    const runs: Record<'tsx' | 'built', StartupRuns> = {
      tsx: { ready: [], onScreen: [], bare: [] },
      built: { ready: [], onScreen: [], bare: [] },
    };
    try {
      for (let i = 0; i < rounds; i++) {
        for (const way of ['tsx', 'built'] as const) {
          progress(`startup round ${i + 1}/${rounds}, ${way}`);
          const r = runs[way];
          r.bare.push(await bareStartMs(dir, way === 'tsx'));
          const t0 = performance.now();
          const serve = await startServe({
            readyTimeoutMs: 120_000,
            built: way === 'built',
            env: {
              STATION_DEVICE: 'sim',
              STATION_SIM_CELLS: String(CELLS),
              STATION_DATA_DIR: join(dir, `data-${way}-${i}`),
            },
          });
          try {
            r.ready.push(performance.now() - t0);
            const { page, context } = await openStationPage(browser, serve.url);
            await page.getByTestId('reading-row').first().waitFor({ timeout: 60_000 });
            r.onScreen.push(performance.now() - t0);
            await context.close();
          } finally {
            await serve.stop();
          }
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const med = (xs: number[]) => percentile(xs, 50);
    return (['built', 'tsx'] as const).flatMap((way) => {
      const r = runs[way];
      const what =
        way === 'built' ? 'the bundle under plain node, as `npm run serve` runs it' : 'the sources under tsx';
      const baseline = {
        label: way === 'built' ? 'plain node starting and printing a line' : 'node + tsx starting and printing a line',
        value: med(r.bare),
      };
      return [
        {
          label: `serve (${what}): process start → "Station serving" printed (median of ${rounds}, a fresh data folder each)`,
          value: med(r.ready),
          unit: 'ms',
          baseline,
        },
        {
          label: `serve (${what}): process start → the first reading on screen in Chromium (Live table row; median of ${rounds})`,
          value: med(r.onScreen),
          unit: 'ms',
          baseline,
          target: '≤ 2,000 ms',
          ok: med(r.onScreen) <= 2000,
        },
      ];
    });
  });
}
