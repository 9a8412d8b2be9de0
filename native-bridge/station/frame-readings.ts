/** Converts a decoded data frame to engineering-unit readings and to a store row, in one place. */
import type { CellReading } from '../contract/index.js';
import type { DataFrame } from '../protocol/index.js';
import type { CellValues } from '../store/frame-codec.js';
import type { SampleRow } from '../store/store-writer.js';

const scaled = (v: number | null, div: number) => (v === null ? null : v / div);

/**
 * A cell's SOC in %: the device's when it sent one, else the station's estimate to 0.1 %, else null.
 * One definition for the live readings and the stored row, so both show the same figure.
 */
function cellSocPct(deviceSocPct: number | null, est: number | null | undefined): number | null {
  return deviceSocPct ?? (est === null || est === undefined ? null : Math.round(est * 10) / 10);
}

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
      socPct: cellSocPct(deviceSoc, est),
      socEstimated: deviceSoc === null && est !== null && est !== undefined,
    });
  }
  return out;
}

/** The store's row of a frame, from the frame and the same SOC estimates (no readings needed). */
export function frameToSampleRow(f: DataFrame, tHostMs: number, estimatedSocPct: (number | null)[]): SampleRow {
  const deviceSoc = scaled(f.socPermille, 10);
  const cells: CellValues[] = [];
  for (let c = 0; c < f.cellMv.length; c++) {
    const est = estimatedSocPct[c];
    const soc = cellSocPct(deviceSoc, est);
    cells.push({
      mv: f.cellMv[c]!,
      tempCc: f.cellTempCc[c] ?? null,
      socPermille: soc === null ? null : Math.round(soc * 10),
      socEstimated: deviceSoc === null && est !== null && est !== undefined,
    });
  }
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
    cells,
  };
}
