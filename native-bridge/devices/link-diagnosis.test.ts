/** What the station says about a port that gives no valid frame. */
import { describe, expect, it } from 'vitest';
import type { ConnectionStats } from './device-link.js';
import { diagnoseConnection } from './link-diagnosis.js';

const base = (over: Partial<ConnectionStats>): ConnectionStats => ({
  startedMs: 0,
  bytes: 0,
  lines: 0,
  validFrames: 0,
  noiseLines: 0,
  nonPrintable: 0,
  scanned: 0,
  rejects: {},
  sampleLine: null,
  ...over,
});

describe('diagnoseConnection', () => {
  it('says nothing once a frame has arrived, or too early', () => {
    expect(
      diagnoseConnection(base({ validFrames: 1, bytes: 5000, nonPrintable: 900, scanned: 1000 }), 60_000, 115200),
    ).toBeNull();
    expect(diagnoseConnection(base({ bytes: 5000, nonPrintable: 900, scanned: 1000 }), 1000, 115200)).toBeNull();
    expect(diagnoseConnection(base({}), 4000, 115200)).toBeNull();
  });

  it('silence: asks whether the firmware runs', () => {
    expect(diagnoseConnection(base({}), 6000, 115200)).toMatch(/^No bytes from the device in 6 s/);
  });

  it('garbled bytes: check the baud rate', () => {
    const d = diagnoseConnection(base({ bytes: 3000, lines: 9, nonPrintable: 400, scanned: 1000 }), 3000, 9600);
    expect(d).toMatch(/^no valid frames — check the baud rate \(open at 9600 baud/);
    expect(diagnoseConnection(base({ bytes: 3000, rejects: { too_long: 2 } }), 3000, 115200)).toMatch(
      /check the baud rate/,
    );
  });

  it('a boot log alone is not another protocol until it goes on for a while', () => {
    const boot = base({ bytes: 400, lines: 11, noiseLines: 11, scanned: 400, sampleLine: 'ets Jun  8 2016 00:22:57' });
    expect(diagnoseConnection(boot, 3000, 115200)).toBeNull();
    expect(diagnoseConnection(boot, 6000, 115200)).toMatch(
      /sends text but no protocol v1 frames: it speaks another protocol or runs other firmware\. First line: "ets Jun/,
    );
  });

  it('names a newer protocol version', () => {
    const s = base({ bytes: 900, lines: 9, rejects: { unknown_version: 9 }, sampleLine: '$EVB2,D,X,1*00000000' });
    expect(diagnoseConnection(s, 1000, 115200)).toMatch(/protocol version 2; this station understands version 1/);
  });

  it('frames failing their checksum: noisy line', () => {
    const s = base({ bytes: 900, lines: 9, rejects: { checksum_mismatch: 9 } });
    expect(diagnoseConnection(s, 1000, 115200)).toMatch(/fail their checksum/);
  });
});
