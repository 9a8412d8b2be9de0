/** Read-side queries over stored readings, converting wire units back to engineering units. */
import type { CellReading } from '../contract/index.js';
import type { Db } from './database.js';

interface Row {
  device_id: string;
  seq: number;
  t_dev_ms: number;
  t_host_ms: number;
  pack_ma: number | null;
  ambient_cc: number | null;
  humidity_cpct: number | null;
  cell: number;
  mv: number | null;
  temp_cc: number | null;
  soc_permille: number | null;
  soc_estimated: number;
}

export function rowToReading(r: Row): CellReading {
  return {
    deviceId: r.device_id,
    cell: r.cell,
    seq: r.seq,
    tDevMs: r.t_dev_ms,
    tHostMs: r.t_host_ms,
    voltageV: r.mv === null ? null : r.mv / 1000,
    tempC: r.temp_cc === null ? null : r.temp_cc / 100,
    currentA: r.pack_ma === null ? null : r.pack_ma / 1000,
    ambientC: r.ambient_cc === null ? null : r.ambient_cc / 100,
    humidityPct: r.humidity_cpct === null ? null : r.humidity_cpct / 100,
    socPct: r.soc_permille === null ? null : r.soc_permille / 10,
    socEstimated: r.soc_estimated === 1,
  };
}

export class ReadingQueries {
  private readonly latest;
  private readonly count;

  constructor(db: Db) {
    // Newest samples first, then their cells in order: the Live table's reading order.
    this.latest = db.prepare(
      `SELECT d.device_id, s.seq, s.t_dev_ms, s.t_host_ms, s.pack_ma, s.ambient_cc, s.humidity_cpct,
              c.cell, c.mv, c.temp_cc, c.soc_permille, c.soc_estimated
       FROM (SELECT * FROM samples ORDER BY id DESC LIMIT ?) s
       JOIN devices d ON d.id = s.device
       JOIN cell_readings c ON c.sample_id = s.id
       ORDER BY s.id DESC, c.cell ASC
       LIMIT ?`,
    );
    this.count = db.prepare(`SELECT value FROM meta WHERE key = 'reading_count'`).pluck();
  }

  latestReadings(limit: number): CellReading[] {
    // A sample holds at most 32 cells, so `limit` samples always cover `limit` readings.
    return (this.latest.all(limit, limit) as Row[]).map(rowToReading);
  }

  storedReadingCount(): number {
    return (this.count.get() as number | undefined) ?? 0;
  }
}
