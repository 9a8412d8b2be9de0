/**
 * What a page inside the app may do to its own window: nothing that leaves the station's page. Every
 * navigation away, every redirect and every window.open is refused (an allowed https: link opens in
 * the user's browser instead), and no <webview> may be attached. Applied to every WebContents the app
 * creates (app 'web-contents-created'), not only the main window's.
 */
import { openExternalIfAllowed } from './external-links.js';

interface PreventableEvent {
  preventDefault(): void;
}

/** The part of Electron's WebContents this guard uses. */
export interface GuardedContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
}

/** True when `url` is on the page's own origin (`app://station`, or the dev server in development). */
export function isOwnOrigin(url: string, origin: string): boolean {
  try {
    const u = new URL(url);
    // URL.origin is 'null' for schemes Node does not know (app:), so compare scheme and host.
    return `${u.protocol}//${u.host}` === origin;
  } catch {
    return false;
  }
}

export function guardWebContents(
  contents: GuardedContents,
  origin: string,
  openExternal: (url: string) => Promise<void>,
): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(openExternal, url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (e, url) => {
    if (isOwnOrigin(url, origin)) return;
    e.preventDefault();
    openExternalIfAllowed(openExternal, url);
  });
  contents.on('will-redirect', (e, url) => {
    if (!isOwnOrigin(url, origin)) e.preventDefault();
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
}
