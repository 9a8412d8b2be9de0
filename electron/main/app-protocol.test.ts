/**
 * app://station/ serves the built renderer folder and nothing else: each answer carries the CSP, and no
 * spelling of a path (dot segments, encoded slashes and backslashes, NUL, another host) leaves it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testCleanups } from '../../testing/test-cleanups.js';
import { APP_CSP } from './content-security-policy.js';
import { appFilePath, appFileResponse, APP_INDEX_URL } from './app-protocol.js';

const cleanups = testCleanups();

function renderer() {
  const parent = cleanups.tempDir('app-protocol-');
  const root = join(parent, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>station</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(parent, 'secret.txt'), 'do not serve');
  return root;
}

const get = (url: string, method = 'GET') => ({ url, method });

describe('appFileResponse', () => {
  it('serves the page and its assets with their types and the CSP header', async () => {
    const root = renderer();
    for (const url of [APP_INDEX_URL, 'app://station/']) {
      const r = await appFileResponse(get(url), root);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(r.headers.get('content-security-policy')).toBe(APP_CSP);
      expect(await r.text()).toContain('<title>station</title>');
    }
    const js = await appFileResponse(get('app://station/assets/index-abc.js?v=1#x'), root);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await js.text()).toBe('console.log(1)');
  });

  it('refuses what is not a file of the renderer folder, with the CSP on the refusal too', async () => {
    const root = renderer();
    const cases = [
      'app://station/../secret.txt',
      'app://station/%2e%2e/secret.txt',
      'app://station/assets/..%2f..%2fsecret.txt',
      'app://station/..%5csecret.txt',
      'app://station/index.html%00.js',
      'app://station/assets',
      'app://station/missing.js',
      'app://other/index.html',
      'app://station.evil/index.html',
      'file:///etc/passwd',
      'not a url',
    ];
    for (const url of cases) {
      const r = await appFileResponse(get(url), root);
      expect(r.status, url).toBe(404);
      expect(r.headers.get('content-security-policy'), url).toBe(APP_CSP);
      expect(await r.text(), url).not.toContain('do not serve');
    }
    expect((await appFileResponse(get(APP_INDEX_URL, 'POST'), root)).status).toBe(405);
  });

  it('answers HEAD without a body', async () => {
    const r = await appFileResponse(get(APP_INDEX_URL, 'HEAD'), renderer());
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('');
  });
});

describe('appFilePath', () => {
  it('never names a file outside the root, whatever the path', () => {
    const root = '/srv/app/renderer';
    // URL parsing resolves plain and %2e dot segments; encoded slashes survive it and must be caught here.
    const segment = fc.constantFrom(
      '..',
      '%2e%2e',
      'assets',
      'a%2f..',
      '..%2f..',
      '%2e%2e%2f',
      '%5c..',
      '',
      'index.html',
      '%00',
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 12 }), (parts) => {
        const file = appFilePath(`app://station/${parts.join('/')}`, root);
        if (file !== null) expect(file.startsWith(`${root}/`)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
