/**
 * The desktop page under the desktop app's own protections, in the system Chromium (the Electron
 * binary cannot be downloaded here): the built renderer is served by the app:// handler's code with
 * its CSP header, and `window.station` is a bridge shaped like the preload's, calling a real station
 * core (simulated rig, temporary SQLite) through the contract's call adapter. The UI must run without
 * a single CSP violation, while the policy still stops what it is there to stop.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallAdapter } from '../../native-bridge/contract/call-adapter.js';
import { METHOD_NAMES } from '../../native-bridge/contract/methods.js';
import { startStation } from '../../native-bridge/station/start-station.js';
import { loadStationConfig } from '../../native-bridge/station/station-config.js';
import type { StationCore } from '../../native-bridge/station/station.js';
import { chromiumPrerequisite, findChromium } from '../../renderer/e2e/support/chromium-executable.js';
import { LiveTabPage, expectShell, expectTableFillsAndCountRises } from '../../renderer/e2e/support/live-tab-page.js';
import { REPO_ROOT, RENDERER_INDEX, assertBuilt } from '../../renderer/e2e/support/repo-paths.js';
import { launchChromium } from '../../renderer/e2e/support/station-page.js';
import { makeTempDir, removeDir } from '../../renderer/e2e/support/temp-dirs.js';
import { APP_ORIGIN, appFileResponse } from '../main/app-protocol.js';
import { APP_CSP } from '../main/content-security-policy.js';

const chromiumPath = findChromium();
const prerequisite = chromiumPrerequisite(chromiumPath);

/** Serves what app://station/<path> would answer, at http://127.0.0.1:<port>/<path>. */
function appProtocolServer(rootDir: string): Promise<Server> {
  const server = createServer((req, res) => {
    void appFileResponse({ url: `${APP_ORIGIN}${req.url ?? '/'}`, method: req.method ?? 'GET' }, rootDir).then(
      async (r) => {
        res.writeHead(r.status, Object.fromEntries(r.headers));
        res.end(Buffer.from(await r.arrayBuffer()));
      },
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** What these page scripts use of the DOM (this project's Node typecheck has no DOM library). */
interface PageDocument {
  addEventListener(type: string, listener: (e: { effectiveDirective: string; blockedURI: string }) => void): void;
  createElement(tag: string): { textContent: string };
  body: { append(node: unknown): void };
}

/** The preload's StationBridge, rebuilt in the page over Playwright bindings instead of IPC. */
async function bridgeTo(page: Page, core: StationCore): Promise<void> {
  const call = createCallAdapter(core.handlers, { validateResults: true });
  await page.exposeFunction('__stationCall', (method: string, params: unknown) => call(method, params));
  await page.addInitScript((methods: string[]) => {
    type Listener = (payload: unknown) => void;
    const g = globalThis as unknown as Record<string, unknown>;
    const listeners = new Map<string, Set<Listener>>();
    g.__stationEvent = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
    g.__violations = [] as string[];
    (globalThis as unknown as { document: PageDocument }).document.addEventListener('securitypolicyviolation', (e) =>
      (g.__violations as string[]).push(`${e.effectiveDirective} ${e.blockedURI}`),
    );
    const stationCall = g.__stationCall as (m: string, p: unknown) => Promise<unknown>;
    const bridge: Record<string, unknown> = {
      on(event: string, listener: Listener) {
        if (!listeners.has(event)) listeners.set(event, new Set());
        listeners.get(event)!.add(listener);
        return () => listeners.get(event)?.delete(listener);
      },
    };
    for (const m of methods) bridge[m] = (params: unknown) => stationCall(m, params);
    g.station = Object.freeze(bridge);
  }, METHOD_NAMES as string[]);
  core.on((event, payload) => {
    page
      .evaluate(
        ([e, p]) => (globalThis as unknown as Record<string, (...a: unknown[]) => void>).__stationEvent!(e, p),
        [event, payload] as const,
      )
      .catch(() => undefined);
  });
}

const violations = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { __violations: string[] }).__violations);

describe.skipIf(!prerequisite.run)('the desktop page under its CSP, on a real core', () => {
  let browser: Browser | undefined;
  let server: Server | undefined;
  let core: StationCore | undefined;
  let dataDir: string | undefined;
  let page: Page;
  let errors: string[];
  let base: string;
  let pageCsp: string | undefined;
  let coreClosed = false;

  beforeAll(async () => {
    if (prerequisite.failure) throw new Error(prerequisite.failure);
    assertBuilt(RENDERER_INDEX);
    dataDir = makeTempDir('station-app-page');
    const env = {
      STATION_DEVICE: 'sim',
      STATION_SIM_PERIOD_MS: '200',
      STATION_SIM_CELLS: '4',
      STATION_DATA_DIR: dataDir,
    };
    core = await startStation(loadStationConfig(env), { env, logger: () => undefined });
    server = await appProtocolServer(`${REPO_ROOT}/out/renderer`);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await launchChromium(chromiumPath!);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    await bridgeTo(page, core);
    errors = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // Chromium asks every page for /favicon.ico; Electron does not. Any other failed load counts.
      if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) errors.push(`console.error: ${m.text()}`);
    });
    const response = await page.goto(`${base}index.html`);
    pageCsp = response?.headers()['content-security-policy'];
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(null)));
    if (!coreClosed) await core?.close();
    removeDir(dataDir);
  });

  it('gets the CSP as a header with the page', () => {
    expect(pageCsp).toBe(APP_CSP);
  });

  it('shows the Live tab and fills it from the core over the bridge', async () => {
    await expectShell(page);
    await expectTableFillsAndCountRises(new LiveTabPage(page));
  });

  it("shows a session's report in its frame under the same policy", async () => {
    const sessions = (await createCallAdapter(core!.handlers)('listSessions', {})) as {
      ok: true;
      result: { id: number }[];
    };
    const id = sessions.result[0]!.id;
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByTestId(`session-${id}`).click();
    await page.getByTestId('report-open').click();
    const report = page.frameLocator('[data-testid=report-frame]');
    await expect.poll(() => report.locator('body').textContent(), { timeout: 15_000 }).toContain(`#${id}`);
  });

  it('ran without a CSP violation or a page error', async () => {
    expect(await violations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('still stops connections, inline scripts and eval', async () => {
    const fetched = await page.evaluate(
      (url) =>
        fetch(url).then(
          () => 'loaded',
          () => 'blocked',
        ),
      `${base}index.html`,
    );
    expect(fetched).toBe('blocked');
    const inline = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: PageDocument }).document;
      const s = doc.createElement('script');
      s.textContent = '(globalThis).__inlineRan = true';
      doc.body.append(s);
      return (globalThis as unknown as { __inlineRan?: boolean }).__inlineRan ?? false;
    });
    expect(inline).toBe(false);
    const found = await violations(page);
    expect(found.some((v) => v.startsWith('connect-src'))).toBe(true);
    expect(found.some((v) => v.startsWith('script-src'))).toBe(true);
  });

  it("shows the core's pulse in the header, and says so when it stops", async () => {
    const chip = page.getByTestId('core-pulse');
    await expect.poll(() => chip.getAttribute('data-state'), { timeout: 10_000 }).toBe('alive');
    expect(await chip.textContent()).toMatch(/last frame \d+\.\d s ago · loop [\d.]+ ms/);
    coreClosed = true;
    await core!.close();
    await expect.poll(() => chip.getAttribute('data-state'), { timeout: 15_000 }).toBe('silent');
    expect(await chip.textContent()).toMatch(/Core silent.*no pulse for/);
  });
});
