import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInt10, RANGES, type IntParse, type IntRange } from './field-rules.js';

/** The regex form parseInt10 had before it scanned by hand: the reference it must keep agreeing with. */
function regexParseInt10(s: string, range: IntRange): IntParse {
  if (!/^-?(0|[1-9][0-9]{0,15})$/.test(s) || s === '-0') return { ok: false, reason: 'bad_field' };
  const value = Number(s);
  if (!Number.isSafeInteger(value)) return { ok: false, reason: 'out_of_range' };
  if (value < range.min || value > range.max) return { ok: false, reason: 'out_of_range' };
  return { ok: true, value };
}

const rangeArb = fc.constantFrom(...Object.values(RANGES));

describe('decimal integer fields', () => {
  it('agree with the regex definition on arbitrary text', () => {
    const text = fc.array(fc.constantFrom(...'-+0123456789 .eExX\n\u0660'.split('')), { maxLength: 20, size: 'max' });
    fc.assert(
      fc.property(text, rangeArb, (chars, range) => {
        const s = chars.join('');
        expect(parseInt10(s, range)).toEqual(regexParseInt10(s, range));
      }),
      { numRuns: 20_000 },
    );
  });

  it('agree with the regex definition on integers around every range and the 16-digit limit', () => {
    const near = fc.oneof(
      fc.integer({ min: -2_100_000, max: 2_100_000 }),
      fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }),
      fc.constantFrom(
        '0',
        '-1',
        '65535',
        '65536',
        '4294967295',
        '4294967296',
        '9007199254740991',
        '9007199254740992',
        '9999999999999999',
      ),
    );
    fc.assert(
      fc.property(near, rangeArb, (v, range) => {
        const s = String(v);
        expect(parseInt10(s, range)).toEqual(regexParseInt10(s, range));
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads the edge cases as the protocol defines them', () => {
    const r = { min: -10, max: 10 };
    expect(parseInt10('0', r)).toEqual({ ok: true, value: 0 });
    expect(parseInt10('-0', r)).toEqual({ ok: false, reason: 'bad_field' });
    expect(parseInt10('007', r)).toEqual({ ok: false, reason: 'bad_field' });
    expect(parseInt10('', r)).toEqual({ ok: false, reason: 'bad_field' });
    expect(parseInt10('-', r)).toEqual({ ok: false, reason: 'bad_field' });
    expect(parseInt10('11', r)).toEqual({ ok: false, reason: 'out_of_range' });
    expect(parseInt10('99999999999999999', RANGES.tDevMs)).toEqual({ ok: false, reason: 'bad_field' });
    expect(parseInt10('9999999999999999', RANGES.tDevMs)).toEqual({ ok: false, reason: 'out_of_range' });
  });
});
