/**
 * The station against a hostile page, in the system Chromium. `serve` runs on loopback without a token
 * (as on the operator's PC); a page from another origin (a second local server, so another port) tries
 * what a malicious site would — open the WebSocket and command the relay, POST an import with a simple
 * form-style request — and is refused (403) with nothing changed, while the station's own page keeps
 * working and shows Settings → Server access with its token.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPrerequisite, findChromium } from './support/chromium-executable.js';
import { RENDERER_INDEX, assertBuilt } from './support/repo-paths.js';
import { startServe, type ServeHandle } from './support/serve-process.js';
import { launchChromium, openStationPage } from './support/station-page.js';
import { makeTempDir, removeDir } from './support/temp-dirs.js';

const chromiumPath = findChromium();
const prerequisite = chromiumPrerequisite(chromiumPath);

const EVIL_PAGE = (station: string) => `<!doctype html><html><body><script>
window.results = {};
const ws = new WebSocket(${JSON.stringify(station.replace('http', 'ws') + 'ws')});
ws.onopen = () => { window.results.ws = 'open'; ws.send(JSON.stringify({ type: 'call', id: 1, method: 'useSimulator', params: {} })); };
ws.onerror = () => { window.results.ws = 'refused'; };
fetch(${JSON.stringify(station + 'api/import?name=evil.csv')}, {
  method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' },
  body: 'time,cell,temperature\\n0,1,25\\n1,1,26\\n',
}).then(() => { window.results.post = 'sent'; }, () => { window.results.post = 'failed'; });
</script></body></html>`;

describe.skipIf(!prerequisite.run)('a foreign page against `serve`, in Chromium', () => {
  let browser: Browser | undefined;
  let serve: ServeHandle | undefined;
  let evil: Server | undefined;
  let dataDir: string | undefined;

  beforeAll(async () => {
    if (prerequisite.failure) throw new Error(prerequisite.failure);
    assertBuilt(RENDERER_INDEX);
    dataDir = makeTempDir('station-origin');
    serve = await startServe({ env: { STATION_DATA_DIR: dataDir, STATION_DEVICE: 'sim' } });
    evil = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(EVIL_PAGE(serve!.url));
    });
    await new Promise<void>((r) => evil!.listen(0, '127.0.0.1', r));
    browser = await launchChromium(chromiumPath!);
  });

  afterAll(async () => {
    await browser?.close();
    evil?.close();
    await serve?.stop();
    removeDir(dataDir);
  });

  it('refuses its WebSocket and its POST (403), and nothing changes', async () => {
    const sessions = async () =>
      ((await (await fetch(new URL('api/sessions', serve!.url))).json()) as unknown[]).length;
    const specs = async () =>
      ((await (await fetch(new URL('api/devices', serve!.url))).json()) as { spec: string }[]).map((l) => l.spec);
    const before = { sessions: await sessions(), specs: await specs() };
    const { page, context } = await openStationPage(
      browser!,
      `http://127.0.0.1:${(evil!.address() as AddressInfo).port}/`,
    );
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as { results: Record<string, string> }).results), {
        timeout: 15_000,
      })
      .toMatchObject({ ws: 'refused', post: expect.any(String) });
    // The refused upgrade and POST, seen by the server's answers (no-cors hides the POST's status from the page).
    const probe = await fetch(new URL('api/import?name=evil.csv', serve!.url), {
      method: 'POST',
      headers: { origin: `http://127.0.0.1:${(evil!.address() as AddressInfo).port}` },
      body: 'time,cell,temperature\n0,1,25\n',
    });
    expect(probe.status).toBe(403);
    expect(await sessions()).toBe(before.sessions);
    expect(await specs()).toEqual(before.specs);
    expect(serve!.output()).not.toMatch(/URIError|uncaught/i);
    await context.close();
  });

  it("lets the station's own page work, and shows Settings → Server access with the token", async () => {
    const { page, context, errors } = await openStationPage(browser!, serve!.url);
    await expect
      .poll(() => page.getByTestId('connection-state').getAttribute('data-state'), { timeout: 15_000 })
      .toBe('connected');
    await page.getByRole('tab', { name: 'Settings' }).click();
    const panel = page.getByTestId('server-access');
    await expect.poll(() => panel.getByTestId('server-url').textContent(), { timeout: 10_000 }).toContain(serve!.url);
    expect(await panel.getByTestId('server-token').textContent()).toBe('••••••••');
    await panel.getByRole('button', { name: 'Show' }).click();
    const stored = JSON.parse(readFileSync(join(dataDir!, 'server-access.json'), 'utf8')) as { token: string };
    await expect.poll(() => panel.getByTestId('server-token').textContent()).toBe(stored.token);
    expect(errors).toEqual([]);
    await context.close();
  });
});
