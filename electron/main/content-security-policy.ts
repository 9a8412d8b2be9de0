/**
 * The Content-Security-Policy of the station window, sent as a response header by the app:// protocol
 * (a header, unlike the page's <meta>, also covers what the page loads before its <head> is parsed).
 * The desktop page talks to the core only over IPC, so it may connect nowhere; inline styles stay
 * allowed because React, Chart.js and the session report set style attributes.
 */

export type CspDirectives = Readonly<Record<string, readonly string[]>>;

export const APP_CSP_DIRECTIVES: CspDirectives = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'none'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * `electron-vite dev` only (never a packaged app): the page comes from the Vite server, whose React
 * refresh preamble is an inline script and whose hot reload is a WebSocket to that server.
 */
export function devServerCspDirectives(devOrigin: string): CspDirectives {
  const ws = devOrigin.replace(/^http/, 'ws');
  return {
    ...APP_CSP_DIRECTIVES,
    'script-src': ["'self'", "'unsafe-inline'", devOrigin],
    'connect-src': ["'self'", devOrigin, ws],
  };
}

export function cspHeader(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

export const APP_CSP = cspHeader(APP_CSP_DIRECTIVES);
