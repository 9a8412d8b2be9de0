/**
 * Recognises the USB-serial chips an ESP32 rig is likely to sit behind, by USB vendor id (and names
 * the chip by product id where we know it). A recognised port is offered first; any port can still be
 * chosen or typed, because a rig may sit behind a chip not in this table.
 */

export interface RigChip {
  vendor: string;
  chip: string;
}

const VENDORS: Record<string, { vendor: string; products: Record<string, string>; fallback: string }> = {
  // Espressif's own USB: the ESP32-S2/S3/C3/C6 USB-Serial/JTAG unit and TinyUSB CDC.
  '303a': {
    vendor: 'Espressif',
    products: { '1001': 'ESP32 USB-Serial/JTAG', '0002': 'ESP32-S2 USB CDC', '4001': 'ESP32 TinyUSB CDC' },
    fallback: 'ESP32 native USB',
  },
  '10c4': {
    vendor: 'Silicon Labs',
    products: { ea60: 'CP2102/CP2104', ea63: 'CP2101', ea70: 'CP2105', ea71: 'CP2108', ea7a: 'CP2110' },
    fallback: 'CP210x',
  },
  '1a86': {
    vendor: 'WCH',
    products: {
      '7523': 'CH340',
      '7522': 'CH340K',
      '5523': 'CH341',
      '55d4': 'CH9102',
      '55d3': 'CH343',
      '55d2': 'CH342',
    },
    fallback: 'CH34x/CH910x',
  },
  '0403': {
    vendor: 'FTDI',
    products: { '6001': 'FT232R', '6010': 'FT2232', '6011': 'FT4232', '6014': 'FT232H', '6015': 'FT-X' },
    fallback: 'FTDI',
  },
};

export const RECOGNISED_VENDOR_IDS = Object.keys(VENDORS);

/** USB ids as lowercase 4-digit hex, whatever form the OS reported (`0x10C4`, `10C4`, `10c4`). */
export function normaliseUsbId(id: string | null | undefined): string | null {
  if (!id) return null;
  const m = /^(?:0x)?([0-9a-f]{1,4})$/i.exec(id.trim());
  return m ? m[1]!.toLowerCase().padStart(4, '0') : null;
}

export function recogniseRigChip(vendorId: string | null | undefined, productId?: string | null): RigChip | null {
  const vid = normaliseUsbId(vendorId);
  if (vid === null) return null;
  const v = VENDORS[vid];
  if (!v) return null;
  const pid = normaliseUsbId(productId ?? null);
  return { vendor: v.vendor, chip: (pid !== null ? v.products[pid] : undefined) ?? v.fallback };
}
