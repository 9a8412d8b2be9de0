import { describe, expect, it } from 'vitest';
import { decodeLine, encodeFrame, FrameEncodeError, type DataFrame } from './index.js';

const base: DataFrame = {
  kind: 'data',
  deviceId: 'SIM-0001',
  bootId: 'DEADBEEF',
  seq: 1,
  tDevMs: 1000,
  cellMv: [3700, 3701],
  cellTempCc: [2500, null],
  packMa: 1500,
  ambientCc: 2200,
  humidityCpct: 5000,
  socPermille: 800,
  status: 0,
};

describe('frame codec', () => {
  it('round-trips a data frame', () => {
    expect(decodeLine(encodeFrame(base))).toEqual({ ok: true, frame: base });
  });

  it('round-trips 32 cells within the line limit', () => {
    const frame: DataFrame = {
      ...base,
      cellMv: Array.from({ length: 32 }, () => 65535),
      cellTempCc: Array.from({ length: 32 }, () => -5500),
    };
    const line = encodeFrame(frame);
    expect(line.length).toBeLessThan(1024);
    expect(decodeLine(line)).toEqual({ ok: true, frame });
  });

  it('refuses to encode what the decoder would reject', () => {
    expect(() => encodeFrame({ ...base, cellMv: [Number.NaN, 1] })).toThrow(FrameEncodeError);
    expect(() => encodeFrame({ ...base, humidityCpct: 10001 })).toThrow(FrameEncodeError);
    expect(() => encodeFrame({ ...base, cellTempCc: [1] })).toThrow(FrameEncodeError);
    expect(() => encodeFrame({ ...base, deviceId: 'a,b' })).toThrow(FrameEncodeError);
    expect(() =>
      encodeFrame({
        kind: 'event',
        deviceId: 'x',
        bootId: '00000000',
        eventSeq: 0,
        tDevMs: 0,
        code: 'X',
        detail: 'a*b',
      }),
    ).toThrow(FrameEncodeError);
  });

  it('rejects every single-character corruption of a valid line', () => {
    const line = encodeFrame(base).trimEnd();
    let accepted = 0;
    for (let i = 0; i < line.length; i++) {
      for (const c of ['0', '9', 'A', ',', ';', '-', 'x']) {
        if (line[i] === c) continue;
        const mutated = line.slice(0, i) + c + line.slice(i + 1);
        const r = decodeLine(mutated);
        if (r.ok && i > 0) accepted++;
      }
    }
    expect(accepted).toBe(0);
  });

  it('never throws on arbitrary input', () => {
    for (const s of ['$', '*', '$*', '$*00000000', '$EVB1*00000000', '\u0000\u00ff', '$'.repeat(2000)]) {
      expect(() => decodeLine(s)).not.toThrow();
    }
  });
});
