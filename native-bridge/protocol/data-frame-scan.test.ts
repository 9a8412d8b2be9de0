/**
 * The fast data-frame scan must never disagree with the field-by-field parser: on valid frames of every
 * shape, and on damaged bodies that still carry a correct checksum (so they reach the field parsing,
 * where a wrong acceptance or a different reason would hide).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uniformStream } from '../sim/prng.js';
import { mutate, randomFrame } from '../../testing/fuzz-cases.js';
import { crc32Hex } from './crc32.js';
import { scanDataFrame } from './data-frame-scan.js';
import { decodeLine, decodeLineByFields } from './frame-decoder.js';

const seedArb = fc.integer({ min: 1, max: 0x7fffffff });

/** `$body*CRC` with the checksum recomputed, so the body's damage is what the decoder must judge. */
function resealed(body: string): string {
  return `$${body}*${crc32Hex(body)}`;
}

const bodyOf = (line: string) => line.slice(line.indexOf('$') + 1, line.lastIndexOf('*'));

describe('data-frame fast path', () => {
  it('decodes every valid frame exactly as the field-by-field parser does', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        const { frame, line } = randomFrame(uniformStream(seed));
        const fast = decodeLine(line);
        expect(fast).toEqual(decodeLineByFields(line));
        expect(fast).toEqual({ ok: true, frame });
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees with it on damaged bodies under a correct checksum: same frame or same reason', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(seedArb, (seed) => {
        const rand = uniformStream(seed);
        const { line } = randomFrame(rand);
        const damaged = resealed(bodyOf(mutate(rand, resealed(bodyOf(line))).line));
        const fast = decodeLine(damaged);
        expect(fast).toEqual(decodeLineByFields(damaged));
        if (fast.ok) accepted++;
        else refused++;
      }),
      { numRuns: 20_000 },
    );
    // Both outcomes must have been exercised, or the property says little.
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(1000);
  });

  it.each([
    ['a leading zero', 'EVB1,D,DEV,0BE4C000,01,0,1,3600,2500,-,-,-,-,0'],
    ['minus zero', 'EVB1,D,DEV,0BE4C000,1,0,1,-0,2500,-,-,-,-,0'],
    ['a null cell count', 'EVB1,D,DEV,0BE4C000,1,0,-,3600,2500,-,-,-,-,0'],
    ['one cell short', 'EVB1,D,DEV,0BE4C000,1,0,2,3600,2500;2501,-,-,-,-,0'],
    ['a lower-case boot id', 'EVB1,D,DEV,0be4c000,1,0,1,3600,2500,-,-,-,-,0'],
    ['a voltage out of range', 'EVB1,D,DEV,0BE4C000,1,0,1,65536,2500,-,-,-,-,0'],
    ['a seq beyond 2^53', 'EVB1,D,DEV,0BE4C000,9007199254740993,0,1,3600,2500,-,-,-,-,0'],
    ['a nine-digit status', 'EVB1,D,DEV,0BE4C000,1,0,1,3600,2500,-,-,-,-,123456789'],
    ['an extra field', 'EVB1,D,DEV,0BE4C000,1,0,1,3600,2500,-,-,-,-,0,0'],
    ['an empty current', 'EVB1,D,DEV,0BE4C000,1,0,1,3600,2500,,-,-,-,0'],
  ])('leaves %s to the field parser, which names the reason', (_name, body) => {
    expect(scanDataFrame(body, 0, body.length)).toBeNull();
    const r = decodeLine(resealed(body));
    expect(r.ok).toBe(false);
    expect(r).toEqual(decodeLineByFields(resealed(body)));
  });

  it('reads a plain frame with nulls, negatives and mixed-case status', () => {
    const body = 'EVB1,D,rig_7,0BE4C000,42,4200,2,3600;-,-;-550,-1250,2310,-,1000,aF';
    expect(scanDataFrame(body, 0, body.length)).toEqual({
      kind: 'data',
      deviceId: 'rig_7',
      bootId: '0BE4C000',
      seq: 42,
      tDevMs: 4200,
      cellMv: [3600, null],
      cellTempCc: [null, -550],
      packMa: -1250,
      ambientCc: 2310,
      humidityCpct: null,
      socPermille: 1000,
      status: 0xaf,
    });
  });
});
