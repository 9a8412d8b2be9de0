/**
 * The window's session grants nothing: each permission Electron can ask about is refused, device
 * pickers are cancelled, downloads stopped, and no request reaches the network (in development, the
 * dev server alone, whose pages get the CSP header).
 */
import { describe, expect, it } from 'vitest';
import { FakeSession, preventable } from '../../testing/electron/fake-contents.js';
import { guardSession } from './session-guard.js';

const PERMISSIONS = [
  'clipboard-read',
  'clipboard-sanitized-write',
  'display-capture',
  'fullscreen',
  'geolocation',
  'idle-detection',
  'media',
  'mediaKeySystem',
  'midi',
  'midiSysex',
  'notifications',
  'pointerLock',
  'keyboardLock',
  'openExternal',
  'speaker-selection',
  'storage-access',
  'top-level-storage-access',
  'window-management',
  'unknown',
  'fileSystem',
  'serial',
  'hid',
  'usb',
];

describe('guardSession', () => {
  it('refuses every permission request and check', () => {
    const s = new FakeSession();
    guardSession(s, null);
    for (const p of PERMISSIONS) {
      const answers: boolean[] = [];
      s.permissionRequest!({}, p, (g) => answers.push(g));
      expect(answers, p).toEqual([false]);
      expect(s.permissionCheck!({}, p), p).toBe(false);
    }
    expect(s.devicePermission!({ deviceType: 'serial' })).toBe(false);
  });

  it('cancels the Web Serial, HID and USB pickers and every download', () => {
    const s = new FakeSession();
    guardSession(s, null);
    const serial = preventable();
    const chosen: unknown[] = [];
    s.emit('select-serial-port', serial, [{ portId: '1' }], {}, (id: string) => chosen.push(id));
    expect(serial.prevented).toBe(true);
    const hid = preventable();
    s.emit('select-hid-device', hid, { deviceList: [{ deviceId: 'x' }] }, (id?: string) => chosen.push(id));
    const usb = preventable();
    s.emit('select-usb-device', usb, { deviceList: [{ deviceId: 'y' }] }, (id?: string) => chosen.push(id));
    expect([hid.prevented, usb.prevented]).toEqual([true, true]);
    expect(chosen).toEqual(['', undefined, undefined]);
    const download = preventable();
    s.emit('will-download', download, {}, {});
    expect(download.prevented).toBe(true);
  });

  it('lets no request reach the network in the packaged app', () => {
    const s = new FakeSession();
    guardSession(s, null);
    expect(s.beforeRequest[0]!.filter.urls).toEqual(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']);
    for (const url of ['https://example.com/', 'http://127.0.0.1:8787/api/status', 'ws://localhost:5173/', 'wss://x/'])
      expect(s.cancels(url), url).toBe(true);
    expect(s.headersReceived).toHaveLength(0);
  });

  it('in development, lets through the dev server alone and puts its CSP on its pages', () => {
    const s = new FakeSession();
    guardSession(s, 'http://localhost:5173');
    expect(s.cancels('http://localhost:5173/src/main.tsx')).toBe(false);
    expect(s.cancels('ws://localhost:5173/')).toBe(false);
    expect(s.cancels('http://localhost:5174/')).toBe(true);
    expect(s.cancels('https://localhost:5173/')).toBe(true);
    expect(s.headersReceived[0]!.filter.urls).toEqual(['http://localhost:5173/*']);
    let headers: Record<string, string | string[]> = {};
    s.headersReceived[0]!.listener(
      { url: 'http://localhost:5173/', responseHeaders: { 'content-security-policy': ['default-src *'], Vary: ['x'] } },
      (r) => (headers = (r as { responseHeaders: typeof headers }).responseHeaders),
    );
    expect(Object.keys(headers).sort()).toEqual(['Content-Security-Policy', 'Vary']);
    expect(String(headers['Content-Security-Policy'])).toMatch(/^default-src 'none'/);
  });
});
