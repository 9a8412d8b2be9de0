import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInt10, RANGES } from './field-rules.js';
import { crc32Hex, decodeLine, type DecodeResult } from './index.js';

/** A data line with the given cell-count and cell-voltage fields and a correct checksum. */
function dataLine(cellCount: string, cellMv: string): string {
  const temps = Array.from({ length: Math.max(1, Math.min(32, Number(cellCount) || 1)) }, () => '2500').join(';');
  const body = `EVB1,D,DEV1,0BE4C000,1,100,${cellCount},${cellMv},${temps},-,-,-,-,0`;
  return `$${body}*${crc32Hex(body)}\n`;
}

/** What the decoder said about the voltage list before it stopped splitting: split, count, then each item. */
function splitReference(cellCount: number, cellMv: string): DecodeResult | 'later' {
  const items = cellMv.split(';');
  if (items.length !== cellCount) return { ok: false, reason: 'count_mismatch', field: 'cellMv' };
  for (const s of items) {
    if (s === '-') continue;
    const r = parseInt10(s, RANGES.cellMv);
    if (!r.ok) return { ok: false, reason: r.reason, field: 'cellMv' };
  }
  return 'later';
}

describe('frame decoder lists', () => {
  it('read a list field exactly as splitting on ";" did: count first, then each item in order', () => {
    const item = fc.constantFrom('', '-', '0', '3700', '-5', '65536', '07', 'x', '1;2');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(item, { minLength: 1, maxLength: 7 }), (n, items) => {
        const mv = items.join(';');
        const got = decodeLine(dataLine(String(n), mv));
        const want = splitReference(n, mv);
        if (want === 'later') {
          // Temperatures were written for n cells, so a well-formed voltage list decodes.
          expect(got.ok).toBe(true);
          if (got.ok && got.frame.kind === 'data')
            expect(got.frame.cellMv).toEqual(mv.split(';').map((s) => (s === '-' ? null : Number(s))));
        } else expect(got).toEqual(want);
      }),
      { numRuns: 5000 },
    );
  });
});
