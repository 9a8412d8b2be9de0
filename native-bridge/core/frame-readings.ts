/** Converts a decoded data frame to engineering-unit readings and to a store row, in one place. */
import type { CellReading } from '../contract/index.js';
import type { DataFrame } from '../protocol/index.js';
import type { SampleRow } from '../store/store-writer.js';

const scaled = (v: number | null, div: number) => (v === null ? null : v / div);

/** `socPct[c]` is the station's estimate, used when the device sent none. */
export function frameToReadings(f: DataFrame, tHostMs: number, estimatedSocPct: (number | null)[]): CellReading[] {
  // Pack-level values are the same for every cell of the frame: scaled once.
  const deviceSoc = scaled(f.socPermille, 10);
  const currentA = scaled(f.packMa, 1000);
  const ambientC = scaled(f.ambientCc, 100);
  const humidityPct = scaled(f.humidityCpct, 100);
  const out: CellReading[] = [];
  for (let c = 0; c < f.cellMv.length; c++) {
    const est = estimatedSocPct[c];
    out.push({
      deviceId: f.deviceId,
      cell: c + 1,
      seq: f.seq,
      tDevMs: f.tDevMs,
      tHostMs,
      voltageV: scaled(f.cellMv[c]!, 1000),
      tempC: scaled(f.cellTempCc[c] ?? null, 100),
      currentA,
      ambientC,
      humidityPct,
      socPct: deviceSoc ?? (est === null || est === undefined ? null : Math.round(est * 10) / 10),
      socEstimated: deviceSoc === null && est !== null && est !== undefined,
    });
  }
  return out;
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
