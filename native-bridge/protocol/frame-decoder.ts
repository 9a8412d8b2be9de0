/**
 * Decodes one protocol v1 line into a typed frame, or a typed rejection reason. Never throws: the
 * serial link feeds it whatever the cable delivers (boot logs, torn lines, the wrong baud rate).
 */
import { CRC32_TABLE } from './crc32.js';
import { scanDataFrame } from './data-frame-scan.js';
import { isDetail, PATTERNS, RANGES, scanInt10, type IntRange } from './field-rules.js';
import { MAX_LINE_BYTES, PROTOCOL_TAG, type DecodeResult, type Frame, type RejectReason } from './frame-types.js';

const FIELD_COUNTS: Record<string, number> = { H: 8, D: 14, E: 8, A: 6, C: 5 };

class Reject {
  constructor(
    readonly reason: RejectReason,
    readonly field?: string,
  ) {}
}

function int(f: string, name: string, range: IntRange): number {
  const v = scanInt10(f, range);
  if (Number.isNaN(v)) throw new Reject('bad_field', name);
  if (v === Infinity) throw new Reject('out_of_range', name);
  return v;
}

function optInt(f: string, name: string, range: IntRange): number | null {
  return f === '-' ? null : int(f, name, range);
}

function str(f: string, name: string, ok: boolean): string {
  if (!ok) throw new Reject('bad_field', name);
  return f;
}

/** `f.split(';').map(optInt)` after a count check, without the intermediate array of strings. */
function list(f: string, name: string, range: IntRange, count: number): (number | null)[] {
  let seps = 0;
  for (let i = f.indexOf(';'); i >= 0; i = f.indexOf(';', i + 1)) seps++;
  if (seps + 1 !== count) throw new Reject('count_mismatch', name);
  const out: (number | null)[] = [];
  let from = 0;
  for (let k = 0; k < count; k++) {
    const to = k === count - 1 ? f.length : f.indexOf(';', from);
    out.push(optInt(f.slice(from, to), name, range));
    from = to + 1;
  }
  return out;
}

function parseBody(p: string[]): Frame {
  const kind = p[1]!;
  const expected = FIELD_COUNTS[kind];
  if (expected === undefined) throw new Reject('unknown_kind');
  if (p.length !== expected) throw new Reject('field_count');
  switch (kind) {
    case 'H':
      return {
        kind: 'hello',
        deviceId: str(p[2]!, 'deviceId', PATTERNS.deviceId.test(p[2]!)),
        bootId: str(p[3]!, 'bootId', PATTERNS.bootId.test(p[3]!)),
        fwVersion: str(p[4]!, 'fwVersion', PATTERNS.fwVersion.test(p[4]!)),
        cellCount: int(p[5]!, 'cellCount', RANGES.cellCount),
        periodMs: int(p[6]!, 'periodMs', RANGES.periodMs),
        channels: str(p[7]!, 'channels', PATTERNS.channels.test(p[7]!)),
      };
    case 'D': {
      const cellCount = int(p[6]!, 'cellCount', RANGES.cellCount);
      return {
        kind: 'data',
        deviceId: str(p[2]!, 'deviceId', PATTERNS.deviceId.test(p[2]!)),
        bootId: str(p[3]!, 'bootId', PATTERNS.bootId.test(p[3]!)),
        seq: int(p[4]!, 'seq', RANGES.seq),
        tDevMs: int(p[5]!, 'tDevMs', RANGES.tDevMs),
        cellMv: list(p[7]!, 'cellMv', RANGES.cellMv, cellCount),
        cellTempCc: list(p[8]!, 'cellTempCc', RANGES.cellTempCc, cellCount),
        packMa: optInt(p[9]!, 'packMa', RANGES.packMa),
        ambientCc: optInt(p[10]!, 'ambientCc', RANGES.ambientCc),
        humidityCpct: optInt(p[11]!, 'humidityCpct', RANGES.humidityCpct),
        socPermille: optInt(p[12]!, 'socPermille', RANGES.socPermille),
        status: parseInt(str(p[13]!, 'status', PATTERNS.status.test(p[13]!)), 16),
      };
    }
    case 'E':
      return {
        kind: 'event',
        deviceId: str(p[2]!, 'deviceId', PATTERNS.deviceId.test(p[2]!)),
        bootId: str(p[3]!, 'bootId', PATTERNS.bootId.test(p[3]!)),
        eventSeq: int(p[4]!, 'eventSeq', RANGES.seq),
        tDevMs: int(p[5]!, 'tDevMs', RANGES.tDevMs),
        code: str(p[6]!, 'code', PATTERNS.code.test(p[6]!)),
        detail: str(p[7]!, 'detail', isDetail(p[7]!)),
      };
    case 'A': {
      const result = p[4]!;
      if (result !== 'OK' && result !== 'ERR') throw new Reject('bad_field', 'result');
      return {
        kind: 'ack',
        deviceId: str(p[2]!, 'deviceId', PATTERNS.deviceId.test(p[2]!)),
        cmdId: int(p[3]!, 'cmdId', RANGES.cmdId),
        ok: result === 'OK',
        detail: str(p[5]!, 'detail', isDetail(p[5]!)),
      };
    }
    default: {
      const arg = p[4]!;
      return {
        kind: 'command',
        cmdId: int(p[2]!, 'cmdId', RANGES.cmdId),
        name: str(p[3]!, 'name', PATTERNS.commandName.test(p[3]!)),
        arg: arg === '-' ? null : str(arg, 'arg', PATTERNS.commandArg.test(arg)),
      };
    }
  }
}

/** Decodes one line; a trailing CR and/or LF is tolerated. */
export function decodeLine(line: string): DecodeResult {
  return decode(line, true);
}

/** decodeLine without the data-frame fast path: the field-by-field reference it is tested against. */
export function decodeLineByFields(line: string): DecodeResult {
  return decode(line, false);
}

function decode(line: string, fast: boolean): DecodeResult {
  let end = line.length;
  if (end > 0 && line.charCodeAt(end - 1) === 10) end--;
  if (end > 0 && line.charCodeAt(end - 1) === 13) end--;
  if (end > MAX_LINE_BYTES) return { ok: false, reason: 'too_long' };
  // Anything before the last '$' is the tail of a boot log or a line torn at connect.
  const start = line.lastIndexOf('$', end - 1);
  if (start < 0) return { ok: false, reason: 'noise' };
  // The charset of the whole frame, and on the way the CRC of what would be its body (used only once
  // the checks before it have passed, so the reasons keep their order): one loop over the body, one
  // over the rest, so the body's loop has no test of where it is.
  const star = end - 9;
  const bodyEnd = star > start ? star : start + 1;
  let crc = 0xffffffff;
  for (let i = start + 1; i < bodyEnd; i++) {
    const c = line.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return { ok: false, reason: 'bad_charset' };
    crc = CRC32_TABLE[(crc ^ c) & 0xff]! ^ (crc >>> 8);
  }
  for (let i = bodyEnd; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return { ok: false, reason: 'bad_charset' };
  }
  if (star <= start || line.charCodeAt(star) !== 42 /* '*' */) return { ok: false, reason: 'no_checksum' };
  // Eight upper-case hex digits, read in place.
  let sent = 0;
  for (let i = star + 1; i < end; i++) {
    const c = line.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (d < 0) return { ok: false, reason: 'bad_checksum_format' };
    sent = sent * 16 + d;
  }
  if ((crc ^ 0xffffffff) >>> 0 !== sent) return { ok: false, reason: 'checksum_mismatch' };
  const data = fast ? scanDataFrame(line, start + 1, star) : null;
  if (data) return { ok: true, frame: data };
  const body = line.slice(start + 1, star);
  if (!body.startsWith(`${PROTOCOL_TAG},`)) return { ok: false, reason: 'unknown_version' };
  try {
    return { ok: true, frame: parseBody(body.split(',')) };
  } catch (e) {
    if (e instanceof Reject)
      return e.field === undefined ? { ok: false, reason: e.reason } : { ok: false, reason: e.reason, field: e.field };
    throw e;
  }
}
