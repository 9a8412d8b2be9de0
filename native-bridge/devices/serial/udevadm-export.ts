/**
 * Parses `udevadm info --export-db`: one block per device, `P:` its sysfs path, `N:` its node name,
 * `S:` its symlinks and `E:` its properties. Newer systemd puts the USB ids under `ID_USB_*` instead
 * of `ID_*` (serialport/bindings-cpp#115), so both are read.
 */
import type { DiscoveredPort } from './port-types.js';

/** Node names node-serialport lists as serial ports on Linux. */
export const SERIAL_NODE = /^(ttyS|ttyUSB|ttyACM|ttyAMA|ttyWCH|ttyXRUSB|ttyMFD|ttyO|ttyTHS|ttyGS|rfcomm)\d+$/;

const hexEscape = (s: string) =>
  s.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
/** `ID_MODEL=CP2102_USB_to_UART` without its `_ENC` twin: underscores stand for spaces. */
const underscored = (s: string | undefined) => (s === undefined ? undefined : s.replace(/_/g, ' '));

function pick(props: Map<string, string>, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = props.get(k);
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

export function parseUdevadmExport(text: string): DiscoveredPort[] {
  const ports: DiscoveredPort[] = [];
  for (const block of text.split(/\r?\n\s*\r?\n/)) {
    let name: string | undefined;
    const links: string[] = [];
    const props = new Map<string, string>();
    for (const line of block.split(/\r?\n/)) {
      const tag = line.slice(0, 2);
      const value = line.slice(3);
      if (tag === 'N:') name = value.trim();
      else if (tag === 'S:') links.push(value.trim());
      else if (tag === 'E:') {
        const eq = value.indexOf('=');
        if (eq > 0) props.set(value.slice(0, eq), value.slice(eq + 1));
      }
    }
    if (props.get('SUBSYSTEM') !== 'tty') continue;
    name ??= props.get('DEVNAME')?.replace(/^\/dev\//, '');
    if (!name || !SERIAL_NODE.test(name)) continue;
    for (const l of (props.get('DEVLINKS') ?? '').split(/\s+/)) {
      const rel = l.replace(/^\/dev\//, '');
      if (rel && !links.includes(rel)) links.push(rel);
    }
    const byId = links.find((l) => l.startsWith('serial/by-id/'));
    const byPath = links.find((l) => l.startsWith('serial/by-path/'));
    const vendorId = pick(props, 'ID_VENDOR_ID', 'ID_USB_VENDOR_ID')?.toLowerCase() ?? null;
    // Without a manufacturer string udev repeats the vendor id there: that names nobody.
    const vendorText = (v: string | undefined) => (v === undefined || v.toLowerCase() === vendorId ? undefined : v);
    const manufacturerEnc = vendorText(pick(props, 'ID_VENDOR_ENC', 'ID_USB_VENDOR_ENC'));
    const modelEnc = pick(props, 'ID_MODEL_ENC', 'ID_USB_MODEL_ENC');
    ports.push({
      path: props.get('DEVNAME') ?? `/dev/${name}`,
      byIdPath: byId ? `/dev/${byId}` : null,
      manufacturer:
        (manufacturerEnc ? hexEscape(manufacturerEnc).trim() : undefined) ??
        pick(props, 'ID_VENDOR_FROM_DATABASE') ??
        underscored(vendorText(pick(props, 'ID_VENDOR', 'ID_USB_VENDOR'))) ??
        null,
      product:
        (modelEnc ? hexEscape(modelEnc).trim() : undefined) ??
        pick(props, 'ID_MODEL_FROM_DATABASE') ??
        underscored(pick(props, 'ID_MODEL', 'ID_USB_MODEL')) ??
        null,
      serialNumber: pick(props, 'ID_SERIAL_SHORT', 'ID_USB_SERIAL_SHORT') ?? null,
      vendorId,
      productId: pick(props, 'ID_MODEL_ID', 'ID_USB_MODEL_ID')?.toLowerCase() ?? null,
      interfaceNumber: pick(props, 'ID_USB_INTERFACE_NUM') ?? null,
      driver: pick(props, 'ID_USB_DRIVER') ?? null,
      location: byPath ? byPath.replace(/^serial\/by-path\//, '') : (pick(props, 'ID_PATH') ?? null),
    });
  }
  return ports;
}
