/**
 * Lists the machine's serial ports with what identifies them (USB ids, serial number, maker), likely
 * rigs first. On Linux it reads udev's database and sysfs itself, so that a machine without `udevadm`
 * (where node-serialport's list() rejects) still lists its ports; elsewhere it asks the OS through
 * node-serialport. Pseudo-terminals are never listed by any OS: the UI always accepts a typed path.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import type { DiscoveredPort, DiscoveryMethod } from './port-types.js';
import { recogniseRigChip, normaliseUsbId, type RigChip } from './rig-recognition.js';
import { REAL_ROOTS, scanSysfsPorts, type SysfsRoots } from './sysfs-ports.js';
import { parseUdevadmExport } from './udevadm-export.js';

export interface ListedPort extends DiscoveredPort {
  rig: RigChip | null;
}

export interface DiscoveryResult {
  ports: ListedPort[];
  method: DiscoveryMethod;
  warnings: string[];
}

export interface OsPortInfo {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  pnpId?: string | undefined;
  locationId?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
}

export interface DiscoveryOptions {
  platform?: NodeJS.Platform;
  /** Resolves with `udevadm info --export-db`; rejects (ENOENT) when udevadm is missing. */
  runUdevadm?: () => Promise<string>;
  sysRoots?: SysfsRoots;
  /** The OS listing for non-Linux platforms. */
  osList?: () => Promise<OsPortInfo[]>;
}

const UDEVADM_TIMEOUT_MS = 5000;

export function runUdevadmExport(): Promise<string> {
  return new Promise((resolveRun, reject) => {
    execFile(
      'udevadm',
      ['info', '--export-db'],
      { timeout: UDEVADM_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout) => (err ? reject(err) : resolveRun(stdout)),
    );
  });
}

const defaultOsList = () => SerialPort.list() as Promise<OsPortInfo[]>;

/** Fills fields one listing lacks from another listing of the same path. */
function merge(primary: DiscoveredPort[], extra: DiscoveredPort[]): DiscoveredPort[] {
  const byPath = new Map(primary.map((p) => [p.path, { ...p }]));
  for (const e of extra) {
    const p = byPath.get(e.path);
    if (!p) {
      byPath.set(e.path, { ...e });
      continue;
    }
    for (const k of Object.keys(e) as (keyof DiscoveredPort)[]) if (p[k] === null && e[k] !== null) p[k] = e[k];
  }
  return [...byPath.values()];
}

function fromOs(p: OsPortInfo): DiscoveredPort {
  return {
    path: p.path,
    byIdPath: null,
    manufacturer: p.manufacturer ?? null,
    product: null,
    serialNumber: p.serialNumber ?? null,
    vendorId: normaliseUsbId(p.vendorId),
    productId: normaliseUsbId(p.productId),
    interfaceNumber: null,
    driver: null,
    location: p.locationId ?? p.pnpId ?? null,
  };
}

/** Natural order: ttyUSB2 before ttyUSB10, COM3 before COM10. */
const natural = new Intl.Collator('en', { numeric: true }).compare;

/** Recognised rigs first, then other USB ports, then the rest (built-in UARTs, Bluetooth). */
export function rankPorts(ports: DiscoveredPort[]): ListedPort[] {
  const rank = (p: ListedPort) => (p.rig ? 0 : p.vendorId ? 1 : 2);
  return ports
    .map((p) => ({ ...p, rig: recogniseRigChip(p.vendorId, p.productId) }))
    .sort((a, b) => rank(a) - rank(b) || natural(a.path, b.path));
}

export async function discoverPorts(opts: DiscoveryOptions = {}): Promise<DiscoveryResult> {
  const platform = opts.platform ?? process.platform;
  const warnings: string[] = [];
  if (platform !== 'linux') {
    const list = await (opts.osList ?? defaultOsList)();
    return { ports: rankPorts(list.map(fromOs)), method: 'os', warnings };
  }
  const roots = opts.sysRoots ?? REAL_ROOTS;
  let fromSysfs: DiscoveredPort[] = [];
  try {
    fromSysfs = scanSysfsPorts(roots);
  } catch (e) {
    warnings.push(`Could not read ${roots.sys}: ${(e as Error).message}`);
  }
  try {
    const text = await (opts.runUdevadm ?? runUdevadmExport)();
    // udev's database may lack what sysfs knows (no udevd in a container), and the reverse for
    // ports udev has renamed: each fills the other's gaps.
    const fromUdev = parseUdevadmExport(text);
    const known = new Set(fromSysfs.map((p) => p.path));
    const sysfsReadable = existsSync(join(roots.sys, 'class', 'tty'));
    // A ttyS slot udev lists but sysfs says has no UART behind it is noise.
    const udevReal = fromUdev.filter((p) => !sysfsReadable || !p.path.startsWith('/dev/ttyS') || known.has(p.path));
    return { ports: rankPorts(merge(udevReal, fromSysfs)), method: 'udevadm', warnings };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    warnings.push(
      err.code === 'ENOENT'
        ? 'udevadm is not installed: ports were listed from /sys and /dev/serial/by-id.'
        : `udevadm failed (${err.message.split('\n')[0]}): ports were listed from /sys and /dev/serial/by-id.`,
    );
    return { ports: rankPorts(fromSysfs), method: 'sysfs', warnings };
  }
}

/** The port now carrying the device with this USB serial number (it may have a new name after a replug). */
export function findBySerialNumber(ports: DiscoveredPort[], serialNumber: string): DiscoveredPort | null {
  return ports.find((p) => p.serialNumber === serialNumber) ?? null;
}
