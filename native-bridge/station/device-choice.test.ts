/**
 * Restoring and writing the remembered device choice against a real devices.json in a temp folder:
 * nothing remembered, a damaged file, an empty choice, a simulator and a serial rig, a scenario that
 * no longer exists, and a folder that cannot be written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LineSource } from '../devices/line-source.js';
import { DEVICE_SETTINGS_FILE, saveDeviceSettings } from '../devices/serial/device-settings.js';
import { SerialSource } from '../devices/serial/serial-source.js';
import { testCleanups } from '../../testing/test-cleanups.js';
import type { DeviceEntry } from './device-entry.js';
import { restoreDeviceChoice, saveDeviceChoice, type ChoiceStarter } from './device-choice.js';

const cleanups = testCleanups();

function recorder() {
  const calls: unknown[][] = [];
  const notices: string[] = [];
  const starter: ChoiceStarter = {
    startSpec: async (...a) => void calls.push(['startSpec', ...a]),
    connectSerial: async (...a) => void calls.push(['connectSerial', ...a]),
  };
  return { calls, notices, starter, notify: (level: string, code: string) => void notices.push(`${level} ${code}`) };
}

const serial = {
  kind: 'serial' as const,
  path: '/dev/ttyUSB0',
  baud: 115200,
  serialNumber: 'A50285BI',
  vendorId: '0403',
  productId: '6001',
  location: null,
  deviceId: 'A1B2C3D4E5F6',
};

describe('restoring the device choice', () => {
  it('leaves the default to the caller when nothing was remembered yet', async () => {
    const r = recorder();
    expect(await restoreDeviceChoice(cleanups.tempDir('choice-'), r.starter, r.notify)).toBe(false);
    expect(r.calls).toEqual([]);
    expect(r.notices).toEqual([]);
  });

  it('starts the simulator, and says why, when the file is damaged', async () => {
    const dir = cleanups.tempDir('choice-');
    writeFileSync(join(dir, DEVICE_SETTINGS_FILE), '{"version": 1, "devices": [');
    const r = recorder();
    expect(await restoreDeviceChoice(dir, r.starter, r.notify)).toBe(true);
    expect(r.calls).toEqual([['startSpec', { kind: 'sim', scenario: null }, 'sim', false]]);
    expect(r.notices).toEqual(['warning devices.settings-unreadable']);
  });

  it('starts nothing when the last choice was to disconnect all, and says so', async () => {
    const dir = cleanups.tempDir('choice-');
    saveDeviceSettings(dir, { version: 1, devices: [] });
    const r = recorder();
    expect(await restoreDeviceChoice(dir, r.starter, r.notify)).toBe(true);
    expect(r.calls).toEqual([]);
    expect(r.notices).toEqual(['info devices.none']);
  });

  it('restarts a remembered simulator and reconnects a remembered rig by its identity', async () => {
    const dir = cleanups.tempDir('choice-');
    saveDeviceSettings(dir, { version: 1, devices: [{ kind: 'sim', spec: 'sim:oven?speed=10' }, serial] });
    const r = recorder();
    expect(await restoreDeviceChoice(dir, r.starter, r.notify)).toBe(true);
    expect(r.calls).toEqual([
      ['startSpec', expect.objectContaining({ kind: 'sim', scenario: 'oven', speed: 10 }), 'sim:oven?speed=10', true],
      ['connectSerial', '/dev/ttyUSB0', 115200, { remember: true, remembered: serial, persist: false }],
    ]);
    expect(r.notices).toEqual(['info devices.restored']);
  });

  it('runs the default simulator when the remembered scenario no longer exists', async () => {
    const dir = cleanups.tempDir('choice-');
    saveDeviceSettings(dir, { version: 1, devices: [{ kind: 'sim', spec: 'sim:volcano' }] });
    const r = recorder();
    expect(await restoreDeviceChoice(dir, r.starter, r.notify)).toBe(true);
    expect(r.calls).toEqual([['startSpec', { kind: 'sim', scenario: null }, 'sim', true]]);
    expect(r.notices).toEqual(['warning devices.sim-unknown']);
  });
});

describe('writing the device choice', () => {
  const entry = (source: LineSource, remembered: boolean, deviceId: string | null = null) =>
    ({ spec: source.spec, source, remembered, deviceId }) as DeviceEntry;
  const sim = (spec: string) => ({ kind: 'sim', spec, label: spec }) as LineSource;

  it('writes the remembered entries only, a rig with its USB identity and device id', () => {
    const dir = cleanups.tempDir('choice-');
    const rig = new SerialSource({
      path: '/dev/ttyUSB0',
      baud: 115200,
      identity: { serialNumber: 'A50285BI', vendorId: '0403', productId: '6001' },
    });
    const r = recorder();
    saveDeviceChoice(dir, [entry(rig, true, 'A1B2C3D4E5F6'), entry(sim('sim:oven'), false)], r.notify);
    expect(JSON.parse(readFileSync(join(dir, DEVICE_SETTINGS_FILE), 'utf8'))).toEqual({
      version: 1,
      devices: [serial],
    });
    saveDeviceChoice(dir, [entry(sim('sim:propagation?cells=6'), true)], r.notify);
    expect(JSON.parse(readFileSync(join(dir, DEVICE_SETTINGS_FILE), 'utf8'))).toEqual({
      version: 1,
      devices: [{ kind: 'sim', spec: 'sim:propagation?cells=6' }],
    });
    expect(r.notices).toEqual([]);
  });

  it('warns, and does not throw, when the folder cannot be written', () => {
    // A regular file where the folder should be: no write succeeds there, not even as root.
    const notADir = join(cleanups.tempDir('choice-'), 'plain-file');
    writeFileSync(notADir, '');
    const r = recorder();
    expect(() => saveDeviceChoice(notADir, [entry(sim('sim'), true)], r.notify)).not.toThrow();
    expect(r.notices).toEqual(['warning devices.settings-unwritable']);
  });
});
