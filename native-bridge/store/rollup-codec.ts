/**
 * One rollup bucket of one session (all its channels) packed into a BLOB: min, max and mean of every
 * channel in wire units. One row per bucket and session keeps the 1 s table at ~0.3 KB per second of a
 * 16-cell rig (rollups are kept forever) and lets a chart read every channel of a window in one range
 * scan.
 *
 * Channels of an n-cell device, in order: temp 1..n (0.01 °C, i32), voltage 1..n (mV, u16),
 * pack current (mA, i32), ambient (0.01 °C, i16), humidity (0.01 %RH, u16).
 *
 * Layout v1 (little-endian): [0] version, [1] n, presence bitmap (ceil(K/8) bytes, bit set = the
 * channel had at least one value), then min, max, mean of each channel in its own width. Means are
 * rounded to the wire unit (0.01 °C, 1 mV, 1 mA), finer than any sensor here.
 */

export const ROLLUP_LAYOUT_VERSION = 1;
/** Channel slots in the aggregator: fixed, so a bucket can absorb frames of any cell count. */
export const MAX_CELLS = 32;
export const SLOT_CURRENT = 2 * MAX_CELLS;
export const SLOT_AMBIENT = SLOT_CURRENT + 1;
export const SLOT_HUMIDITY = SLOT_CURRENT + 2;
export const SLOTS = SLOT_CURRENT + 3;

export type ChannelQuantity = 'temp' | 'voltage' | 'current' | 'ambient' | 'humidity';
type Width = 'i32' | 'u16' | 'i16';
const WIDTH_BYTES: Record<Width, number> = { i32: 4, u16: 2, i16: 2 };
const QUANTITY_WIDTH: Record<ChannelQuantity, Width> = {
  temp: 'i32',
  voltage: 'u16',
  current: 'i32',
  ambient: 'i16',
  humidity: 'u16',
};

export const slotOf = (q: ChannelQuantity, cell: number | null): number => {
  switch (q) {
    case 'temp':
      return cell! - 1;
    case 'voltage':
      return MAX_CELLS + cell! - 1;
    case 'current':
      return SLOT_CURRENT;
    case 'ambient':
      return SLOT_AMBIENT;
    case 'humidity':
      return SLOT_HUMIDITY;
  }
};

interface Layout {
  n: number;
  channels: { slot: number; width: Width; offset: number }[];
  bitmapBytes: number;
  size: number;
}

const layouts = new Map<number, Layout>();

function layoutFor(n: number): Layout {
  let l = layouts.get(n);
  if (l) return l;
  const slots: { slot: number; width: Width }[] = [];
  for (let c = 0; c < n; c++) slots.push({ slot: c, width: QUANTITY_WIDTH.temp });
  for (let c = 0; c < n; c++) slots.push({ slot: MAX_CELLS + c, width: QUANTITY_WIDTH.voltage });
  slots.push({ slot: SLOT_CURRENT, width: QUANTITY_WIDTH.current });
  slots.push({ slot: SLOT_AMBIENT, width: QUANTITY_WIDTH.ambient });
  slots.push({ slot: SLOT_HUMIDITY, width: QUANTITY_WIDTH.humidity });
  const bitmapBytes = Math.ceil(slots.length / 8);
  let offset = 2 + bitmapBytes;
  const channels = slots.map((s) => {
    const c = { ...s, offset };
    offset += 3 * WIDTH_BYTES[s.width];
    return c;
  });
  l = { n, channels, bitmapBytes, size: offset };
  layouts.set(n, l);
  return l;
}

/** Aggregation state of one bucket, indexed by slot. */
export interface BucketStats {
  /** Frames that went into the bucket. */
  frames: number;
  /** Highest cell count seen. */
  nCells: number;
  min: Int32Array;
  max: Int32Array;
  sum: Float64Array;
  cnt: Uint32Array;
}

export function emptyStats(): BucketStats {
  return {
    frames: 0,
    nCells: 0,
    min: new Int32Array(SLOTS),
    max: new Int32Array(SLOTS),
    sum: new Float64Array(SLOTS),
    cnt: new Uint32Array(SLOTS),
  };
}

export function cloneStats(s: BucketStats): BucketStats {
  return {
    frames: s.frames,
    nCells: s.nCells,
    min: s.min.slice(),
    max: s.max.slice(),
    sum: s.sum.slice(),
    cnt: s.cnt.slice(),
  };
}

const clampTo = (v: number, w: Width) =>
  w === 'u16' ? Math.min(65535, Math.max(0, v)) : w === 'i16' ? Math.min(32767, Math.max(-32768, v)) : v;

function write(b: Buffer, w: Width, off: number, v: number): void {
  v = clampTo(v, w);
  if (w === 'i32') b.writeInt32LE(v, off);
  else if (w === 'u16') b.writeUInt16LE(v, off);
  else b.writeInt16LE(v, off);
}

function read(b: Uint8Array, w: Width, off: number): number {
  const lo = b[off]! | (b[off + 1]! << 8);
  if (w === 'u16') return lo;
  if (w === 'i16') return (lo << 16) >> 16;
  return lo | (b[off + 2]! << 16) | (b[off + 3]! << 24);
}

export function encodeRollup(s: BucketStats): Buffer {
  const l = layoutFor(s.nCells);
  const b = Buffer.alloc(l.size);
  b[0] = ROLLUP_LAYOUT_VERSION;
  b[1] = l.n;
  l.channels.forEach((ch, k) => {
    const n = s.cnt[ch.slot]!;
    if (n === 0) return;
    b[2 + (k >> 3)]! |= 1 << (k & 7);
    const wb = WIDTH_BYTES[ch.width];
    write(b, ch.width, ch.offset, s.min[ch.slot]!);
    write(b, ch.width, ch.offset + wb, s.max[ch.slot]!);
    write(b, ch.width, ch.offset + 2 * wb, Math.round(s.sum[ch.slot]! / n));
  });
  return b;
}

export class RollupBlobError extends Error {
  override name = 'RollupBlobError';
}

/** Reads channels out of a stored rollup blob without decoding the rest. */
export class RollupView {
  readonly n: number;
  private readonly l: Layout;
  private readonly index = new Map<number, number>();

  constructor(private readonly b: Uint8Array) {
    if (b.length < 2 || b[0] !== ROLLUP_LAYOUT_VERSION)
      throw new RollupBlobError(`unknown rollup layout ${b[0] ?? 'empty'} (this build reads ${ROLLUP_LAYOUT_VERSION})`);
    this.n = b[1]!;
    this.l = layoutFor(this.n);
    if (b.length !== this.l.size) throw new RollupBlobError(`rollup blob of ${b.length} bytes for ${this.n} cells`);
    this.l.channels.forEach((c, k) => this.index.set(c.slot, k));
  }

  /** min, max, mean of a slot, or null when the bucket had no value for it (or no such cell). */
  get(slot: number): [number, number, number] | null {
    const k = this.index.get(slot);
    if (k === undefined) return null;
    if ((this.b[2 + (k >> 3)]! & (1 << (k & 7))) === 0) return null;
    const ch = this.l.channels[k]!;
    const wb = WIDTH_BYTES[ch.width];
    return [
      read(this.b, ch.width, ch.offset),
      read(this.b, ch.width, ch.offset + wb),
      read(this.b, ch.width, ch.offset + 2 * wb),
    ];
  }

  /** Back to aggregation state, weighting every present channel by the bucket's frame count. */
  toStats(frames: number): BucketStats {
    const s = emptyStats();
    s.frames = frames;
    s.nCells = this.n;
    for (const ch of this.l.channels) {
      const v = this.get(ch.slot);
      if (!v) continue;
      s.min[ch.slot] = v[0];
      s.max[ch.slot] = v[1];
      s.sum[ch.slot] = v[2] * frames;
      s.cnt[ch.slot] = frames;
    }
    return s;
  }
}
