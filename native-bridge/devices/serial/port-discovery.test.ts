/**
 * Discovery against recorded machines: the udev database export of a workshop PC and of a cloud VM
 * (this project's build machine), and the same workshop PC's sysfs tree for the machine without
 * udevadm. The sysfs fixture is materialised as a real directory tree with the kernel's relative
 * symlinks, so the scanner runs its real filesystem code.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverPorts, findBySerialNumber, rankPorts } from './port-discovery.js';
import { normaliseUsbId, recogniseRigChip } from './rig-recognition.js';
import { scanSysfsPorts, type SysfsRoots } from './sysfs-ports.js';
import { parseUdevadmExport } from './udevadm-export.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

interface TreeFixture {
  dirs: string[];
  files: Record<string, string>;
  links: Record<string, string>;
}

function materialise(tree: TreeFixture): { root: string; roots: SysfsRoots } {
  const root = mkdtempSync(join(tmpdir(), 'sysfs-fixture-'));
  for (const d of tree.dirs) mkdirSync(join(root, d), { recursive: true });
  for (const [p, text] of Object.entries(tree.files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  for (const [p, target] of Object.entries(tree.links)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    symlinkSync(target, join(root, p));
  }
  return { root, roots: { sys: join(root, 'sys'), dev: join(root, 'dev') } };
}

const noUdevadm = () =>
  Promise.reject(Object.assign(new Error('spawn udevadm ENOENT'), { code: 'ENOENT', syscall: 'spawn udevadm' }));

let workshop: { root: string; roots: SysfsRoots };
beforeAll(() => {
  workshop = materialise(JSON.parse(fixture('sysfs-workshop-pc.json')) as TreeFixture);
});
afterAll(() => rmSync(workshop.root, { recursive: true, force: true }));

describe('rig recognition', () => {
  it('recognises the usual ESP32 bridges by vendor id and names the chip', () => {
    expect(recogniseRigChip('10c4', 'ea60')).toEqual({ vendor: 'Silicon Labs', chip: 'CP2102/CP2104' });
    expect(recogniseRigChip('0x303A', '0x1001')).toEqual({ vendor: 'Espressif', chip: 'ESP32 USB-Serial/JTAG' });
    expect(recogniseRigChip('1a86', '55d4')?.chip).toBe('CH9102');
    expect(recogniseRigChip('1A86', '7523')?.chip).toBe('CH340');
    expect(recogniseRigChip('0403', 'ffff')).toEqual({ vendor: 'FTDI', chip: 'FTDI' });
    expect(recogniseRigChip('1546', '01a8')).toBeNull();
    expect(recogniseRigChip(undefined)).toBeNull();
    expect(normaliseUsbId('0x3a')).toBe('003a');
    expect(normaliseUsbId('xyz')).toBeNull();
  });
});

describe('udevadm export parsing', () => {
  it('reads every serial port of the workshop PC with its USB identity', () => {
    const ports = parseUdevadmExport(fixture('udevadm-export-workshop-pc.txt'));
    const byPath = new Map(ports.map((p) => [p.path, p]));
    expect([...byPath.keys()].sort()).toEqual(
      [
        '/dev/ttyACM0',
        '/dev/ttyACM1',
        '/dev/ttyS0',
        '/dev/ttyS1',
        '/dev/ttyS2',
        '/dev/ttyS3',
        '/dev/ttyUSB0',
        '/dev/ttyUSB1',
        '/dev/ttyUSB2',
      ].sort(),
    );
    expect(byPath.get('/dev/ttyUSB0')).toMatchObject({
      vendorId: '10c4',
      productId: 'ea60',
      serialNumber: 'd4f5a1b2c3e4ec11bc2e5a6b7c8d9e0f',
      manufacturer: 'Silicon Labs',
      product: 'CP2102N USB to UART Bridge Controller',
      driver: 'cp210x',
      location: 'pci-0000:00:14.0-usb-0:2:1.0-port0',
      byIdPath:
        '/dev/serial/by-id/usb-Silicon_Labs_CP2102N_USB_to_UART_Bridge_Controller_d4f5a1b2c3e4ec11bc2e5a6b7c8d9e0f-if00-port0',
    });
    expect(byPath.get('/dev/ttyACM0')).toMatchObject({ vendorId: '303a', serialNumber: 'F4:12:FA:5B:3C:10' });
  });

  it('reads the ID_USB_* names newer systemd uses (serialport/bindings-cpp#115)', () => {
    const ftdi = parseUdevadmExport(fixture('udevadm-export-workshop-pc.txt')).find((p) => p.path === '/dev/ttyUSB2');
    expect(ftdi).toMatchObject({ vendorId: '0403', productId: '6001', serialNumber: 'A50285BI', manufacturer: 'FTDI' });
  });

  it('does not present a vendor id as the manufacturer of a CH340 without strings', () => {
    const ch340 = parseUdevadmExport(fixture('udevadm-export-workshop-pc.txt')).find((p) => p.path === '/dev/ttyUSB1');
    expect(ch340).toMatchObject({ manufacturer: 'QinHeng Electronics', serialNumber: null, vendorId: '1a86' });
  });

  it('lists only the real UART of the recorded cloud VM (no USB, no virtual terminals)', () => {
    const ports = parseUdevadmExport(fixture('udevadm-export-cloud-vm.txt'));
    expect(ports.map((p) => p.path)).toEqual(['/dev/ttyS0']);
    expect(ports[0]).toMatchObject({ vendorId: null, serialNumber: null });
  });

  it('survives empty and garbled input', () => {
    expect(parseUdevadmExport('')).toEqual([]);
    expect(parseUdevadmExport('P: x\nE: SUBSYSTEM=tty\n\n\u0000\u0001\nN:\n')).toEqual([]);
  });
});

describe('sysfs scan (no udevadm)', () => {
  it('finds USB ports with ids, serial numbers and by-id links, and skips empty 8250 slots and virtual ttys', () => {
    const ports = scanSysfsPorts(workshop.roots);
    expect(ports.map((p) => p.path).sort()).toEqual(
      ['/dev/ttyACM0', '/dev/ttyACM1', '/dev/ttyS0', '/dev/ttyUSB0', '/dev/ttyUSB1', '/dev/ttyUSB2'].sort(),
    );
    const cp = ports.find((p) => p.path === '/dev/ttyUSB0')!;
    expect(cp).toMatchObject({
      vendorId: '10c4',
      productId: 'ea60',
      serialNumber: 'd4f5a1b2c3e4ec11bc2e5a6b7c8d9e0f',
      manufacturer: 'Silicon Labs',
      product: 'CP2102N USB to UART Bridge Controller',
      interfaceNumber: '00',
      driver: 'cp210x',
      location: 'pci-0000:00:14.0-usb-0:2:1.0-port0',
    });
    expect(cp.byIdPath).toMatch(/^\/dev\/serial\/by-id\/usb-Silicon_Labs_CP2102N/);
    const s3 = ports.find((p) => p.path === '/dev/ttyACM0')!;
    expect(s3).toMatchObject({
      vendorId: '303a',
      productId: '1001',
      driver: 'cdc_acm',
      serialNumber: 'F4:12:FA:5B:3C:10',
    });
    const behindHub = ports.find((p) => p.path === '/dev/ttyUSB1')!;
    expect(behindHub).toMatchObject({ vendorId: '1a86', productId: '7523', serialNumber: null, manufacturer: null });
    expect(ports.find((p) => p.path === '/dev/ttyS0')).toMatchObject({ vendorId: null, byIdPath: null });
  });

  it('returns nothing (rather than throwing) when sysfs is unreadable', () => {
    expect(scanSysfsPorts({ sys: join(workshop.root, 'missing'), dev: join(workshop.root, 'missing') })).toEqual([]);
  });
});

describe('discoverPorts', () => {
  it('on a machine without udevadm falls back to sysfs, says so, and offers recognised rigs first', async () => {
    const r = await discoverPorts({ platform: 'linux', runUdevadm: noUdevadm, sysRoots: workshop.roots });
    expect(r.method).toBe('sysfs');
    expect(r.warnings.join(' ')).toMatch(/udevadm is not installed/);
    expect(r.ports.map((p) => p.path)).toEqual([
      '/dev/ttyACM0',
      '/dev/ttyUSB0',
      '/dev/ttyUSB1',
      '/dev/ttyUSB2',
      '/dev/ttyACM1',
      '/dev/ttyS0',
    ]);
    expect(r.ports.slice(0, 4).every((p) => p.rig !== null)).toBe(true);
    expect(r.ports[4]!.rig).toBeNull();
  });

  it('with udevadm merges udev and sysfs, dropping 8250 slots sysfs knows are empty', async () => {
    const r = await discoverPorts({
      platform: 'linux',
      runUdevadm: () => Promise.resolve(fixture('udevadm-export-workshop-pc.txt')),
      sysRoots: workshop.roots,
    });
    expect(r.method).toBe('udevadm');
    expect(r.warnings).toEqual([]);
    expect(r.ports.map((p) => p.path)).not.toContain('/dev/ttyS1');
    expect(r.ports.find((p) => p.path === '/dev/ttyUSB1')!.manufacturer).toBe('QinHeng Electronics');
    expect(r.ports[0]!.rig).not.toBeNull();
  });

  it('a failing udevadm (no udev database) still lists from sysfs', async () => {
    const r = await discoverPorts({
      platform: 'linux',
      runUdevadm: () => Promise.reject(new Error('Command failed: udevadm info --export-db\nFailed to open /run/udev')),
      sysRoots: workshop.roots,
    });
    expect(r.method).toBe('sysfs');
    expect(r.warnings[0]).toMatch(/udevadm failed/);
    expect(r.ports).toHaveLength(6);
  });

  it('uses the OS listing elsewhere and normalises its ids', async () => {
    const r = await discoverPorts({
      platform: 'win32',
      osList: async () => [
        { path: 'COM10', vendorId: 'ABCD', productId: '0001' },
        { path: 'COM3', vendorId: '10C4', productId: 'EA60', serialNumber: '0001', manufacturer: 'Silicon Labs' },
        { path: 'COM1' },
      ],
    });
    expect(r.method).toBe('os');
    expect(r.ports.map((p) => p.path)).toEqual(['COM3', 'COM10', 'COM1']);
    expect(r.ports[0]).toMatchObject({ vendorId: '10c4', productId: 'ea60', rig: { chip: 'CP2102/CP2104' } });
  });

  it('finds a replugged device under its new name by serial number', () => {
    const ports = rankPorts(scanSysfsPorts(workshop.roots));
    expect(findBySerialNumber(ports, 'A50285BI')!.path).toBe('/dev/ttyUSB2');
    expect(findBySerialNumber(ports, 'nope')).toBeNull();
  });

  it('runs against this machine without throwing', async () => {
    const r = await discoverPorts();
    expect(Array.isArray(r.ports)).toBe(true);
    expect(['udevadm', 'sysfs', 'os']).toContain(r.method);
  });
});
