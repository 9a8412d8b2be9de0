/**
 * Property tests (fast-check) for what the cable can deliver to the decoder: random bytes, mutated
 * valid frames and oversize lines never make it throw and never yield an accepted frame with a wrong
 * checksum (checked against zlib's CRC-32). `npx tsx bench/fuzz-decoder-bench.ts` runs the same
 * generators for 1,000,000 cases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLine, type Frame } from './index.js';
import { uniformStream } from '../sim/prng.js';
import { checksumHolds, mutate, oversizeLine, randomFrame } from '../../testing/fuzz-cases.js';

const seedArb = fc.integer({ min: 1, max: 0x7fffffff });

function expectSound(line: string, original?: Frame): void {
  const r = decodeLine(line);
  if (!r.ok) return;
  expect(checksumHolds(line)).toBe(true);
  // A damaged frame that still decodes would have to collide with CRC-32 (about 1 in 4·10⁹).
  if (original) expect(r.frame).toEqual(original);
}

describe('decoder under fuzz', () => {
  it('random bytes never throw and never pass with a wrong checksum', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1400, size: 'max' }), (bytes) => {
        expectSound(Buffer.from(bytes).toString('latin1'));
      }),
      { numRuns: 3000 },
    );
  });

  it('random printable text with delimiters never passes with a wrong checksum', () => {
    const alphabet = fc.constantFrom(...'$*,;-0123456789ABCDEFH EVB1DAC\r'.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 200, size: 'max' }), (chars) => expectSound(chars.join(''))),
      { numRuns: 3000 },
    );
  });

  it('mutated valid frames are refused or decode to exactly the original', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        const rand = uniformStream(seed);
        const { frame, line } = randomFrame(rand);
        expect(decodeLine(line)).toEqual({ ok: true, frame });
        expectSound(mutate(rand, line).line, frame);
      }),
      { numRuns: 5000 },
    );
  });

  it('oversize lines are refused as too_long, even with a valid frame at the end', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        const r = decodeLine(oversizeLine(uniformStream(seed)));
        expect(r).toEqual({ ok: false, reason: 'too_long' });
      }),
      { numRuns: 500 },
    );
  });
});
