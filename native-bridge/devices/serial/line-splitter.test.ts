/**
 * The line splitter alone (any chunking gives the same lines; an endless line is cut once), and with
 * the device link behind it under fuzz (fast-check): random chunking and damage never crash the link,
 * never let a damaged frame in, and never lose an undamaged one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeviceLink } from '../device-link.js';
import { decodeLine, encodeFrame, type DataFrame } from '../../protocol/index.js';
import { uniformStream } from '../../sim/prng.js';
import { HandSource } from '../../../testing/hand-source.js';
import { mutate, oversizeLine, randomBytesLine } from '../../../testing/fuzz-cases.js';
import { LineSplitter } from './line-splitter.js';

const seedArb = fc.integer({ min: 1, max: 0x7fffffff });

describe('line splitter + device link under fuzz', () => {
  it('random chunking and damage: no crash, nothing damaged accepted, nothing undamaged lost', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, fc.integer({ min: 1, max: 400 }), async (seed, maxChunk) => {
        const rand = uniformStream(seed);
        const src = new HandSource('serial:fuzz@115200', 'fuzz');
        const accepted: DataFrame[] = [];
        const link = new DeviceLink(
          src,
          {
            onHello: () => undefined,
            onData: (f) => accepted.push(f),
            onDeviceEvent: () => undefined,
            onLinkEvent: () => undefined,
            onStateChange: () => undefined,
          },
          { watchdogIntervalMs: 0 },
        );
        src.state('streaming');
        const splitter = new LineSplitter((l) => src.line(l));
        const hello = encodeFrame({
          kind: 'hello',
          deviceId: 'FUZZ',
          bootId: '0000ABCD',
          fwVersion: '1',
          cellCount: 2,
          periodMs: 100,
          channels: '',
        });
        let stream = hello;
        const intact: number[] = [];
        for (let seq = 0; seq < 40; seq++) {
          const line = encodeFrame({
            kind: 'data',
            deviceId: 'FUZZ',
            bootId: '0000ABCD',
            seq,
            tDevMs: seq,
            cellMv: [3700, 3700 + seq],
            cellTempCc: [2500, 2500],
            packMa: 0,
            ambientCc: null,
            humidityCpct: null,
            socPermille: null,
            status: 0,
          });
          const roll = rand();
          if (roll < 0.3) stream += `${mutate(rand, line.slice(0, -1)).line}\n`;
          else if (roll < 0.35) stream += `${randomBytesLine(rand, 80)}\n${line}`;
          else if (roll < 0.38) stream += `${oversizeLine(rand)}\n${line}`;
          else stream += rand() < 0.5 ? line : `${line.slice(0, -1)}\r\n`;
          if (roll >= 0.3) intact.push(seq);
        }
        const bytes = Buffer.from(stream, 'latin1');
        for (let at = 0; at < bytes.length;) {
          const n = 1 + Math.floor(rand() * maxChunk);
          splitter.push(bytes.subarray(at, at + n));
          at += n;
        }
        link.dispose();
        const seqs = accepted.map((f) => f.seq);
        // Damage never lets a frame in changed; mutated copies of a seq never come in twice.
        for (const f of accepted) expect(f.cellMv).toEqual([3700, 3700 + f.seq]);
        expect(new Set(seqs).size).toBe(seqs.length);
        for (const s of intact) expect(seqs).toContain(s);
      }),
      { numRuns: 400 },
    );
  });
});

describe('LineSplitter', () => {
  it('yields the same lines whatever the chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom(...'abc$*,\r'.split('')), maxLength: 60, size: 'max' }), {
          maxLength: 30,
          size: 'max',
        }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20, size: 'max' }),
        (lines, cuts) => {
          const text = lines.map((l) => `${l}\n`).join('');
          const out: string[] = [];
          const sp = new LineSplitter((l) => out.push(l), 64);
          const buf = Buffer.from(text, 'latin1');
          let at = 0;
          for (let i = 0; at < buf.length; i++) {
            const n = cuts[i % cuts.length]!;
            sp.push(buf.subarray(at, at + n));
            at += n;
          }
          expect(out).toEqual(lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('cuts an endless line at the limit once and resynchronises at the next LF', () => {
    const out: string[] = [];
    const sp = new LineSplitter((l) => out.push(l), 100);
    for (let i = 0; i < 50; i++) sp.push(Buffer.alloc(1000, 0x41));
    expect(out).toHaveLength(1);
    expect(out[0]!.length).toBe(102);
    expect(sp.pendingBytes).toBe(0);
    sp.push(Buffer.from('tail\nnext\n'));
    expect(out.slice(1)).toEqual(['next']);
    expect(decodeLine('x'.repeat(1100))).toEqual({ ok: false, reason: 'too_long' });
  });

  it('refuses a silly limit', () => {
    expect(() => new LineSplitter(() => undefined, 3)).toThrow(RangeError);
  });
});
