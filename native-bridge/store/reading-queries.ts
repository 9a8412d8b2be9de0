/** Read-side queries over stored frames, converting wire units back to engineering units. */
import type { CellReading } from '../contract/index.js';
import type { Db } from './database.js';
import { CellBlob } from './frame-codec.js';

export interface FrameRow {
  id: number;
  session_id: number;
  device_id: string;
  boot_id: number;
  seq: number;
  t_dev_ms: number;
  t_host_ms: number;
  pack_ma: number | null;
  ambient_cc: number | null;
  humidity_cpct: number | null;
  status: number;
  cells: Buffer;
}

const scaled = (v: number | null, div: number) => (v === null ? null : v / div);

/** The cell readings of one stored frame, cell 1 first. */
export function frameToCellReadings(r: FrameRow): CellReading[] {
  const cells = new CellBlob(r.cells);
  const out: CellReading[] = [];
  for (let i = 0; i < cells.n; i++) {
    const soc = cells.socPermille(i);
    out.push({
      deviceId: r.device_id,
      cell: i + 1,
      seq: r.seq,
      tDevMs: r.t_dev_ms,
      tHostMs: r.t_host_ms,
      voltageV: scaled(cells.mv(i), 1000),
      tempC: scaled(cells.tempCc(i), 100),
      currentA: scaled(r.pack_ma, 1000),
      ambientC: scaled(r.ambient_cc, 100),
      humidityPct: scaled(r.humidity_cpct, 100),
      socPct: scaled(soc, 10),
      socEstimated: soc !== null && cells.socEstimated(i),
    });
  }
  return out;
}

export const FRAME_COLUMNS = `f.id, f.session_id, s.device_id, f.boot_id, f.seq, f.t_dev_ms, f.t_host_ms, f.pack_ma,
  f.ambient_cc, f.humidity_cpct, f.status, f.cells`;

export class ReadingQueries {
  private readonly latest;
  private readonly count;

  constructor(db: Db) {
    // Live rigs only: an import or a replay stored last must not pose as the rig's newest readings.
    this.latest = db.prepare(
      `SELECT ${FRAME_COLUMNS} FROM frames f JOIN sessions s ON s.id = f.session_id
       WHERE s.kind = 'live' ORDER BY f.id DESC LIMIT ?`,
    );
    this.count = db.prepare(`SELECT value FROM meta WHERE key = 'reading_count'`).pluck();
  }

  /** Newest frames first, then their cells in order: the Live table's reading order. */
  latestReadings(limit: number): CellReading[] {
    const out: CellReading[] = [];
    // A frame holds at least one cell, so `limit` frames always cover `limit` readings.
    for (const row of this.latest.all(limit) as FrameRow[]) {
      for (const r of frameToCellReadings(row)) {
        if (out.length >= limit) return out;
        out.push(r);
      }
    }
    return out;
  }

  storedReadingCount(): number {
    return (this.count.get() as number | undefined) ?? 0;
  }
}
