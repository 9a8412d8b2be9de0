/**
 * The window's session refuses what the station never needs: every permission (camera, microphone,
 * notifications from the page, geolocation, …), Web Serial/HID/USB device pickers (the core opens the
 * rig's port itself), downloads, and every network request but the dev server's in development. The
 * page's CSP says the same from the inside; this holds even for a page that got around it.
 */
import { cspHeader, devServerCspDirectives } from './content-security-policy.js';
import { isOwnOrigin } from './web-contents-guard.js';

interface PreventableEvent {
  preventDefault(): void;
}

type HeaderMap = Record<string, string | string[]>;

/** The part of Electron's Session this guard uses. */
export interface GuardedSession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
  on(event: 'will-download', listener: (event: PreventableEvent) => void): unknown;
  on(
    event: 'select-serial-port',
    listener: (event: PreventableEvent, ports: unknown, contents: unknown, callback: (portId: string) => void) => void,
  ): unknown;
  on(
    event: 'select-hid-device' | 'select-usb-device',
    listener: (event: PreventableEvent, details: unknown, callback: (deviceId?: string) => void) => void,
  ): unknown;
  webRequest: {
    onBeforeRequest(
      filter: { urls: string[] },
      listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void,
    ): void;
    onHeadersReceived(
      filter: { urls: string[] },
      listener: (
        details: { url: string; responseHeaders?: HeaderMap },
        callback: (response: { responseHeaders?: HeaderMap }) => void,
      ) => void,
    ): void;
  };
}

const NETWORK = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'];

/** `devOrigin`: the electron-vite dev server (development only); null in the packaged app. */
export function guardSession(session: GuardedSession, devOrigin: string | null): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.on('select-serial-port', (e, _ports, _contents, callback) => {
    e.preventDefault();
    callback('');
  });
  session.on('select-hid-device', (e, _details, callback) => {
    e.preventDefault();
    callback();
  });
  session.on('select-usb-device', (e, _details, callback) => {
    e.preventDefault();
    callback();
  });
  session.on('will-download', (e) => e.preventDefault());
  session.webRequest.onBeforeRequest({ urls: NETWORK }, (details, callback) =>
    callback({ cancel: !(devOrigin !== null && isDevServerUrl(details.url, devOrigin)) }),
  );
  if (devOrigin !== null) {
    const csp = cspHeader(devServerCspDirectives(devOrigin));
    session.webRequest.onHeadersReceived({ urls: [`${devOrigin}/*`] }, (details, callback) => {
      const headers = { ...details.responseHeaders };
      for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-security-policy') delete headers[k];
      callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [csp] } });
    });
  }
}

function isDevServerUrl(url: string, devOrigin: string): boolean {
  return isOwnOrigin(url, devOrigin) || isOwnOrigin(url.replace(/^ws/, 'http'), devOrigin);
}
