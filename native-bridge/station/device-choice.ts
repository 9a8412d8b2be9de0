/**
 * The remembered device choice (devices.json in the data folder, devices/serial/device-settings.ts):
 * restored at the next start, written again whenever the operator's choice or a rig's identity
 * changes. A file that cannot be read or written is reported, never fatal.
 */
import type { Notice } from '../contract/index.js';
import {
  loadDeviceSettings,
  saveDeviceSettings,
  type RememberedDevice,
  type RememberedSerial,
} from '../devices/serial/device-settings.js';
import { SerialSource } from '../devices/serial/serial-source.js';
import { parseDeviceSpec, type DeviceSpec } from '../devices/device-spec.js';
import type { DeviceEntry } from './device-entry.js';

type Notify = (level: Notice['level'], code: string, message: string) => void;

/** What restoring needs of the device manager. */
export interface ChoiceStarter {
  startSpec(device: DeviceSpec, specText: string, remember: boolean): Promise<void>;
  connectSerial(
    path: string,
    baud: number,
    o: { remember: boolean; remembered?: RememberedSerial; persist?: boolean },
  ): Promise<unknown>;
}

/**
 * Starts the devices devices.json remembers. False when nothing was remembered yet: the caller starts
 * its default. An unreadable file starts the simulator (and says so).
 */
export async function restoreDeviceChoice(dataDir: string, starter: ChoiceStarter, notify: Notify): Promise<boolean> {
  const loaded = loadDeviceSettings(dataDir);
  if (!loaded.ok) {
    notify('warning', 'devices.settings-unreadable', `${loaded.error}. Starting the simulator instead.`);
    await starter.startSpec({ kind: 'sim', scenario: null }, 'sim', false);
    return true;
  }
  if (loaded.settings === null) return false;
  if (loaded.settings.devices.length === 0)
    notify('info', 'devices.none', 'No device is connected (the last choice was to disconnect all).');
  for (const d of loaded.settings.devices) await restoreOne(d, starter, notify);
  return true;
}

async function restoreOne(d: RememberedDevice, starter: ChoiceStarter, notify: Notify): Promise<void> {
  if (d.kind === 'sim') {
    let spec: DeviceSpec;
    try {
      spec = parseDeviceSpec(d.spec);
    } catch (e) {
      // A scenario renamed or removed since it was remembered: say so and run the default one.
      notify('warning', 'devices.sim-unknown', `${(e as Error).message} Starting the default simulator.`);
      await starter.startSpec({ kind: 'sim', scenario: null }, 'sim', true);
      return;
    }
    await starter.startSpec(spec, d.spec, true);
    return;
  }
  await starter.connectSerial(d.path, d.baud, { remember: true, remembered: d, persist: false });
  notify('info', 'devices.restored', `Reconnecting to the remembered device on ${d.path} @ ${d.baud}.`);
}

/** Writes the remembered entries among `running` to devices.json. */
export function saveDeviceChoice(dataDir: string, running: Iterable<DeviceEntry>, notify: Notify): void {
  const devices: RememberedDevice[] = [];
  for (const e of running) {
    if (!e.remembered) continue;
    if (e.source instanceof SerialSource) {
      const id = e.source.identity;
      devices.push({
        kind: 'serial',
        path: e.source.requestedPath,
        baud: e.source.baud,
        serialNumber: id.serialNumber,
        vendorId: id.vendorId,
        productId: id.productId,
        location: id.location,
        deviceId: e.deviceId,
      });
    } else if (e.source.kind === 'sim') devices.push({ kind: 'sim', spec: e.spec });
  }
  try {
    saveDeviceSettings(dataDir, { version: 1, devices });
  } catch (err) {
    notify('warning', 'devices.settings-unwritable', `Could not remember the device choice: ${(err as Error).message}`);
  }
}
