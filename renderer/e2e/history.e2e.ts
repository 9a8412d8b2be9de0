/**
 * End to end in the system Chromium: the History tab against `serve`. A recording is imported over
 * HTTP (a cell warming into thermal runaway), then the operator picks it, zooms the chart, compares
 * two points (a stored reading past the session's limits marked in the readout, a calm one not),
 * replays it at 1000× through the station (the safety rules raise their alarms on the
 * replay's session), opens the printable report and exports the window as CSV.
 */
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellLimits } from '../../native-bridge/contract/index.js';
import { chromiumPrerequisite, findChromium } from './support/chromium-executable.js';
import { expectLooksUnlike, markOf } from './support/limit-marks.js';
import { saveScreenshot } from './support/live-tab-page.js';
import { RENDERER_INDEX, assertBuilt } from './support/repo-paths.js';
import { startServe, type ServeHandle } from './support/serve-process.js';
import { launchChromium, openStationPage } from './support/station-page.js';
import { makeTempDir, removeDir } from './support/temp-dirs.js';

const chromiumPath = findChromium();
const prerequisite = chromiumPrerequisite(chromiumPath);
const T0 = Date.UTC(2024, 5, 3, 9);

/** Ten minutes at 1 Hz, 2 cells: cell 2 warms past 50 °C, then runs away (≥ 80 °C, 2 °C/s). */
function recording(): string {
  const lines = ['time,cell,temperature,voltage,current'];
  for (let s = 0; s < 600; s++) {
    const t = new Date(T0 + s * 1000).toISOString();
    const hot = s < 500 ? 25 + 0.05 * s : Math.min(200, 50 + 2 * (s - 500));
    lines.push(`${t},1,25.00,3.700,1.5`, `${t},2,${hot.toFixed(2)},3.690,1.5`);
  }
  return `${lines.join('\n')}\n`;
}

describe.skipIf(!prerequisite.run)('History tab in Chromium, served by `serve`', () => {
  let browser: Browser | undefined;
  let dataRoot: string | undefined;
  let serve: ServeHandle | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let errors: string[] = [];
  let imported = 0;

  beforeAll(async () => {
    if (prerequisite.failure) throw new Error(prerequisite.failure);
    assertBuilt(RENDERER_INDEX);
    browser = await launchChromium(chromiumPath!);
    dataRoot = makeTempDir('station-e2e-history');
    serve = await startServe({
      env: { STATION_DEVICE: 'sim', STATION_SIM_PERIOD_MS: '200', STATION_SIM_CELLS: '4', STATION_DATA_DIR: dataRoot },
    });
    const res = await fetch(new URL('api/import?name=oven-run.csv&rig=Oven%20B&chemistry=NMC', serve.url), {
      method: 'POST',
      body: recording(),
    });
    imported = ((await res.json()) as { sessionId: number }).sessionId;
    ({ context, page, errors } = await openStationPage(browser, serve.url, { width: 1440, height: 1000 }));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await serve?.stop();
    removeDir(dataRoot);
  });

  const points = () => page.getByTestId('history-chart').getAttribute('data-points').then(Number);

  it('lists the sessions (also at GET /api/sessions) and charts the chosen one', async () => {
    const list = (await (await fetch(new URL('api/sessions', serve!.url))).json()) as { id: number; kind: string }[];
    expect(list.map((s) => s.kind).sort()).toEqual(['import', 'live']);
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByTestId(`session-${imported}`).click();
    await expect.poll(() => page.getByTestId('history-title').textContent()).toMatch(`Session #${imported} · Oven B`);
    await expect.poll(points, { timeout: 10_000 }).toBe(600);
    await expect.poll(() => page.getByTestId('history-resolution').textContent()).toMatch(/raw frames, 600 points/);
  });

  it("draws the session's own limits as lines on the temperature and voltage panels, and on no other", async () => {
    const { limits } = (await (await fetch(new URL(`api/sessions/${imported}`, serve!.url))).json()) as {
      limits: CellLimits;
    };
    const lines = (panel: string) => page.getByTestId(`limit-lines-${panel}`).getAttribute('data-limit-lines');
    expect(await lines('temp')).toBe(`warning:${limits.tempWarnC},alarm:${limits.tempAlarmC}`);
    expect(await lines('voltage')).toBe(`vmax:${limits.voltMaxV},vmin:${limits.voltMinV}`);
    expect(await page.getByTestId('limit-lines-temp').textContent()).toContain(`alarm ${limits.tempAlarmC} °C`);
    expect(await page.locator('.history-chart__panel--current [data-limit-lines]').count()).toBe(0);
  });

  it('gives the charts the width at a 1024 px window (the readout below them), the readout beside them from 1280', async () => {
    const plots = () =>
      page.$$eval('[data-testid=history-chart] canvas', (cs) => cs.map((c) => Number(c.getAttribute('data-plot-px'))));
    const readoutBelowChart = async () => {
      const chart = (await page.getByTestId('history-chart').boundingBox())!;
      const readout = (await page.getByTestId('history-readout').boundingBox())!;
      return readout.y >= chart.y + chart.height;
    };
    try {
      await page.setViewportSize({ width: 1024, height: 768 });
      await expect.poll(async () => Math.min(...(await plots()))).toBeGreaterThanOrEqual(600);
      console.log(`plot widths at 1024 px: ${(await plots()).join(', ')} px`);
      expect(await readoutBelowChart()).toBe(true);
      await saveScreenshot(page, 'history-1024');
      await page.setViewportSize({ width: 1280, height: 800 });
      await expect.poll(readoutBelowChart).toBe(false);
    } finally {
      await page.setViewportSize({ width: 1440, height: 1000 });
    }
    // The later steps point at fractions of the chart: they wait for it to be laid out at 1440 again.
    await expect.poll(async () => Math.min(...(await plots()))).toBeGreaterThanOrEqual(600);
  });

  it("marks a stored hot reading in the readout by the session's limits, and not its calm neighbour", async () => {
    const { limits } = (await (await fetch(new URL(`api/sessions/${imported}`, serve!.url))).json()) as {
      limits: CellLimits;
    };
    const box = (await page.getByTestId('history-chart').boundingBox())!;
    // Nine tenths across the whole session is past its 515th second: cell 2 is over 80 °C there.
    await page.mouse.move(box.x + box.width * 0.9, box.y + 80);
    const mean = (q: string, cell: number) => page.locator(`[data-testid="readout-${q}-${cell}"] > [data-level]`);
    await expect.poll(() => mean('temp', 2).getAttribute('data-level')).toMatch(/^(alarm|critical)$/);
    const hot = await markOf(mean('temp', 2));
    const calm = await markOf(mean('temp', 1));
    console.log(
      `session limits ${JSON.stringify(limits)}; cell 2 at ${hot.value} °C (${hot.level}), cell 1 at ${calm.value} °C`,
    );
    expect(hot.value).toBeGreaterThanOrEqual(limits.tempAlarmC);
    expect(hot.title).toContain(
      hot.level === 'critical' ? `the ${limits.tempMaxC} °C maximum` : `the ${limits.tempAlarmC} °C limit`,
    );
    expect(calm.level).toBe('ok');
    expectLooksUnlike(hot, calm);
    expect(await mean('voltage', 2).getAttribute('data-level')).toBe('ok');
    // Early in the run cell 2 is calm too.
    await page.mouse.move(box.x + box.width * 0.2, box.y + 80);
    await expect.poll(() => mean('temp', 2).getAttribute('data-level')).toBe('ok');
    expect(await page.getByTestId('history-readout').locator('.limit').count()).toBe(0);
  });

  it('zooms with the wheel, and reads a cursor and the difference between two points', async () => {
    const box = (await page.getByTestId('history-chart').boundingBox())!;
    const before = await page.getByTestId('history-window').textContent();
    await page.mouse.move(box.x + box.width * 0.8, box.y + 80);
    for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -200);
    await expect.poll(() => page.getByTestId('history-window').textContent()).not.toBe(before);
    await expect.poll(points).toBeLessThan(600);
    await page.mouse.click(box.x + box.width * 0.3, box.y + 80);
    await page.mouse.click(box.x + box.width * 0.7, box.y + 80);
    await expect.poll(() => page.getByTestId('readout-diff').textContent()).toMatch(/B − A: .*T 2/);
  });

  it('replays the session at 1000× through the station; the replay has the runaway alarm', async () => {
    await page.getByRole('button', { name: 'Later' }).click();
    await page.getByLabel('Window preset').selectOption({ label: 'Whole session' });
    await page.getByLabel('Replay speed').selectOption('1000');
    await page.getByTestId('replay-start').click();
    const done = page.getByTestId('replay-done');
    await done.waitFor({ timeout: 30_000 });
    // A replay runs with the station's current model and says which, so an old run can be back-tested.
    const info = (await (await fetch(new URL('api/model/info', serve!.url))).json()) as {
      card: { modelVersion: string } | null;
    };
    expect(info.card?.modelVersion).toMatch(/^risk-/);
    expect(await done.textContent()).toContain(`Replay done: 600 frames, model ${info.card!.modelVersion}`);
    await done.getByRole('button').click();
    await expect.poll(() => page.getByTestId('history-title').textContent()).toMatch(/Session #\d+ · Oven B/);
    await expect.poll(() => page.getByTestId('history-alarms').textContent(), { timeout: 10_000 }).toMatch(/RUNAWAY/);
    await saveScreenshot(page, 'history-tab');
  });

  it('opens the printable report with the lead time, and exports the window as CSV', async () => {
    await page.getByTestId('report-open').click();
    const report = page.frameLocator('[data-testid=report-frame]');
    await expect.poll(() => report.locator('body').textContent()).toMatch(/Lead time: \d+ (min )?\d* ?s/);
    await page.getByRole('button', { name: 'Close' }).click();

    await page.getByTestId('export-start').click();
    const link = page.getByTestId('export-done').getByRole('link');
    await link.waitFor({ timeout: 15_000 });
    const csv = await (await fetch(new URL((await link.getAttribute('href'))!, serve!.url))).text();
    expect(csv.trim().split('\n')).toHaveLength(2 + 1200);
  });

  it("sets the session's voltage window, refuses one upside down, and the report names the window", async () => {
    const id = Number(/Session #(\d+)/.exec((await page.getByTestId('history-title').textContent())!)![1]);
    const details = page.getByTestId('session-details');
    await expect.poll(() => details.getByTestId('session-vmax').getAttribute('placeholder')).toBe('4.20');
    await details.getByTestId('session-vmax').fill('4.35');
    await details.getByRole('button', { name: 'Save details' }).click();
    const stored = async () =>
      ((await (await fetch(new URL(`api/sessions/${id}`, serve!.url))).json()) as { vMaxV: number | null }).vMaxV;
    await expect.poll(stored).toBe(4.35);
    await details.getByTestId('session-vmin').fill('4.4');
    await expect
      .poll(() => details.getByTestId('session-window-error').textContent())
      .toMatch(/below V max \(4.35 V\)/);
    expect(await details.getByRole('button', { name: 'Save details' }).isDisabled()).toBe(true);
    await saveScreenshot(page, 'history-session-window');
    await details.getByTestId('session-vmin').fill('');
    await page.getByTestId('report-open').click();
    const report = page.frameLocator('[data-testid=report-frame]');
    await expect.poll(() => report.locator('body').textContent()).toContain('2.50–4.35 V (set for the session)');
    await page.getByRole('button', { name: 'Close' }).click();
  });

  it('fetches a session watched while it replays once more after it ends: the chart keeps its last predictions', async () => {
    // The model's rows trail the frames by up to one batch, so the fetch a session's end sets off can
    // come before its last predictions are stored; without a later fetch the risk lines stop short.
    const sent: { atMs: number; text: string }[] = [];
    page.on('websocket', (ws) => ws.on('framesent', (f) => sent.push({ atMs: Date.now(), text: String(f.payload) })));
    await page.reload();
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByTestId(`session-${imported}`).click();
    await expect.poll(points, { timeout: 10_000 }).toBe(600);
    type Listed = { id: number; kind: string; active: boolean; lastDataMs: number | null };
    const sessions = async () => (await (await fetch(new URL('api/sessions', serve!.url))).json()) as Listed[];
    const before = new Set((await sessions()).map((s) => s.id));
    await page.getByLabel('Window preset').selectOption({ label: 'Whole session' });
    await page.getByLabel('Replay speed').selectOption('100');
    await page.getByTestId('replay-start').click();
    let replayId = 0;
    await expect
      .poll(async () => (replayId = (await sessions()).find((s) => !before.has(s.id) && s.active)?.id ?? 0))
      .toBeGreaterThan(0);
    await page.getByTestId(`session-${replayId}`).click();
    // The replay's controls belong to the session it plays, so its end is read from the session list.
    let ended: Listed | undefined;
    await expect
      .poll(async () => (ended = (await sessions()).find((s) => s.id === replayId))?.active, { timeout: 30_000 })
      .toBe(false);
    const doneAtMs = Date.now();
    const lastRisk = () => page.getByTestId('history-chart').getAttribute('data-risk-last').then(Number);
    await expect.poll(lastRisk, { timeout: 10_000 }).toBeGreaterThanOrEqual(ended!.lastDataMs! - 2000);
    const seriesCallAfter = (ms: number) =>
      sent.some(
        (f) => f.atMs >= ms && f.text.includes('"getHistorySeries"') && f.text.includes(`"sessionId":${replayId}`),
      );
    await expect.poll(() => seriesCallAfter(doneAtMs + 700), { timeout: 6_000 }).toBe(true);
  });

  it('ran without page errors', () => {
    expect(errors).toEqual([]);
  });
});
