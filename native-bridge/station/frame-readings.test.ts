import { describe, expect, it } from 'vitest';
import type { DataFrame } from '../protocol/index.js';
import { frameToReadings, frameToSampleRow } from './frame-readings.js';

const frame: DataFrame = {
  kind: 'data',
  deviceId: 'RIG1',
  bootId: '0000BEEF',
  seq: 7,
  tDevMs: 700,
  cellMv: [3701, null, 4200],
  cellTempCc: [2512, 3000, null],
  packMa: -1250,
  ambientCc: 2310,
  humidityCpct: 4520,
  socPermille: null,
  status: 0,
};

describe('frame to readings', () => {
  it('scales every channel, keeps gaps as null and uses the estimate only when the device sent no SOC', () => {
    const rs = frameToReadings(frame, 1234, [51.26, null, undefined as unknown as null]);
    expect(rs).toEqual([
      {
        deviceId: 'RIG1',
        cell: 1,
        seq: 7,
        tDevMs: 700,
        tHostMs: 1234,
        voltageV: 3.701,
        tempC: 25.12,
        currentA: -1.25,
        ambientC: 23.1,
        humidityPct: 45.2,
        socPct: 51.3,
        socEstimated: true,
      },
      {
        deviceId: 'RIG1',
        cell: 2,
        seq: 7,
        tDevMs: 700,
        tHostMs: 1234,
        voltageV: null,
        tempC: 30,
        currentA: -1.25,
        ambientC: 23.1,
        humidityPct: 45.2,
        socPct: null,
        socEstimated: false,
      },
      {
        deviceId: 'RIG1',
        cell: 3,
        seq: 7,
        tDevMs: 700,
        tHostMs: 1234,
        voltageV: 4.2,
        tempC: null,
        currentA: -1.25,
        ambientC: 23.1,
        humidityPct: 45.2,
        socPct: null,
        socEstimated: false,
      },
    ]);
    const withSoc = frameToReadings({ ...frame, socPermille: 805, packMa: null }, 1234, [10, 20, 30]);
    expect(withSoc.map((r) => [r.socPct, r.socEstimated, r.currentA])).toEqual([
      [80.5, false, null],
      [80.5, false, null],
      [80.5, false, null],
    ]);
    // The stored row carries the same SOC as the readings, from the same estimates.
    expect(
      frameToSampleRow(frame, 1234, [51.26, null, undefined as unknown as null]).cells.map((c) => c.socPermille),
    ).toEqual(rs.map((r) => (r.socPct === null ? null : Math.round(r.socPct * 10))));
    expect(frameToSampleRow(frame, 1234, [51.26, null, undefined as unknown as null]).cells).toEqual([
      { mv: 3701, tempCc: 2512, socPermille: 513, socEstimated: true },
      { mv: null, tempCc: 3000, socPermille: null, socEstimated: false },
      { mv: 4200, tempCc: null, socPermille: null, socEstimated: false },
    ]);
  });
});
