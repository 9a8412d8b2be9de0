import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { crc32Hex, decodeLine, encodeFrame, MAX_LINE_BYTES, type Frame } from './index.js';

interface Golden {
  maxLineBytes: number;
  crcCheck: { input: string; crc: string };
  valid: { name: string; line: string; frame: Frame }[];
  decodeOnly: { name: string; line: string; frame: Frame }[];
  invalid: { name: string; line: string; reason: string; field?: string }[];
}

const golden = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../firmware/fixtures/protocol-v1-golden.json', import.meta.url)), 'utf8'),
) as Golden;

describe('protocol v1 golden vectors', () => {
  it('uses the standard CRC-32 check value and line limit', () => {
    expect(crc32Hex(golden.crcCheck.input)).toBe(golden.crcCheck.crc);
    expect(golden.maxLineBytes).toBe(MAX_LINE_BYTES);
  });

  it.each(golden.valid)('encodes "$name" byte for byte', ({ line, frame }) => {
    expect(encodeFrame(frame)).toBe(`${line}\n`);
  });

  it.each([...golden.valid, ...golden.decodeOnly])('decodes "$name"', ({ line, frame }) => {
    expect(decodeLine(line)).toEqual({ ok: true, frame });
  });

  it.each(golden.invalid)('rejects "$name" as $reason', ({ line, reason, field }) => {
    const r = decodeLine(line);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe(reason);
      if (field !== undefined) expect(r.field).toBe(field);
    }
  });

  it('covers every rejection reason at least once', async () => {
    const { REJECT_REASONS } = await import('./frame-types.js');
    expect(new Set(golden.invalid.map((v) => v.reason))).toEqual(new Set(REJECT_REASONS));
  });
});
