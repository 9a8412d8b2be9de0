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
  /** Slot → channel index in this layout, or -1. */
  indexOfSlot: Int16Array;
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
  const indexOfSlot = new Int16Array(SLOTS).fill(-1);
  channels.forEach((c, k) => (indexOfSlot[c.slot] = k));
  l = { n, channels, indexOfSlot, bitmapBytes, size: offset };
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

/** min starts above and max below any value, so absorbing needs no "first value" branch. */
export function emptyStats(): BucketStats {
  return {
    frames: 0,
    nCells: 0,
    min: new Int32Array(SLOTS).fill(2147483647),
    max: new Int32Array(SLOTS).fill(-2147483648),
    sum: new Float64Array(SLOTS),
    cnt: new Uint32Array(SLOTS),
  };
}

/** Adds `from` into `into` (exact: sums and counts add, extremes compare). */
export function mergeStats(into: BucketStats, from: BucketStats): void {
  into.frames += from.frames;
  if (from.nCells > into.nCells) into.nCells = from.nCells;
  // Only the slots a bucket of `from.nCells` cells can use: temps, voltages, and the three pack slots.
  const n = from.nCells;
  for (let c = 0; c < n; c++) {
    mergeSlot(into, from, c);
    mergeSlot(into, from, MAX_CELLS + c);
  }
  mergeSlot(into, from, SLOT_CURRENT);
  mergeSlot(into, from, SLOT_AMBIENT);
  mergeSlot(into, from, SLOT_HUMIDITY);
}

function mergeSlot(into: BucketStats, from: BucketStats, k: number): void {
  const n = from.cnt[k]!;
  if (n === 0) return;
  if (from.min[k]! < into.min[k]!) into.min[k] = from.min[k]!;
  if (from.max[k]! > into.max[k]!) into.max[k] = from.max[k]!;
  into.sum[k]! += from.sum[k]!;
  into.cnt[k]! += n;
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

function put(b: Buffer, w: Width, off: number, v: number): void {
  if (w === 'u16') v = v < 0 ? 0 : v > 65535 ? 65535 : v;
  else if (w === 'i16') v = v < -32768 ? -32768 : v > 32767 ? 32767 : v;
  b[off] = v & 255;
  b[off + 1] = (v >>> 8) & 255;
  if (w === 'i32') {
    b[off + 2] = (v >>> 16) & 255;
    b[off + 3] = (v >>> 24) & 255;
  }
}

function read(b: Uint8Array, w: Width, off: number): number {
  const lo = b[off]! | (b[off + 1]! << 8);
  if (w === 'u16') return lo;
  if (w === 'i16') return (lo << 16) >> 16;
  return lo | (b[off + 2]! << 16) | (b[off + 3]! << 24);
}

const scratch = new Map<number, Buffer>();

/**
 * Packs a bucket's state (runs once per written bucket: byte writes, no per-channel closures). With
 * `reuse`, into a buffer kept per cell count — only for handing straight to a statement.
 */
export function encodeRollup(s: BucketStats, reuse = false): Buffer {
  const l = layoutFor(s.nCells);
  let b: Buffer;
  if (reuse) {
    b = scratch.get(l.size) ?? Buffer.alloc(l.size);
    scratch.set(l.size, b);
    b.fill(0);
  } else b = Buffer.alloc(l.size);
  b[0] = ROLLUP_LAYOUT_VERSION;
  b[1] = l.n;
  const chs = l.channels;
  for (let k = 0; k < chs.length; k++) {
    const ch = chs[k]!;
    const n = s.cnt[ch.slot]!;
    if (n === 0) continue;
    b[2 + (k >> 3)]! |= 1 << (k & 7);
    const wb = WIDTH_BYTES[ch.width];
    put(b, ch.width, ch.offset, s.min[ch.slot]!);
    put(b, ch.width, ch.offset + wb, s.max[ch.slot]!);
    put(b, ch.width, ch.offset + 2 * wb, Math.round(s.sum[ch.slot]! / n));
  }
  return b;
}

/** Empties a state for reuse (no allocation: a 1 s bucket closes every few frames). */
export function resetStats(s: BucketStats): void {
  s.frames = 0;
  s.nCells = 0;
  s.min.fill(2147483647);
  s.max.fill(-2147483648);
  s.sum.fill(0);
  s.cnt.fill(0);
}

export class RollupBlobError extends Error {
  override name = 'RollupBlobError';
}

/** Reads channels out of a stored rollup blob without decoding the rest. */
export class RollupView {
  readonly n: number;
  private readonly l: Layout;

  constructor(private readonly b: Uint8Array) {
    if (b.length < 2 || b[0] !== ROLLUP_LAYOUT_VERSION)
      throw new RollupBlobError(`unknown rollup layout ${b[0] ?? 'empty'} (this build reads ${ROLLUP_LAYOUT_VERSION})`);
    this.n = b[1]!;
    this.l = layoutFor(this.n);
    if (b.length !== this.l.size) throw new RollupBlobError(`rollup blob of ${b.length} bytes for ${this.n} cells`);
  }

  /** min, max, mean of a slot, or null when the bucket had no value for it (or no such cell). */
  get(slot: number): [number, number, number] | null {
    const k = slot >= 0 && slot < SLOTS ? this.l.indexOfSlot[slot]! : -1;
    if (k < 0) return null;
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
