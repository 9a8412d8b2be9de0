/** What discovery learns about one serial port, whichever source (udevadm, sysfs, the OS API) said it. */

export interface DiscoveredPort {
  /** The node to open, e.g. `/dev/ttyUSB0` or `COM3`. */
  path: string;
  /** The stable `/dev/serial/by-id/...` link to the same port, when udev made one. */
  byIdPath: string | null;
  manufacturer: string | null;
  product: string | null;
  serialNumber: string | null;
  /** Lowercase 4-digit hex. */
  vendorId: string | null;
  productId: string | null;
  interfaceNumber: string | null;
  driver: string | null;
  /** Where it is plugged in (a by-path name or the USB bus-port chain): survives re-enumeration. */
  location: string | null;
}

export type DiscoveryMethod = 'udevadm' | 'sysfs' | 'os';
