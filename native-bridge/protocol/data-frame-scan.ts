/**
 * The decoder's fast path for the frame that is 99.9 % of the stream: a data frame read in one scan of
 * the line's char codes, numbers built as they are read, no split into field strings. It accepts only
 * what the field-by-field parser (frame-decoder.ts) accepts, and gives up — null — at the first thing
 * it does not expect, so that parser names the reason: a frame never gets a second opinion that differs
 * (data-frame-scan.test.ts checks both on valid and damaged frames).
 */
import { RANGES, type IntRange } from './field-rules.js';
import type { DataFrame } from './frame-types.js';

const PREFIX = 'EVB1,D,';
const COMMA = 44;
const SEMI = 59;
const MINUS = 45;

/** Where the last scan stopped and what it read; module state, so no result object per field. */
let pos = 0;
let value = 0;
let isNull = false;

/**
 * An integer of the form `-?(0|[1-9][0-9]{0,15})` within `range`, or `-` for null when `nullable`,
 * ending at `end` or at `stop`; false when the field is not exactly that.
 */
function scanInt(s: string, end: number, stop: number, range: IntRange, nullable: boolean): boolean {
  let i = pos;
  let neg = false;
  if (i < end && s.charCodeAt(i) === MINUS) {
    neg = true;
    i++;
    if (nullable && (i === end || s.charCodeAt(i) === stop)) {
      isNull = true;
      pos = i;
      return true;
    }
  }
  const from = i;
  let v = 0;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    i++;
  }
  const digits = i - from;
  if (digits < 1 || digits > 16) return false;
  if (s.charCodeAt(from) === 48 && (digits > 1 || neg)) return false;
  if (i !== end && s.charCodeAt(i) !== stop) return false;
  if (!Number.isSafeInteger(v)) return false;
  v = neg ? -v : v;
  if (v < range.min || v > range.max) return false;
  value = v;
  isNull = false;
  pos = i;
  return true;
}

/** `count` list items separated by ';' and closed by ','. */
function scanList(s: string, end: number, range: IntRange, count: number): (number | null)[] | null {
  const out: (number | null)[] = [];
  for (let k = 0; k < count; k++) {
    const last = k === count - 1;
    if (!scanInt(s, end, last ? COMMA : SEMI, range, true)) return null;
    if (pos === end || s.charCodeAt(pos) !== (last ? COMMA : SEMI)) return null;
    out.push(isNull ? null : value);
    pos++;
  }
  return out;
}

/** A nullable integer field followed by ','. */
function field(s: string, end: number, range: IntRange): boolean {
  if (!scanInt(s, end, COMMA, range, true) || pos === end) return false;
  pos++;
  return true;
}

const isIdChar = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === MINUS;
const isUpperHex = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70);

/** The data frame in `line` between `start` and `end` (the body between '$' and '*'), or null. */
export function scanDataFrame(line: string, start: number, end: number): DataFrame | null {
  if (!line.startsWith(PREFIX, start)) return null;
  let i = start + PREFIX.length;
  const idFrom = i;
  while (i < end && isIdChar(line.charCodeAt(i))) i++;
  if (i === idFrom || i - idFrom > 32 || i === end || line.charCodeAt(i) !== COMMA) return null;
  const deviceId = line.slice(idFrom, i);
  const bootFrom = ++i;
  while (i < end && isUpperHex(line.charCodeAt(i))) i++;
  if (i - bootFrom !== 8 || i === end || line.charCodeAt(i) !== COMMA) return null;
  const bootId = line.slice(bootFrom, i);
  pos = i + 1;
  if (!scanInt(line, end, COMMA, RANGES.seq, false) || pos === end) return null;
  const seq = value;
  pos++;
  if (!scanInt(line, end, COMMA, RANGES.tDevMs, false) || pos === end) return null;
  const tDevMs = value;
  pos++;
  if (!scanInt(line, end, COMMA, RANGES.cellCount, false) || pos === end) return null;
  const cellCount = value;
  pos++;
  const cellMv = scanList(line, end, RANGES.cellMv, cellCount);
  if (!cellMv) return null;
  const cellTempCc = scanList(line, end, RANGES.cellTempCc, cellCount);
  if (!cellTempCc) return null;
  if (!field(line, end, RANGES.packMa)) return null;
  const packMa = isNull ? null : value;
  if (!field(line, end, RANGES.ambientCc)) return null;
  const ambientCc = isNull ? null : value;
  if (!field(line, end, RANGES.humidityCpct)) return null;
  const humidityCpct = isNull ? null : value;
  if (!field(line, end, RANGES.socPermille)) return null;
  const socPermille = isNull ? null : value;
  // Status: 1–8 hex digits, either case, to the end of the body.
  let status = 0;
  i = pos;
  for (; i < end; i++) {
    const c = line.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (d < 0) return null;
    status = status * 16 + d;
  }
  if (i - pos < 1 || i - pos > 8) return null;
  return {
    kind: 'data',
    deviceId,
    bootId,
    seq,
    tDevMs,
    cellMv,
    cellTempCc,
    packMa,
    ambientCc,
    humidityCpct,
    socPermille,
    status,
  };
}
