/** What the UI is shown of one running device: its link state and health, USB identity, hello and rig control. */
import type { DeviceLinkInfo } from '../contract/device-methods.js';
import { recogniseRigChip } from '../devices/serial/rig-recognition.js';
import { SerialSource } from '../devices/serial/serial-source.js';
import { SimulatorSource } from '../devices/simulator-source.js';
import type { DeviceEntry } from './device-entry.js';

export function deviceLinkInfo(e: DeviceEntry): DeviceLinkInfo {
  const st = e.link.status();
  const hello = e.link.currentHello;
  const serial = e.source instanceof SerialSource ? e.source : null;
  const ch = e.control?.channel;
  const usb = serial?.usbInfo ?? null;
  return {
    spec: e.spec,
    kind: e.source.kind,
    label: e.source.label,
    state: st.state,
    stale: e.link.isStale,
    staleAfterMs: e.link.effectiveStaleAfterMs,
    path: serial?.currentPath ?? null,
    baud: serial?.baud ?? null,
    usb: usb
      ? {
          path: usb.path,
          byIdPath: usb.byIdPath,
          manufacturer: usb.manufacturer,
          product: usb.product,
          serialNumber: usb.serialNumber,
          vendorId: usb.vendorId,
          productId: usb.productId,
          location: usb.location,
          rig: recogniseRigChip(usb.vendorId, usb.productId),
        }
      : null,
    deviceId: hello?.deviceId ?? null,
    bootId: hello?.bootId ?? null,
    fwVersion: hello?.fwVersion ?? null,
    cellCount: hello?.cellCount ?? null,
    periodMs: hello?.periodMs ?? null,
    channels: hello?.channels ?? null,
    ...e.link.deviceFlags(),
    relayCommand: e.relayCommand,
    health: e.link.health({
      pingRttMs: e.control?.pingRttMs ?? null,
      commandsSent: ch?.sent ?? 0,
      commandTimeouts: ch?.timeouts ?? 0,
    }),
    lastError: st.lastError,
    diagnosis: e.control?.diagnosis ?? null,
    sim: e.source instanceof SimulatorSource ? e.source.info : null,
    remembered: e.remembered,
  };
}
