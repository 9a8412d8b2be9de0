/**
 * Lists serial ports from sysfs and /dev/serial, for Linux machines without `udevadm` (minimal
 * containers, some embedded distributions) where node-serialport's list() rejects. Reads the same
 * attributes udev would: the USB device above the tty holds idVendor, idProduct, serial, manufacturer
 * and product. Roots are parameters so that tests run against recorded trees.
 */
import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { DiscoveredPort } from './port-types.js';
import { SERIAL_NODE } from './udevadm-export.js';

export interface SysfsRoots {
  sys: string;
  dev: string;
}

export const REAL_ROOTS: SysfsRoots = { sys: '/sys', dev: '/dev' };

function readAttr(dir: string, name: string): string | null {
  try {
    const v = readFileSync(join(dir, name), 'utf8').trim();
    return v === '' ? null : v;
  } catch {
    return null;
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** `/dev/serial/by-*` link names keyed by the tty they point at (`ttyUSB0`). */
function serialLinks(devRoot: string, kind: 'by-id' | 'by-path'): Map<string, string> {
  const dir = join(devRoot, 'serial', kind);
  const out = new Map<string, string>();
  for (const link of listDir(dir).sort()) {
    try {
      const target = basename(resolve(dir, readlinkSync(join(dir, link))));
      if (!out.has(target)) out.set(target, link);
    } catch {
      // Not a link (or gone since readdir): skip.
    }
  }
  return out;
}

export function scanSysfsPorts(roots: SysfsRoots = REAL_ROOTS): DiscoveredPort[] {
  const classDir = join(roots.sys, 'class', 'tty');
  const byId = serialLinks(roots.dev, 'by-id');
  const byPath = serialLinks(roots.dev, 'by-path');
  const sysTop = resolve(roots.sys);
  const ports: DiscoveredPort[] = [];
  for (const name of listDir(classDir).sort()) {
    if (!SERIAL_NODE.test(name)) continue;
    const ttyDir = join(classDir, name);
    const deviceLink = join(ttyDir, 'device');
    // Virtual terminals and ptys have no `device`: they are not hardware ports.
    if (!existsSync(deviceLink)) continue;
    // An 8250 slot with no UART behind it reports type 0 (PORT_UNKNOWN); every PC has 4–32 of them.
    if (name.startsWith('ttyS') && readAttr(ttyDir, 'type') === '0') continue;
    let devDir: string;
    try {
      devDir = realpathSync(deviceLink);
    } catch {
      continue;
    }
    let usbDir: string | null = null;
    let interfaceNumber: string | null = null;
    let driver: string | null = null;
    for (let d = devDir, depth = 0; depth < 10 && d.startsWith(sysTop) && d !== sysTop; d = dirname(d), depth++) {
      if (driver === null && existsSync(join(d, 'driver'))) {
        try {
          driver = basename(realpathSync(join(d, 'driver')));
        } catch {
          // A driver link that does not resolve tells us nothing.
        }
      }
      if (interfaceNumber === null) interfaceNumber = readAttr(d, 'bInterfaceNumber');
      if (existsSync(join(d, 'idVendor'))) {
        usbDir = d;
        break;
      }
    }
    const idLink = byId.get(name);
    const pathLink = byPath.get(name);
    ports.push({
      path: `/dev/${name}`,
      byIdPath: idLink ? `/dev/serial/by-id/${idLink}` : null,
      manufacturer: usbDir ? readAttr(usbDir, 'manufacturer') : null,
      product: usbDir ? readAttr(usbDir, 'product') : null,
      serialNumber: usbDir ? readAttr(usbDir, 'serial') : null,
      vendorId: usbDir ? (readAttr(usbDir, 'idVendor')?.toLowerCase() ?? null) : null,
      productId: usbDir ? (readAttr(usbDir, 'idProduct')?.toLowerCase() ?? null) : null,
      interfaceNumber,
      driver,
      location: pathLink ?? (usbDir ? `usb-${basename(usbDir)}` : null),
    });
  }
  return ports;
}
