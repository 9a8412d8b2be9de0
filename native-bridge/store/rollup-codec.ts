/**
 * One rollup bucket of one session (all its channels) packed into a BLOB: min, max and mean of every
 * channel in wire units. One row per bucket and session keeps the 1 s table at ~0.2 KB per second of a
 * 16-cell rig (rollups are kept forever) and lets a chart read every channel of a window in one range
 * scan.
 *
 * Channels of an n-cell device, in order: temp 1..n (0.01 °C), voltage 1..n (mV, u16), pack current
 * (mA, i32), ambient (0.01 °C, i16), humidity (0.01 %RH, u16).
 *
 * Layout v2 (little-endian): [0] version, [1] n, [2] flags (bit 0: temperatures as i32 — only when a
 * bucket holds one beyond ±327.67 °C, i.e. thermal runaway; i16 otherwise), presence bitmap
 * (ceil(K/8) bytes, bit set = the channel had at least one value), then min, max, mean of each channel
 * in its own width. Means are rounded to the wire unit (0.01 °C, 1 mV, 1 mA), finer than any sensor.
 * Layout v1 (no flags byte, temperatures always i32) is still read.
 */

export const ROLLUP_LAYOUT_VERSION = 2;
/** Channel slots in the aggregator: fixed, so a bucket can absorb frames of any cell count. */
export const MAX_CELLS = 32;
export const SLOT_CURRENT = 2 * MAX_CELLS;
export const SLOT_AMBIENT = SLOT_CURRENT + 1;
export const SLOT_HUMIDITY = SLOT_CURRENT + 2;
export const SLOTS = SLOT_CURRENT + 3;

export type ChannelQuantity = 'temp' | 'voltage' | 'current' | 'ambient' | 'humidity';
/** Field widths, as small integers for a fast switch: i32, u16, i16. */
const I32 = 0;
const U16 = 1;
const I16 = 2;
const WIDTH_BYTES = [4, 2, 2];
const FLAG_WIDE_TEMPS = 1;

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
  version: number;
  n: number;
  wide: boolean;
  /** Per channel k: its slot, byte offset and width code. */
  slot: Int16Array;
  offset: Int32Array;
  width: Uint8Array;
  /** Slot → channel index in this layout, or -1. */
  indexOfSlot: Int16Array;
  bitmapAt: number;
  size: number;
}

const layouts = new Map<number, Layout>();

function layoutFor(version: number, n: number, wide: boolean): Layout {
  const key = version * 1000 + n * 2 + (wide ? 1 : 0);
  let l = layouts.get(key);
  if (l) return l;
  const slots: [number, number][] = [];
  for (let c = 0; c < n; c++) slots.push([c, wide ? I32 : I16]);
  for (let c = 0; c < n; c++) slots.push([MAX_CELLS + c, U16]);
  slots.push([SLOT_CURRENT, I32], [SLOT_AMBIENT, I16], [SLOT_HUMIDITY, U16]);
  const bitmapAt = version === 1 ? 2 : 3;
  let offset = bitmapAt + Math.ceil(slots.length / 8);
  l = {
    version,
    n,
    wide,
    slot: new Int16Array(slots.length),
    offset: new Int32Array(slots.length),
    width: new Uint8Array(slots.length),
    indexOfSlot: new Int16Array(SLOTS).fill(-1),
    bitmapAt,
    size: 0,
  };
  slots.forEach(([slot, w], k) => {
    l!.slot[k] = slot;
    l!.offset[k] = offset;
    l!.width[k] = w;
    l!.indexOfSlot[slot] = k;
    offset += 3 * WIDTH_BYTES[w]!;
  });
  l.size = offset;
  layouts.set(key, l);
  return l;
}

/** Aggregation state of one bucket, indexed by slot. */
export interface BucketStats {
  /** Frames that went into the bucket. */
  frames: number;
  /** Highest cell count seen. */
  nCells: number;
  /**
   * Per slot k, interleaved: v[4k] min, v[4k+1] max, v[4k+2] sum, v[4k+3] count. One array keeps a
   * frame's updates on a few cache lines and a bucket to one allocation.
   */
  v: Float64Array;
}

const EMPTY = (() => {
  const v = new Float64Array(SLOTS * 4);
  for (let k = 0; k < SLOTS; k++) {
    v[4 * k] = Infinity;
    v[4 * k + 1] = -Infinity;
  }
  return v;
})();
const fresh = () => EMPTY.slice();

/** Slot k's min, max, sum and count sit at 4k…4k+3 of `v`. */
export const MIN = 0;
export const MAX = 1;
export const SUM = 2;
export const CNT = 3;

/** min starts above and max below any value, so absorbing needs no "first value" branch. */
export function emptyStats(): BucketStats {
  return {
    frames: 0,
    nCells: 0,
    v: fresh(),
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
  const f = from.v;
  const t = into.v;
  const i = 4 * k;
  if (f[i + CNT] === 0) return;
  if (f[i]! < t[i]!) t[i] = f[i]!;
  if (f[i + MAX]! > t[i + MAX]!) t[i + MAX] = f[i + MAX]!;
  t[i + SUM]! += f[i + SUM]!;
  t[i + CNT]! += f[i + CNT]!;
}

export function cloneStats(s: BucketStats): BucketStats {
  return {
    frames: s.frames,
    nCells: s.nCells,
    v: s.v.slice(),
  };
}

function put(b: Buffer, w: number, off: number, v: number): void {
  if (w === U16) v = v < 0 ? 0 : v > 65535 ? 65535 : v;
  else if (w === I16) v = v < -32768 ? -32768 : v > 32767 ? 32767 : v;
  b[off] = v & 255;
  b[off + 1] = (v >>> 8) & 255;
  if (w === I32) {
    b[off + 2] = (v >>> 16) & 255;
    b[off + 3] = (v >>> 24) & 255;
  }
}

function read(b: Uint8Array, w: number, off: number): number {
  const lo = b[off]! | (b[off + 1]! << 8);
  if (w === U16) return lo;
  if (w === I16) return (lo << 16) >> 16;
  return lo | (b[off + 2]! << 16) | (b[off + 3]! << 24);
}

const scratch = new Map<number, Buffer>();

/**
 * Packs a bucket's state (once per written bucket). With `reuse`, into a buffer kept per size — only for
 * handing straight to a statement.
 */
export function encodeRollup(s: BucketStats, reuse = false): Buffer {
  const v = s.v;
  let wide = false;
  for (let c = 0; c < s.nCells; c++)
    if (v[4 * c + CNT]! > 0 && (v[4 * c]! < -32768 || v[4 * c + MAX]! > 32767)) wide = true;
  const l = layoutFor(ROLLUP_LAYOUT_VERSION, s.nCells, wide);
  let b: Buffer;
  if (reuse) {
    b = scratch.get(l.size) ?? Buffer.alloc(l.size);
    scratch.set(l.size, b);
    b.fill(0);
  } else b = Buffer.alloc(l.size);
  b[0] = ROLLUP_LAYOUT_VERSION;
  b[1] = l.n;
  b[2] = wide ? FLAG_WIDE_TEMPS : 0;
  for (let k = 0; k < l.slot.length; k++) {
    const i = 4 * l.slot[k]!;
    const n = v[i + CNT]!;
    if (n === 0) continue;
    b[l.bitmapAt + (k >> 3)]! |= 1 << (k & 7);
    const w = l.width[k]!;
    const off = l.offset[k]!;
    const wb = WIDTH_BYTES[w]!;
    put(b, w, off, v[i]!);
    put(b, w, off + wb, v[i + MAX]!);
    put(b, w, off + 2 * wb, Math.round(v[i + SUM]! / n));
  }
  return b;
}

/** Empties a state for reuse (no allocation: a 1 s bucket closes every few frames). */
export function resetStats(s: BucketStats): void {
  s.frames = 0;
  s.nCells = 0;
  s.v.set(EMPTY);
}

export class RollupBlobError extends Error {
  override name = 'RollupBlobError';
}

/** Reads channels out of a stored rollup blob without decoding the rest. */
export class RollupView {
  readonly n: number;
  private readonly l: Layout;

  constructor(private readonly b: Uint8Array) {
    const version = b[0];
    if (b.length < 3 || (version !== 1 && version !== 2))
      throw new RollupBlobError(`unknown rollup layout ${version ?? 'empty'} (this build reads 1 and 2)`);
    this.n = b[1]!;
    this.l = layoutFor(version, this.n, version === 1 || (b[2]! & FLAG_WIDE_TEMPS) !== 0);
    if (b.length !== this.l.size) throw new RollupBlobError(`rollup blob of ${b.length} bytes for ${this.n} cells`);
  }

  /** min, max, mean of a slot, or null when the bucket had no value for it (or no such cell). */
  get(slot: number): [number, number, number] | null {
    const k = slot >= 0 && slot < SLOTS ? this.l.indexOfSlot[slot]! : -1;
    if (k < 0) return null;
    if ((this.b[this.l.bitmapAt + (k >> 3)]! & (1 << (k & 7))) === 0) return null;
    const w = this.l.width[k]!;
    const off = this.l.offset[k]!;
    const wb = WIDTH_BYTES[w]!;
    return [read(this.b, w, off), read(this.b, w, off + wb), read(this.b, w, off + 2 * wb)];
  }

  /** Back to aggregation state, weighting every present channel by the bucket's frame count. */
  toStats(frames: number): BucketStats {
    const s = emptyStats();
    s.frames = frames;
    s.nCells = this.n;
    for (let k = 0; k < this.l.slot.length; k++) {
      const slot = this.l.slot[k]!;
      const v = this.get(slot);
      if (!v) continue;
      const i = 4 * slot;
      s.v[i] = v[0];
      s.v[i + MAX] = v[1];
      s.v[i + SUM] = v[2] * frames;
      s.v[i + CNT] = frames;
    }
    return s;
  }
}
