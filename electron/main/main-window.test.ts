/** The station window's options: sandboxed, isolated, no Node; and where its page may come from. */
import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL } from './app-protocol.js';
import { mainWindowOptions, pageSource } from './main-window.js';

describe('mainWindowOptions', () => {
  it('runs the page sandboxed, isolated and without Node, DevTools off when packaged', () => {
    const packaged = mainWindowOptions('/app/preload/index.cjs', true).webPreferences;
    expect(packaged).toMatchObject({
      preload: '/app/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      devTools: false,
    });
    expect(mainWindowOptions('/p', false).webPreferences.devTools).toBe(true);
  });

  it('opens at the remembered bounds, never below the minimum size', () => {
    const o = mainWindowOptions('/p', true, { x: 10, y: 20, width: 1400, height: 900 });
    expect(o).toMatchObject({ x: 10, y: 20, width: 1400, height: 900, minWidth: 1024, minHeight: 640, show: false });
  });
});

describe('pageSource', () => {
  it('the packaged app loads app://station/ whatever the environment says', () => {
    expect(pageSource(true, { ELECTRON_RENDERER_URL: 'http://localhost:5173/' })).toEqual({
      url: APP_INDEX_URL,
      origin: 'app://station',
      devOrigin: null,
    });
  });

  it('in development, the electron-vite dev server on loopback, and nothing else', () => {
    expect(pageSource(false, { ELECTRON_RENDERER_URL: 'http://localhost:5173/' })).toEqual({
      url: 'http://localhost:5173/',
      origin: 'http://localhost:5173',
      devOrigin: 'http://localhost:5173',
    });
    for (const url of ['https://evil.example/', 'http://192.168.1.4:5173/', 'file:///tmp/x.html', 'junk', ''])
      expect(pageSource(false, { ELECTRON_RENDERER_URL: url }).url, url).toBe(APP_INDEX_URL);
  });
});
