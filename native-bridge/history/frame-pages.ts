/**
 * Reads a session's frames in recorded order, a page at a time, by key (time, id) rather than with an
 * open cursor: better-sqlite3 cannot write on a connection while a statement iterates, and exports and
 * replays run for minutes beside the writer.
 */
import type { ReplayFrame, ReplayReader } from '../devices/replay-source.js';
import type { Db } from '../store/database.js';
import { CellBlob } from '../store/frame-codec.js';

export interface RawFrameRow {
  id: number;
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

export class FramePages {
  private readonly page;
  private readonly countStmt;
  private lastT = -Infinity;
  private lastId = -1;

  constructor(
    db: Db,
    private readonly sessionId: number,
    private readonly fromMs: number,
    private readonly toMs: number,
  ) {
    this.page = db.prepare(
      `SELECT id, boot_id, seq, t_dev_ms, t_host_ms, pack_ma, ambient_cc, humidity_cpct, status, cells FROM frames
       WHERE session_id = @s AND t_host_ms >= @from AND t_host_ms <= @to AND (t_host_ms, id) > (@lastT, @lastId)
       ORDER BY t_host_ms, id LIMIT @limit`,
    );
    this.countStmt = db
      .prepare(`SELECT count(*) FROM frames WHERE session_id = ? AND t_host_ms >= ? AND t_host_ms <= ?`)
      .pluck();
  }

  count(): number {
    return this.countStmt.get(this.sessionId, this.fromMs, this.toMs) as number;
  }

  next(limit: number): RawFrameRow[] {
    const rows = this.page.all({
      s: this.sessionId,
      from: this.fromMs,
      to: this.toMs,
      lastT: Number.isFinite(this.lastT) ? this.lastT : -1e18,
      lastId: this.lastId,
      limit,
    }) as RawFrameRow[];
    const last = rows[rows.length - 1];
    if (last) {
      this.lastT = last.t_host_ms;
      this.lastId = last.id;
    }
    return rows;
  }
}

export function rawToReplayFrame(r: RawFrameRow): ReplayFrame {
  return {
    bootId: r.boot_id,
    seq: r.seq,
    tDevMs: r.t_dev_ms,
    tHostMs: r.t_host_ms,
    packMa: r.pack_ma,
    ambientCc: r.ambient_cc,
    humidityCpct: r.humidity_cpct,
    status: r.status,
    cells: new CellBlob(r.cells).all(),
  };
}

/** A replay reader over a stored session window. */
export function sessionReplayReader(
  db: Db,
  sessionId: number,
  fromMs: number,
  toMs: number,
  onClose?: () => void,
): ReplayReader {
  const pages = new FramePages(db, sessionId, fromMs, toMs);
  const total = pages.count();
  return {
    total,
    next: (limit) => pages.next(limit).map(rawToReplayFrame),
    close: onClose,
  };
}
