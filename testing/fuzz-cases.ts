/**
 * Inputs and oracles for fuzzing the decoder and the link: valid frames, mutations of them (bit flips,
 * substitutions, insertions, deletions, truncations, splices), random bytes and oversize lines. The
 * checksum oracle is zlib's CRC-32, independent of the decoder's own table, so "an accepted frame
 * always had a correct checksum" is checked against a second implementation.
 */
import { crc32 as zlibCrc32 } from 'node:zlib';
import { encodeFrame, MAX_LINE_BYTES, type Frame } from '../native-bridge/protocol/index.js';

export type Rand = () => number;

export const int = (rand: Rand, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

/** A random valid frame of a random kind, encoded (without its LF). */
export function randomFrame(rand: Rand): { frame: Frame; line: string } {
  const id = pick(rand, ['A1B2C3D4E5F6', 'SIM-0001', 'rig_7', 'X']);
  const boot = (int(rand, 0, 0xffffffff) >>> 0).toString(16).toUpperCase().padStart(8, '0');
  const n = int(rand, 1, 16);
  const opt = (lo: number, hi: number) => (rand() < 0.1 ? null : int(rand, lo, hi));
  let frame: Frame;
  switch (int(rand, 0, 5)) {
    case 0:
      frame = {
        kind: 'hello',
        deviceId: id,
        bootId: boot,
        fwVersion: pick(rand, ['1.0.0', '2.3.1-rc.1', 'sim-1.0.0']),
        cellCount: n,
        periodMs: int(rand, 10, 60000),
        channels: pick(rand, ['', 'ntc:4;vdiv:4;ina226;sht31', 'tc:16']),
      };
      break;
    case 1:
      frame = {
        kind: 'event',
        deviceId: id,
        bootId: boot,
        eventSeq: int(rand, 0, 0xffffffff),
        tDevMs: int(rand, 0, 2 ** 40),
        code: pick(rand, ['BOOT', 'SENSOR_FAULT', 'RELAY_OPEN', 'HOST_LOST']),
        detail: pick(rand, ['', 'ch=T2;fault=open', 'reason=poweron']),
      };
      break;
    case 2:
      frame = {
        kind: 'ack',
        deviceId: id,
        cmdId: int(rand, 0, 65535),
        ok: rand() < 0.7,
        detail: pick(rand, ['-', 'period_ms=500', 'BAD_ARG', 'relay=open']),
      };
      break;
    default:
      frame = {
        kind: 'data',
        deviceId: id,
        bootId: boot,
        seq: int(rand, 0, 0xffffffff),
        tDevMs: int(rand, 0, 2 ** 42),
        cellMv: Array.from({ length: n }, () => opt(0, 65535)),
        cellTempCc: Array.from({ length: n }, () => opt(-5500, 150000)),
        packMa: opt(-2000000, 2000000),
        ambientCc: opt(-5500, 15000),
        humidityCpct: opt(0, 10000),
        socPermille: opt(0, 1000),
        status: int(rand, 0, 63),
      };
  }
  return { frame, line: encodeFrame(frame).slice(0, -1) };
}

export const MUTATIONS = ['bitflip', 'substitute', 'insert', 'delete', 'truncate', 'splice', 'duplicate'] as const;
export type Mutation = (typeof MUTATIONS)[number];

/** One to three mutations of a line; never adds or removes an LF (the caller decides line breaks). */
export function mutate(rand: Rand, line: string): { line: string; kinds: Mutation[] } {
  let s = line;
  const kinds: Mutation[] = [];
  const times = int(rand, 1, 3);
  for (let k = 0; k < times; k++) {
    const kind = pick(rand, MUTATIONS);
    kinds.push(kind);
    const at = int(rand, 0, Math.max(0, s.length - 1));
    const byte = () => {
      let b = int(rand, 0, 255);
      if (b === 10) b = 11;
      return String.fromCharCode(b);
    };
    switch (kind) {
      case 'bitflip': {
        let c = s.charCodeAt(at) ^ (1 << int(rand, 0, 7));
        if (c === 10) c = 11;
        s = s.slice(0, at) + String.fromCharCode(c) + s.slice(at + 1);
        break;
      }
      case 'substitute':
        s =
          s.slice(0, at) +
          (rand() < 0.5 ? byte() : pick(rand, ['$', '*', ',', ';', '-', '0', 'F', '\r'])) +
          s.slice(at + 1);
        break;
      case 'insert':
        s = s.slice(0, at) + byte() + s.slice(at);
        break;
      case 'delete':
        s = s.slice(0, at) + s.slice(at + int(rand, 1, 4));
        break;
      case 'truncate':
        s = s.slice(0, at);
        break;
      case 'splice':
        s = s.slice(0, at) + s.slice(int(rand, 0, s.length));
        break;
      case 'duplicate': {
        const len = int(rand, 1, 12);
        s = s.slice(0, at) + s.slice(at, at + len) + s.slice(at);
        break;
      }
    }
  }
  return { line: s, kinds };
}

export function randomBytesLine(rand: Rand, maxLen = 300): string {
  const n = int(rand, 0, maxLen);
  let s = '';
  for (let i = 0; i < n; i++) {
    let b = int(rand, 0, 255);
    if (b === 10) b = 36; // '$': random lines should often look like frames
    s += String.fromCharCode(b);
  }
  return s;
}

/** A line over the limit: padding, a valid frame at the end (which must still be refused). */
export function oversizeLine(rand: Rand): string {
  const { line } = randomFrame(rand);
  const pad = MAX_LINE_BYTES + int(rand, 1, 4000) - line.length;
  return 'x'.repeat(Math.max(1, pad)) + line;
}

/**
 * The checksum oracle: for a line the decoder accepted, the 8 hex digits before the terminator must
 * be zlib's CRC-32 of the bytes between the last `$` and the `*`.
 */
export function checksumHolds(line: string): boolean {
  let end = line.length;
  if (line.charCodeAt(end - 1) === 10) end--;
  if (line.charCodeAt(end - 1) === 13) end--;
  const star = end - 9;
  const start = line.lastIndexOf('$', end - 1);
  if (start < 0 || star <= start || line[star] !== '*') return false;
  const body = Buffer.from(line.slice(start + 1, star), 'latin1');
  return zlibCrc32(body) >>> 0 === parseInt(line.slice(star + 1, end), 16);
}
