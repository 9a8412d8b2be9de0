/** A page in the app cannot navigate away, open windows, redirect elsewhere or attach a <webview>. */
import { describe, expect, it } from 'vitest';
import { FakeContents } from '../../testing/electron/fake-contents.js';
import { APP_ORIGIN } from './app-protocol.js';
import { guardWebContents, isOwnOrigin } from './web-contents-guard.js';

function guarded() {
  const contents = new FakeContents();
  const opened: string[] = [];
  guardWebContents(contents, APP_ORIGIN, async (url) => void opened.push(url));
  return { contents, opened };
}

describe('guardWebContents', () => {
  it('denies every window.open; an allowed https link goes to the browser instead', () => {
    const { contents, opened } = guarded();
    for (const url of [
      'https://www.silabs.com/drivers',
      'app://station/index.html',
      'https://evil.example/',
      'file:///',
    ])
      expect(contents.openHandler!({ url })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://www.silabs.com/drivers']);
  });

  it('refuses navigation off the page, including look-alike origins', () => {
    const { contents, opened } = guarded();
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'app://stationx/index.html',
      'app://station.evil/index.html',
      'app://station:81/index.html',
      'http://localhost:5173/',
      'https://www.wch-ic.com/downloads',
    ])
      expect(contents.attempt('will-navigate', url), url).toBe(true);
    expect(opened).toEqual(['https://www.wch-ic.com/downloads']);
    expect(contents.attempt('will-navigate', 'app://station/index.html#alarms')).toBe(false);
  });

  it('refuses redirects elsewhere and every <webview>', () => {
    const { contents } = guarded();
    expect(contents.attempt('will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.attempt('will-redirect', 'app://station/index.html')).toBe(false);
    expect(contents.attempt('will-attach-webview', {}, {})).toBe(true);
  });
});

describe('isOwnOrigin', () => {
  it('compares scheme, host and port, not a prefix', () => {
    expect(isOwnOrigin('http://localhost:5173/x', 'http://localhost:5173')).toBe(true);
    expect(isOwnOrigin('http://localhost:5173.evil.example/', 'http://localhost:5173')).toBe(false);
    expect(isOwnOrigin('http://localhost:51730/', 'http://localhost:5173')).toBe(false);
    expect(isOwnOrigin('::', 'http://localhost:5173')).toBe(false);
  });
});
