/** The remembered device choice: round trip, atomic replace, damaged and foreign files. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEVICE_SETTINGS_FILE, loadDeviceSettings, saveDeviceSettings } from './device-settings.js';
import { testCleanups } from '../../../testing/test-cleanups.js';

const cleanups = testCleanups();
const dir = () => cleanups.tempDir('devset-');

describe('device settings', () => {
  it('reads nothing before the first choice, then what was saved', () => {
    const d = dir();
    expect(loadDeviceSettings(d)).toEqual({ ok: true, settings: null });
    const settings = {
      version: 1 as const,
      devices: [
        {
          kind: 'serial' as const,
          path: '/dev/ttyUSB0',
          baud: 115200,
          serialNumber: 'A50285BI',
          vendorId: '0403',
          productId: '6001',
          location: 'pci-0000:00:14.0-usb-0:1:1.0-port0',
          deviceId: 'A1B2C3D4E5F6',
        },
      ],
    };
    saveDeviceSettings(d, settings);
    expect(loadDeviceSettings(d)).toEqual({ ok: true, settings });
    expect(readdirSync(d)).toEqual([DEVICE_SETTINGS_FILE]);
  });

  it('replaces the file whole (no temporary left behind)', () => {
    const d = dir();
    saveDeviceSettings(d, { version: 1, devices: [{ kind: 'sim', spec: 'sim' }] });
    saveDeviceSettings(d, { version: 1, devices: [] });
    expect(JSON.parse(readFileSync(join(d, DEVICE_SETTINGS_FILE), 'utf8'))).toEqual({ version: 1, devices: [] });
    expect(readdirSync(d)).toEqual([DEVICE_SETTINGS_FILE]);
  });

  it('reports a damaged or foreign file instead of throwing', () => {
    const d = dir();
    writeFileSync(join(d, DEVICE_SETTINGS_FILE), '{"version":1,"devi');
    expect(loadDeviceSettings(d)).toMatchObject({ ok: false, error: expect.stringMatching(/is damaged/) });
    writeFileSync(join(d, DEVICE_SETTINGS_FILE), '{"version":7,"devices":[]}');
    expect(loadDeviceSettings(d)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not a device settings file/),
    });
  });

  it('fails loudly when the folder cannot be written', () => {
    expect(() => saveDeviceSettings(join(dir(), 'missing', 'deeper'), { version: 1, devices: [] })).toThrow();
  });
});
