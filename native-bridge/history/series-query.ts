/**
 * Chart series for any window of a session, always from the right table: raw frames when the window
 * holds few enough, else the finest rollup (1 s, 1 min, 10 min) that keeps the rows read within a small
 * multiple of the points asked for. Rows are then folded into at most `maxPoints` buckets per channel,
 * each keeping its min and max besides the mean, so a one-sample spike is still drawn at any zoom.
 *
 * Cost is bounded by the points asked for, not by the window: at most ~4 × maxPoints rows are read
 * (each row holds every channel of the device), whatever the session's length.
 */
import type { HistorySeries, SeriesQuantity, SeriesResolution, StoredAlarm } from '../contract/index.js';
import type { Db } from '../store/database.js';
import { CellBlob } from '../store/frame-codec.js';
import { RollupView, slotOf } from '../store/rollup-codec.js';
import { ROLLUP_LEVELS } from '../store/rollup-aggregator.js';

export interface SeriesRequest {
  sessionId: number;
  fromMs: number;
  toMs: number;
  maxPoints: number;
  cells: number[];
  quantities: SeriesQuantity[];
  periodMs: number | null;
}

/** Rows read per point asked for, at most, before a coarser table is used. */
export const ROWS_PER_POINT = 4;

const UNIT: Record<SeriesQuantity, { unit: string; div: number }> = {
  temp: { unit: '°C', div: 100 },
  voltage: { unit: 'V', div: 1000 },
  current: { unit: 'A', div: 1000 },
  ambient: { unit: '°C', div: 100 },
  humidity: { unit: '%RH', div: 100 },
};

interface Channel {
  quantity: SeriesQuantity;
  cell: number | null;
  slot: number;
  min: (number | null)[];
  max: (number | null)[];
  mean: (number | null)[];
  cMin: number;
  cMax: number;
  cSum: number;
  cW: number;
}

/** Folds (value, weight) samples into time buckets, in time order. */
class Folder {
  readonly t: number[] = [];
  private current: number | null = null;
  private lastT: number | null = null;

  constructor(
    readonly channels: Channel[],
    private readonly bucketMs: number,
    private readonly gapMs: number,
    private readonly maxPoints: number,
  ) {}

  /** Starts the bucket for time `t` (closing the previous one when it differs). */
  at(t: number): void {
    const b = this.bucketMs > 0 ? Math.floor(t / this.bucketMs) * this.bucketMs : t;
    if (b === this.current && this.bucketMs > 0) return;
    this.close();
    if (this.lastT !== null && b - this.lastT > this.gapMs && this.t.length < this.maxPoints - 1) {
      // A gap in the recording: a point of nulls so the chart does not draw a line across it.
      this.t.push(this.lastT + Math.max(1, this.bucketMs));
      for (const c of this.channels) {
        c.min.push(null);
        c.max.push(null);
        c.mean.push(null);
      }
    }
    this.current = b;
  }

  add(c: Channel, min: number, max: number, mean: number, w: number): void {
    if (c.cW === 0) {
      c.cMin = min;
      c.cMax = max;
    } else {
      if (min < c.cMin) c.cMin = min;
      if (max > c.cMax) c.cMax = max;
    }
    c.cSum += mean * w;
    c.cW += w;
  }

  close(): void {
    if (this.current === null) return;
    let any = false;
    for (const c of this.channels) if (c.cW > 0) any = true;
    if (any) {
      this.t.push(this.current);
      for (const c of this.channels) {
        const div = UNIT[c.quantity].div;
        if (c.cW > 0) {
          c.min.push(c.cMin / div);
          c.max.push(c.cMax / div);
          // Four decimals: finer than any sensor here, and a third of the JSON of a full double.
          c.mean.push(Math.round((c.cSum / c.cW / div) * 1e4) / 1e4);
        } else {
          c.min.push(null);
          c.max.push(null);
          c.mean.push(null);
        }
        c.cW = 0;
        c.cSum = 0;
      }
      this.lastT = this.current;
    }
    this.current = null;
  }
}

export class SeriesQueries {
  private readonly countRaw;
  private readonly rawRows;
  private readonly rollupRows;
  private readonly hasRisk;
  private readonly countPred;
  private readonly predRows;
  private readonly riskRows;

  constructor(db: Db) {
    this.countRaw = db
      .prepare(
        `SELECT count(*) FROM (SELECT 1 FROM frames WHERE session_id = ? AND t_host_ms >= ? AND t_host_ms <= ? LIMIT ?)`,
      )
      .pluck();
    this.rawRows = db
      .prepare(
        `SELECT t_host_ms, pack_ma, ambient_cc, humidity_cpct, cells FROM frames
         WHERE session_id = ? AND t_host_ms >= ? AND t_host_ms <= ? ORDER BY t_host_ms, id`,
      )
      .raw(true);
    this.rollupRows = ROLLUP_LEVELS.map((l) =>
      db
        .prepare(`SELECT t_ms, n, data FROM ${l.table} WHERE session_id = ? AND t_ms >= ? AND t_ms <= ? ORDER BY t_ms`)
        .raw(true),
    );
    this.hasRisk = db.prepare(`SELECT 1 FROM risk_rollups WHERE session_id = ? LIMIT 1`).pluck();
    this.countPred = db
      .prepare(
        `SELECT count(*) FROM (SELECT 1 FROM predictions WHERE session_id = ? AND t_host_ms >= ? AND t_host_ms <= ? LIMIT ?)`,
      )
      .pluck();
    this.predRows = db
      .prepare(
        `SELECT t_host_ms, cell, class FROM predictions WHERE session_id = ? AND t_host_ms >= ? AND t_host_ms <= ? ORDER BY t_host_ms`,
      )
      .raw(true);
    this.riskRows = db
      .prepare(
        `SELECT t_ms, cell, max_class FROM risk_rollups WHERE session_id = ? AND level_ms = ? AND t_ms >= ? AND t_ms <= ? ORDER BY t_ms`,
      )
      .raw(true);
  }

  /** Picks the table and bucket width for a window. */
  plan(req: SeriesRequest): { resolution: SeriesResolution; level: number; bucketMs: number } {
    const w = Math.max(1, req.toMs - req.fromMs);
    const budget = ROWS_PER_POINT * req.maxPoints;
    const perPoint = Math.ceil(w / Math.max(1, req.maxPoints - 1));
    const raw = this.countRaw.get(req.sessionId, req.fromMs, req.toMs, budget + 1) as number;
    if (raw <= budget) return { resolution: 'raw', level: -1, bucketMs: raw <= req.maxPoints - 1 ? 0 : perPoint };
    let level = ROLLUP_LEVELS.findIndex((l) => w / l.ms <= budget);
    if (level < 0) level = ROLLUP_LEVELS.length - 1;
    const ms = ROLLUP_LEVELS[level]!.ms;
    return { resolution: ROLLUP_LEVELS[level]!.name, level, bucketMs: Math.max(1, Math.ceil(perPoint / ms)) * ms };
  }

  series(req: SeriesRequest, alarms: StoredAlarm[]): HistorySeries {
    const started = performance.now();
    const plan = this.plan(req);
    const channels: Channel[] = [];
    for (const q of req.quantities) {
      const perCell = q === 'temp' || q === 'voltage';
      for (const cell of perCell ? req.cells : [null]) {
        channels.push({
          quantity: q,
          cell,
          slot: slotOf(q, cell),
          min: [],
          max: [],
          mean: [],
          cMin: 0,
          cMax: 0,
          cSum: 0,
          cW: 0,
        });
      }
    }
    const levelMs = plan.level < 0 ? 0 : ROLLUP_LEVELS[plan.level]!.ms;
    const gapMs = Math.max(3 * plan.bucketMs, 3 * levelMs, 5 * (req.periodMs ?? 1000));
    const folder = new Folder(channels, plan.bucketMs, gapMs, req.maxPoints);
    let rows = 0;
    if (plan.level < 0) {
      const it = this.rawRows.iterate(req.sessionId, req.fromMs, req.toMs) as IterableIterator<
        [number, number | null, number | null, number | null, Buffer]
      >;
      for (const [t, pack, amb, hum, blob] of it) {
        rows++;
        folder.at(t);
        const cells = new CellBlob(blob);
        for (const c of channels) {
          let v: number | null;
          switch (c.quantity) {
            case 'temp':
              v = c.cell! <= cells.n ? cells.tempCc(c.cell! - 1) : null;
              break;
            case 'voltage':
              v = c.cell! <= cells.n ? cells.mv(c.cell! - 1) : null;
              break;
            case 'current':
              v = pack;
              break;
            case 'ambient':
              v = amb;
              break;
            case 'humidity':
              v = hum;
              break;
          }
          if (v !== null) folder.add(c, v, v, v, 1);
        }
      }
    } else {
      const from = Math.floor(req.fromMs / levelMs) * levelMs;
      const it = this.rollupRows[plan.level]!.iterate(req.sessionId, from, req.toMs) as IterableIterator<
        [number, number, Buffer]
      >;
      for (const [t, n, blob] of it) {
        rows++;
        folder.at(t);
        const view = new RollupView(blob);
        for (const c of channels) {
          const v = view.get(c.slot);
          if (v) folder.add(c, v[0], v[1], v[2], n);
        }
      }
    }
    folder.close();
    return {
      sessionId: req.sessionId,
      fromMs: req.fromMs,
      toMs: req.toMs,
      resolution: plan.resolution,
      bucketMs: plan.bucketMs,
      sourceRows: rows,
      t: folder.t,
      series: channels.map((c) => ({
        quantity: c.quantity,
        cell: c.cell,
        unit: UNIT[c.quantity].unit,
        min: c.min,
        max: c.max,
        mean: c.mean,
      })),
      risk: this.risk(req, plan.bucketMs),
      alarms,
      queryMs: performance.now() - started,
    };
  }

  private risk(req: SeriesRequest, readingBucketMs: number): HistorySeries['risk'] {
    if (this.hasRisk.get(req.sessionId) === undefined) return null;
    const w = Math.max(1, req.toMs - req.fromMs);
    const budget = ROWS_PER_POINT * req.maxPoints * Math.max(1, req.cells.length);
    const raw = this.countPred.get(req.sessionId, req.fromMs, req.toMs, budget + 1) as number;
    let resolution: 'raw' | '1m' | '10m';
    let rows: [number, number, number][];
    let levelMs = 0;
    if (raw <= budget) {
      resolution = 'raw';
      rows = this.predRows.all(req.sessionId, req.fromMs, req.toMs) as [number, number, number][];
    } else {
      levelMs = w / 60_000 <= ROWS_PER_POINT * req.maxPoints ? 60_000 : 600_000;
      resolution = levelMs === 60_000 ? '1m' : '10m';
      const from = Math.floor(req.fromMs / levelMs) * levelMs;
      rows = this.riskRows.all(req.sessionId, levelMs, from, req.toMs) as [number, number, number][];
    }
    const bucket = Math.max(readingBucketMs, levelMs, Math.ceil(w / Math.max(1, req.maxPoints - 1)));
    const cellIndex = new Map(req.cells.map((c, i) => [c, i]));
    const t: number[] = [];
    const series = req.cells.map((cell) => ({ cell, max: [] as (number | null)[] }));
    let current: number | null = null;
    for (const [tMs, cell, cls] of rows) {
      const b = Math.floor(tMs / bucket) * bucket;
      if (b !== current) {
        current = b;
        t.push(b);
        for (const s of series) s.max.push(null);
      }
      const i = cellIndex.get(cell);
      if (i === undefined) continue;
      const arr = series[i]!.max;
      const prev = arr[arr.length - 1];
      if (prev === null || prev === undefined || cls > prev) arr[arr.length - 1] = cls;
    }
    return { resolution, t, series };
  }
}
