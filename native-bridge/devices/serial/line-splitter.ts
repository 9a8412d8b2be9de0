/**
 * Splits a serial byte stream into protocol lines. Reads deliver arbitrary chunks (half a frame, three
 * frames and a bit), so the tail is carried to the next chunk. Unlike ReadlineParser it is bounded: a
 * stream with no LF (wrong baud rate, a binary protocol) cannot grow the buffer without limit. An
 * oversize line is cut to `maxLineBytes + 1` bytes, which the decoder reports as `too_long`, and the
 * rest is skipped up to the next LF.
 *
 * Bytes become a latin1 string (one char per byte), so a non-ASCII byte reaches the decoder as a char
 * above 0x7E and is rejected as `bad_charset` instead of being silently merged by UTF-8 decoding.
 */
import { MAX_LINE_BYTES } from '../../protocol/index.js';

const LF = 0x0a;
const CR = 0x0d;

export class LineSplitter {
  private carry: Buffer[] = [];
  private carryBytes = 0;
  /** Inside an oversize line: drop bytes until the next LF. */
  private skipping = false;
  private readonly cutAt: number;

  constructor(
    private readonly onLine: (line: string) => void,
    readonly maxLineBytes = MAX_LINE_BYTES,
  ) {
    if (!Number.isInteger(maxLineBytes) || maxLineBytes < 16)
      throw new RangeError(`maxLineBytes must be an integer ≥ 16, got ${maxLineBytes}`);
    // +1 for the char that makes it too long, +1 for a CR that may still be stripped.
    this.cutAt = maxLineBytes + 2;
  }

  /** Bytes held for an unfinished line. */
  get pendingBytes(): number {
    return this.carryBytes;
  }

  push(chunk: Buffer): void {
    let start = 0;
    const n = chunk.length;
    while (start < n) {
      const lf = chunk.indexOf(LF, start);
      if (lf < 0) {
        this.hold(chunk, start, n);
        return;
      }
      if (this.skipping) this.skipping = false;
      else if (this.carryBytes === 0) this.emit(chunk, start, lf);
      else {
        this.hold(chunk, start, lf);
        if (this.skipping) this.skipping = false;
        else {
          const joined = Buffer.concat(this.carry, this.carryBytes);
          this.emit(joined, 0, joined.length);
        }
        this.carry = [];
        this.carryBytes = 0;
      }
      start = lf + 1;
    }
  }

  /** Drops a partial line (the port closed mid-line: its bytes can never complete). */
  reset(): void {
    this.carry = [];
    this.carryBytes = 0;
    this.skipping = false;
  }

  private hold(chunk: Buffer, start: number, end: number): void {
    if (this.skipping || start === end) return;
    const room = this.cutAt - this.carryBytes;
    if (end - start < room) {
      this.carry.push(chunk.subarray(start, end));
      this.carryBytes += end - start;
      return;
    }
    // Over the limit: report it once, as a cut line the decoder rejects as too_long.
    this.carry.push(chunk.subarray(start, start + room));
    const cut = Buffer.concat(this.carry, this.cutAt);
    this.carry = [];
    this.carryBytes = 0;
    this.skipping = true;
    this.onLine(cut.toString('latin1'));
  }

  private emit(buf: Buffer, start: number, end: number): void {
    if (end > start && buf[end - 1] === CR) end--;
    if (end - start > this.maxLineBytes + 1) end = start + this.maxLineBytes + 1;
    this.onLine(buf.toString('latin1', start, end));
  }
}
