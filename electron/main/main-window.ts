/**
 * The station window's options and where its page comes from. The page runs sandboxed with context
 * isolation and no Node; its only way out is the preload's `window.station`. A packaged app always
 * loads app://station/ — an environment variable must not point it at another page.
 */
import { APP_INDEX_URL, APP_ORIGIN } from './app-protocol.js';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export const DEFAULT_BOUNDS: WindowBounds = { width: 1280, height: 820 };
export const MIN_SIZE = { width: 1024, height: 640 };

export function secureWebPreferences(preloadPath: string, packaged: boolean) {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragdrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: !packaged,
  } as const;
}

export function mainWindowOptions(preloadPath: string, packaged: boolean, bounds: WindowBounds = DEFAULT_BOUNDS) {
  return {
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'EV Battery Station',
    show: false,
    backgroundColor: '#0f172a',
    webPreferences: secureWebPreferences(preloadPath, packaged),
  };
}

export interface PageSource {
  url: string;
  /** What navigation and network requests are compared with. */
  origin: string;
  /** The dev server's origin, or null for app://station. */
  devOrigin: string | null;
}

export function pageSource(packaged: boolean, env: NodeJS.ProcessEnv): PageSource {
  const dev = packaged ? undefined : env.ELECTRON_RENDERER_URL?.trim();
  if (dev) {
    try {
      const u = new URL(dev);
      if (u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1')) {
        const origin = `${u.protocol}//${u.host}`;
        return { url: dev, origin, devOrigin: origin };
      }
    } catch {
      // Not a URL: fall through to the built page.
    }
  }
  return { url: APP_INDEX_URL, origin: APP_ORIGIN, devOrigin: null };
}
