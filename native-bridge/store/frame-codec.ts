/**
 * The per-cell part of a stored frame, packed into one BLOB. A device frame carries up to 32 cells;
 * storing them as one row per frame instead of one row per cell is what keeps a reading at ~10 bytes on
 * disk and an insert at one statement per frame (see migration 0002). Values stay in wire units.
 *
 * Layout v1 (little-endian), n = cell count:
 *   [0] layout version (1)   [1] n
 *   mv       u16 × n         cell voltage, mV
 *   tempCc   i32 × n         cell temperature, 0.01 °C (the wire range reaches 1500 °C, so 32 bits)
 *   soc      u16 × n         SOC in 0.1 % (the device's, or the station's estimate)
 *   flags    u8  × n         bit0 mv unknown, bit1 temp unknown, bit2 soc unknown, bit3 soc estimated
 */

export const CELL_LAYOUT_VERSION = 1;
const HEADER = 2;
export const BYTES_PER_CELL = 9;

export const CELL_FLAG = { MV_NULL: 1, TEMP_NULL: 2, SOC_NULL: 4, SOC_ESTIMATED: 8 } as const;

export interface CellValues {
  mv: number | null;
  tempCc: number | null;
  socPermille: number | null;
  socEstimated: boolean;
}

export class CellBlobError extends Error {
  override name = 'CellBlobError';
}

export function encodeCells(cells: readonly CellValues[]): Buffer {
  return encodeCellsInto(Buffer.allocUnsafe(HEADER + BYTES_PER_CELL * cells.length), cells);
}

/** Reused buffers per cell count, one per slot of a multi-row insert. */
const scratch = new Map<number, Buffer[]>();

/**
 * Packs into a buffer reused for every frame of the same cell count and `slot`: only for handing straight
 * to a statement (SQLite copies a bound blob before the call returns), never to keep. A statement that
 * inserts several frames at once binds each from its own slot.
 */
export function encodeCellsScratch(cells: readonly CellValues[], slot = 0): Buffer {
  const n = cells.length;
  let slots = scratch.get(n);
  if (!slots) scratch.set(n, (slots = []));
  let b = slots[slot];
  if (!b) b = slots[slot] = Buffer.alloc(HEADER + BYTES_PER_CELL * n);
  return encodeCellsInto(b, cells);
}

function encodeCellsInto(b: Buffer, cells: readonly CellValues[]): Buffer {
  const n = cells.length;
  b[0] = CELL_LAYOUT_VERSION;
  b[1] = n;
  const tOff = HEADER + 2 * n;
  const sOff = tOff + 4 * n;
  const fOff = sOff + 2 * n;
  // Byte by byte: this runs for every stored frame, and is several times faster than Buffer's writers.
  for (let i = 0; i < n; i++) {
    const c = cells[i]!;
    let flags = 0;
    const mv = c.mv ?? ((flags |= CELL_FLAG.MV_NULL), 0);
    const t = c.tempCc ?? ((flags |= CELL_FLAG.TEMP_NULL), 0);
    const soc = c.socPermille ?? ((flags |= CELL_FLAG.SOC_NULL), 0);
    if (c.socEstimated) flags |= CELL_FLAG.SOC_ESTIMATED;
    let o = HEADER + 2 * i;
    b[o] = mv & 255;
    b[o + 1] = (mv >>> 8) & 255;
    o = tOff + 4 * i;
    b[o] = t & 255;
    b[o + 1] = (t >>> 8) & 255;
    b[o + 2] = (t >>> 16) & 255;
    b[o + 3] = (t >>> 24) & 255;
    o = sOff + 2 * i;
    b[o] = soc & 255;
    b[o + 1] = (soc >>> 8) & 255;
    b[fOff + i] = flags;
  }
  return b;
}

/** A read-only view of one stored cell blob; accessors take a 0-based cell index. */
export class CellBlob {
  readonly n: number;
  private readonly tOff: number;
  private readonly sOff: number;
  private readonly fOff: number;

  constructor(private readonly b: Uint8Array) {
    if (b.length < HEADER || b[0] !== CELL_LAYOUT_VERSION)
      throw new CellBlobError(`unknown cell layout ${b[0] ?? 'empty'} (this build reads ${CELL_LAYOUT_VERSION})`);
    this.n = b[1]!;
    if (b.length !== HEADER + BYTES_PER_CELL * this.n)
      throw new CellBlobError(`cell blob of ${b.length} bytes does not hold ${this.n} cells`);
    this.tOff = HEADER + 2 * this.n;
    this.sOff = this.tOff + 4 * this.n;
    this.fOff = this.sOff + 2 * this.n;
  }

  private flags(i: number): number {
    return this.b[this.fOff + i]!;
  }

  mv(i: number): number | null {
    return this.flags(i) & CELL_FLAG.MV_NULL ? null : this.b[HEADER + 2 * i]! | (this.b[HEADER + 2 * i + 1]! << 8);
  }

  tempCc(i: number): number | null {
    if (this.flags(i) & CELL_FLAG.TEMP_NULL) return null;
    const o = this.tOff + 4 * i;
    const b = this.b;
    return b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24);
  }

  socPermille(i: number): number | null {
    return this.flags(i) & CELL_FLAG.SOC_NULL
      ? null
      : this.b[this.sOff + 2 * i]! | (this.b[this.sOff + 2 * i + 1]! << 8);
  }

  socEstimated(i: number): boolean {
    return (this.flags(i) & CELL_FLAG.SOC_ESTIMATED) !== 0;
  }

  cell(i: number): CellValues {
    return {
      mv: this.mv(i),
      tempCc: this.tempCc(i),
      socPermille: this.socPermille(i),
      socEstimated: this.socEstimated(i),
    };
  }

  all(): CellValues[] {
    const out: CellValues[] = [];
    for (let i = 0; i < this.n; i++) out.push(this.cell(i));
    return out;
  }
}

export function decodeCells(b: Uint8Array): CellValues[] {
  return new CellBlob(b).all();
}

/**
 * SQL that reads one field of cell `cellExpr` (1-based) out of the blob column `col`, for the
 * row-per-reading views kept for SQL users and older tests. SQLite has no blob-to-integer function,
 * so each byte is read from its hex digits; slow, but only ad-hoc queries use it.
 */
export function sqlCellField(col: string, cellExpr: string, field: 'mv' | 'temp' | 'soc' | 'flags'): string {
  const nCells = `(${hexByte(`substr(${col}, 2, 1)`)})`;
  const idx = `(${cellExpr} - 1)`;
  const at = (offset: string) => `substr(${col}, ${offset} + 1, 1)`;
  const u8 = (offset: string) => hexByte(at(offset));
  switch (field) {
    case 'mv': {
      const o = `(2 + 2 * ${idx})`;
      return `(${u8(o)} + 256 * ${u8(`${o} + 1`)})`;
    }
    case 'temp': {
      const o = `(2 + 2 * ${nCells} + 4 * ${idx})`;
      const u32 = `(${u8(o)} + 256 * ${u8(`${o} + 1`)} + 65536 * ${u8(`${o} + 2`)} + 16777216 * ${u8(`${o} + 3`)})`;
      return `(${u32} - (CASE WHEN ${u32} >= 2147483648 THEN 4294967296 ELSE 0 END))`;
    }
    case 'soc': {
      const o = `(2 + 6 * ${nCells} + 2 * ${idx})`;
      return `(${u8(o)} + 256 * ${u8(`${o} + 1`)})`;
    }
    case 'flags':
      return u8(`(2 + 8 * ${nCells} + ${idx})`);
  }
}

function hexByte(blobExpr: string): string {
  const h = `hex(${blobExpr})`;
  const nib = (k: number) => `(instr('0123456789ABCDEF', substr(${h}, ${k}, 1)) - 1)`;
  return `(${nib(1)} * 16 + ${nib(2)})`;
}
