/** Converts a decoded data frame to engineering-unit readings and to a store row, in one place. */
import type { CellReading } from '../contract/index.js';
import type { DataFrame } from '../protocol/index.js';
import type { SampleRow } from '../store/store-writer.js';

const scaled = (v: number | null, div: number) => (v === null ? null : v / div);

/** `socPct[c]` is the station's estimate, used when the device sent none. */
export function frameToReadings(f: DataFrame, tHostMs: number, estimatedSocPct: (number | null)[]): CellReading[] {
  const deviceSoc = scaled(f.socPermille, 10);
  return f.cellMv.map((mv, c) => ({
    deviceId: f.deviceId,
    cell: c + 1,
    seq: f.seq,
    tDevMs: f.tDevMs,
    tHostMs,
    voltageV: scaled(mv, 1000),
    tempC: scaled(f.cellTempCc[c] ?? null, 100),
    currentA: scaled(f.packMa, 1000),
    ambientC: scaled(f.ambientCc, 100),
    humidityPct: scaled(f.humidityCpct, 100),
    socPct:
      deviceSoc ??
      (estimatedSocPct[c] === null || estimatedSocPct[c] === undefined
        ? null
        : Math.round(estimatedSocPct[c]! * 10) / 10),
    socEstimated: deviceSoc === null && estimatedSocPct[c] !== null && estimatedSocPct[c] !== undefined,
  }));
}

export function frameToSampleRow(f: DataFrame, tHostMs: number, readings: CellReading[]): SampleRow {
  return {
    deviceId: f.deviceId,
    bootId: parseInt(f.bootId, 16),
    seq: f.seq,
    tDevMs: f.tDevMs,
    tHostMs,
    packMa: f.packMa,
    ambientCc: f.ambientCc,
    humidityCpct: f.humidityCpct,
    status: f.status,
    cells: f.cellMv.map((mv, c) => ({
      mv,
      tempCc: f.cellTempCc[c] ?? null,
      socPermille: readings[c]!.socPct === null ? null : Math.round(readings[c]!.socPct! * 10),
      socEstimated: readings[c]!.socEstimated,
    })),
  };
}
