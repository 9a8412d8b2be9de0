/** The serial ports the operator may pick from, each with the running device that holds it (if any). */
import type { MethodResult } from '../contract/methods.js';
import type { SerialPortInfo } from '../contract/device-methods.js';
import type { DiscoveryResult } from '../devices/serial/port-discovery.js';
import { SerialSource } from '../devices/serial/serial-source.js';
import type { DeviceEntry } from './device-entry.js';

export async function listSerialPorts(
  discover: () => Promise<DiscoveryResult>,
  running: Iterable<DeviceEntry>,
): Promise<MethodResult<'listSerialPorts'>> {
  const r = await discover();
  const users = new Map<string, string>();
  for (const e of running)
    if (e.source instanceof SerialSource && e.source.currentPath) users.set(e.source.currentPath, e.spec);
  const ports: SerialPortInfo[] = r.ports.map((p) => ({
    path: p.path,
    byIdPath: p.byIdPath,
    manufacturer: p.manufacturer,
    product: p.product,
    serialNumber: p.serialNumber,
    vendorId: p.vendorId,
    productId: p.productId,
    location: p.location,
    rig: p.rig,
    inUseBy: users.get(p.path) ?? (p.byIdPath ? (users.get(p.byIdPath) ?? null) : null),
  }));
  return { ports, method: r.method, warnings: r.warnings };
}
