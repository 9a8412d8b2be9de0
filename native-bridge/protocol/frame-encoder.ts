/**
 * Encodes frames to protocol v1 lines (with the trailing LF). Throws on a value the decoder would
 * reject: an encoder bug must surface in the simulator or a test, never as a frame the station drops.
 */
import { crc32Hex } from './crc32.js';
import { isDetail, PATTERNS, RANGES, type IntRange } from './field-rules.js';
import { MAX_LINE_BYTES, PROTOCOL_TAG, type Frame } from './frame-types.js';

export class FrameEncodeError extends Error {
  constructor(field: string, value: unknown) {
    super(`cannot encode ${field}=${JSON.stringify(value)}`);
    this.name = 'FrameEncodeError';
  }
}

function int(field: string, v: number, range: IntRange): string {
  if (!Number.isSafeInteger(v) || v < range.min || v > range.max) throw new FrameEncodeError(field, v);
  return String(v);
}

function optInt(field: string, v: number | null, range: IntRange): string {
  return v === null ? '-' : int(field, v, range);
}

function text(field: string, v: string, ok: boolean): string {
  if (!ok) throw new FrameEncodeError(field, v);
  return v;
}

function fields(frame: Frame): string[] {
  switch (frame.kind) {
    case 'hello':
      return [
        'H',
        text('deviceId', frame.deviceId, PATTERNS.deviceId.test(frame.deviceId)),
        text('bootId', frame.bootId, PATTERNS.bootId.test(frame.bootId)),
        text('fwVersion', frame.fwVersion, PATTERNS.fwVersion.test(frame.fwVersion)),
        int('cellCount', frame.cellCount, RANGES.cellCount),
        int('periodMs', frame.periodMs, RANGES.periodMs),
        text('channels', frame.channels, PATTERNS.channels.test(frame.channels)),
      ];
    case 'data': {
      const n = frame.cellMv.length;
      if (n !== frame.cellTempCc.length) throw new FrameEncodeError('cellTempCc', frame.cellTempCc.length);
      return [
        'D',
        text('deviceId', frame.deviceId, PATTERNS.deviceId.test(frame.deviceId)),
        text('bootId', frame.bootId, PATTERNS.bootId.test(frame.bootId)),
        int('seq', frame.seq, RANGES.seq),
        int('tDevMs', frame.tDevMs, RANGES.tDevMs),
        int('cellCount', n, RANGES.cellCount),
        frame.cellMv.map((v) => optInt('cellMv', v, RANGES.cellMv)).join(';'),
        frame.cellTempCc.map((v) => optInt('cellTempCc', v, RANGES.cellTempCc)).join(';'),
        optInt('packMa', frame.packMa, RANGES.packMa),
        optInt('ambientCc', frame.ambientCc, RANGES.ambientCc),
        optInt('humidityCpct', frame.humidityCpct, RANGES.humidityCpct),
        optInt('socPermille', frame.socPermille, RANGES.socPermille),
        statusHex(frame.status),
      ];
    }
    case 'event':
      return [
        'E',
        text('deviceId', frame.deviceId, PATTERNS.deviceId.test(frame.deviceId)),
        text('bootId', frame.bootId, PATTERNS.bootId.test(frame.bootId)),
        int('eventSeq', frame.eventSeq, RANGES.seq),
        int('tDevMs', frame.tDevMs, RANGES.tDevMs),
        text('code', frame.code, PATTERNS.code.test(frame.code)),
        text('detail', frame.detail, isDetail(frame.detail)),
      ];
    case 'ack':
      return [
        'A',
        text('deviceId', frame.deviceId, PATTERNS.deviceId.test(frame.deviceId)),
        int('cmdId', frame.cmdId, RANGES.cmdId),
        frame.ok ? 'OK' : 'ERR',
        text('detail', frame.detail, isDetail(frame.detail)),
      ];
    case 'command':
      return [
        'C',
        int('cmdId', frame.cmdId, RANGES.cmdId),
        text('name', frame.name, PATTERNS.commandName.test(frame.name)),
        frame.arg === null ? '-' : text('arg', frame.arg, PATTERNS.commandArg.test(frame.arg)),
      ];
  }
}

function statusHex(status: number): string {
  if (!Number.isInteger(status) || status < 0 || status > 0xffffffff) throw new FrameEncodeError('status', status);
  return status.toString(16).toUpperCase();
}

/** One line, LF-terminated. */
export function encodeFrame(frame: Frame): string {
  const body = `${PROTOCOL_TAG},${fields(frame).join(',')}`;
  const line = `$${body}*${crc32Hex(body)}`;
  if (line.length > MAX_LINE_BYTES) throw new FrameEncodeError('line', line.length);
  return `${line}\n`;
}
