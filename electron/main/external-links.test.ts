/** Only https: links to the listed hosts reach the OS; everything else the page asks to open is dropped. */
import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl, openExternalIfAllowed } from './external-links.js';

describe('isAllowedExternalUrl', () => {
  it('allows https: pages of the listed hosts', () => {
    expect(isAllowedExternalUrl('https://www.silabs.com/developer-tools/usb-to-uart-bridge-vcp-drivers')).toBe(true);
    expect(isAllowedExternalUrl('https://WWW.WCH-IC.COM/downloads/CH341SER_EXE.html')).toBe(true);
  });

  it('refuses other schemes, other hosts, look-alikes, credentials and ports', () => {
    for (const url of [
      'http://www.silabs.com/',
      'file:///etc/passwd',
      'smb://www.silabs.com/share',
      'javascript:alert(1)',
      'ms-msdt:/id PCWDiagnostic',
      'https://www.silabs.com.evil.example/',
      'https://evilwww.silabs.com/',
      'https://silabs.com/',
      'https://user:pw@www.silabs.com/',
      'https://www.silabs.com:8443/',
      'https://example.com/',
      'app://station/index.html',
      '',
      'not a url',
    ])
      expect(isAllowedExternalUrl(url), url).toBe(false);
  });
});

describe('openExternalIfAllowed', () => {
  it('opens allowed links only, and a failing open does not throw', async () => {
    const opened: string[] = [];
    const open = async (url: string) => void opened.push(url);
    expect(openExternalIfAllowed(open, 'https://docs.espressif.com/')).toBe(true);
    expect(openExternalIfAllowed(open, 'file:///tmp/x')).toBe(false);
    expect(opened).toEqual(['https://docs.espressif.com/']);
    expect(openExternalIfAllowed(() => Promise.reject(new Error('no handler')), 'https://www.wch.cn/')).toBe(true);
    await new Promise((r) => setImmediate(r));
  });
});
