import { describe, expect, it } from 'vitest';
import type { CellReading } from '../contract/index.js';
import { ReadingRing } from './reading-ring.js';

const reading = (i: number, over: Partial<CellReading> = {}): CellReading => ({
  deviceId: i % 2 ? 'ODD' : 'EVEN',
  cell: (i % 16) + 1,
  seq: 4_000_000_000 + i,
  tDevMs: i * 100,
  tHostMs: 1_700_000_000_000 + i * 100,
  voltageV: 3.612 + i / 1000,
  tempC: 25.07,
  currentA: -1.25,
  ambientC: 23.1,
  humidityPct: 45.2,
  socPct: 80.5,
  socEstimated: i % 3 === 0,
  ...over,
});

describe('reading ring', () => {
  it('gives back each reading as it was pushed, missing values as null, oldest first', () => {
    const ring = new ReadingRing(8);
    const pushed = [reading(0), reading(1, { tempC: null, voltageV: null, socPct: null }), reading(2)];
    for (const r of pushed) ring.push(r);
    expect(ring.length).toBe(3);
    expect([0, 1, 2].map((k) => ring.reading(k))).toEqual(pushed);
    expect([ring.tempC(1), ring.voltageV(1), ring.deviceId(1), ring.cell(2)]).toEqual([null, null, 'ODD', 3]);
  });

  it('keeps the newest `capacity` readings once full, and starts again from a reset', () => {
    const ring = new ReadingRing(5);
    for (let i = 0; i < 13; i++) ring.push(reading(i));
    expect(ring.length).toBe(5);
    expect([0, 1, 2, 3, 4].map((k) => ring.reading(k).seq - 4_000_000_000)).toEqual([8, 9, 10, 11, 12]);
    expect(ring.tHostMs(4)).toBe(reading(12).tHostMs);
    ring.reset([reading(20), reading(21), reading(22), reading(23), reading(24), reading(25), reading(26)]);
    expect(ring.length).toBe(5);
    expect(ring.reading(0)).toEqual(reading(22));
    expect(ring.reading(4)).toEqual(reading(26));
  });
});
