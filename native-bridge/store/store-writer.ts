/**
 * Batched writer: readings queue in memory and are committed in one transaction per flush
 * (every `flushIntervalMs`, or sooner when the queue is long). One transaction per batch is what makes
 * SQLite fast, and a short interval bounds what a crash can lose (the ARCHITECTURE's ≤ 250 ms).
 * A failed flush keeps the batch and retries, so a full disk or a read-only file loses nothing queued.
 */
import type { Db } from './database.js';
import { describeStoreFailure, type StoreError } from './store-errors.js';

export interface SampleRow {
  deviceId: string;
  bootId: number;
  seq: number;
  tDevMs: number;
  tHostMs: number;
  packMa: number | null;
  ambientCc: number | null;
  humidityCpct: number | null;
  status: number;
  cells: { mv: number | null; tempCc: number | null; socPermille: number | null; socEstimated: boolean }[];
}

export interface DeviceRow {
  deviceId: string;
  fwVersion: string | null;
  cellCount: number | null;
  periodMs: number | null;
  channels: string | null;
  tHostMs: number;
}

export interface LinkEventRow {
  tHostMs: number;
  deviceId: string | null;
  source: string;
  code: string;
  detail: string;
}

export interface StoreWriterOptions {
  flushIntervalMs?: number;
  /** Flush early when this many samples are queued. */
  maxQueuedSamples?: number;
  /** Beyond this many queued samples (the store is failing), the oldest are dropped and counted. */
  maxBacklogSamples?: number;
  onError?: (err: StoreError) => void;
  onRecovered?: () => void;
  onFlushed?: (samples: number, readings: number) => void;
}

export class StoreWriter {
  private samples: SampleRow[] = [];
  private devices = new Map<string, DeviceRow>();
  private events: LinkEventRow[] = [];
  private deviceIds = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private failing = false;
  private readingCount: number;
  droppedSamples = 0;
  private readonly opts: Required<Omit<StoreWriterOptions, 'onError' | 'onRecovered' | 'onFlushed'>> &
    StoreWriterOptions;
  private readonly stmts;
  private readonly writeBatch: (s: SampleRow[], d: DeviceRow[], e: LinkEventRow[]) => number;

  constructor(
    private readonly db: Db,
    private readonly path: string,
    opts: StoreWriterOptions = {},
  ) {
    this.opts = { flushIntervalMs: 200, maxQueuedSamples: 2000, maxBacklogSamples: 2_000_000, ...opts };
    this.stmts = {
      device: db.prepare(
        `INSERT INTO devices (device_id, fw_version, cell_count, period_ms, channels, first_seen_ms, last_seen_ms)
         VALUES (@deviceId, @fwVersion, @cellCount, @periodMs, @channels, @tHostMs, @tHostMs)
         ON CONFLICT(device_id) DO UPDATE SET
           fw_version = coalesce(excluded.fw_version, fw_version),
           cell_count = coalesce(excluded.cell_count, cell_count),
           period_ms = coalesce(excluded.period_ms, period_ms),
           channels = coalesce(excluded.channels, channels),
           last_seen_ms = excluded.last_seen_ms`,
      ),
      deviceId: db.prepare(`SELECT id FROM devices WHERE device_id = ?`).pluck(),
      sample: db.prepare(
        `INSERT INTO samples (device, boot_id, seq, t_dev_ms, t_host_ms, pack_ma, ambient_cc, humidity_cpct, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      cell: db.prepare(
        `INSERT INTO cell_readings (sample_id, cell, mv, temp_cc, soc_permille, soc_estimated) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      event: db.prepare(
        `INSERT INTO link_events (t_host_ms, device_id, source, code, detail) VALUES (@tHostMs, @deviceId, @source, @code, @detail)`,
      ),
      bumpCount: db.prepare(
        `INSERT INTO meta (key, value) VALUES ('reading_count', ?) ON CONFLICT(key) DO UPDATE SET value = value + excluded.value`,
      ),
      lastSeen: db.prepare(`UPDATE devices SET last_seen_ms = ? WHERE id = ?`),
    };
    this.readingCount =
      (db.prepare(`SELECT value FROM meta WHERE key = 'reading_count'`).pluck().get() as number | undefined) ?? 0;
    this.writeBatch = db.transaction((samples: SampleRow[], devices: DeviceRow[], events: LinkEventRow[]) => {
      for (const d of devices) this.stmts.device.run(d);
      let readings = 0;
      const lastSeen = new Map<number, number>();
      for (const s of samples) {
        const dev = this.deviceRowId(s.deviceId, s.tHostMs);
        const id = this.stmts.sample.run(
          dev,
          s.bootId,
          s.seq,
          s.tDevMs,
          s.tHostMs,
          s.packMa,
          s.ambientCc,
          s.humidityCpct,
          s.status,
        ).lastInsertRowid;
        for (let c = 0; c < s.cells.length; c++) {
          const cell = s.cells[c]!;
          this.stmts.cell.run(id, c + 1, cell.mv, cell.tempCc, cell.socPermille, cell.socEstimated ? 1 : 0);
        }
        readings += s.cells.length;
        lastSeen.set(dev, s.tHostMs);
      }
      for (const [dev, t] of lastSeen) this.stmts.lastSeen.run(t, dev);
      for (const e of events) this.stmts.event.run(e);
      if (readings > 0) this.stmts.bumpCount.run(readings);
      return readings;
    });
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.flush(), this.opts.flushIntervalMs);
    this.timer.unref?.();
  }

  /** Readings committed to disk so far (all time, this database). */
  get storedReadings(): number {
    return this.readingCount;
  }

  get queuedSamples(): number {
    return this.samples.length;
  }

  addSample(s: SampleRow): void {
    this.samples.push(s);
    if (this.samples.length > this.opts.maxBacklogSamples) {
      const drop = this.samples.length - this.opts.maxBacklogSamples;
      this.samples.splice(0, drop);
      this.droppedSamples += drop;
    }
    if (this.samples.length >= this.opts.maxQueuedSamples && !this.failing) this.flush();
  }

  upsertDevice(d: DeviceRow): void {
    this.devices.set(d.deviceId, d);
  }

  addLinkEvent(e: LinkEventRow): void {
    this.events.push(e);
  }

  /** Commits everything queued; returns the number of cell readings written. */
  flush(): number {
    if (this.samples.length === 0 && this.devices.size === 0 && this.events.length === 0) return 0;
    const samples = this.samples;
    const devices = [...this.devices.values()];
    const events = this.events;
    try {
      const readings = this.writeBatch(samples, devices, events);
      this.samples = [];
      this.devices.clear();
      this.events = [];
      this.readingCount += readings;
      if (this.failing) {
        this.failing = false;
        this.opts.onRecovered?.();
      }
      this.opts.onFlushed?.(samples.length, readings);
      return readings;
    } catch (err) {
      // The transaction rolled back: keep the queue, cached row ids may be stale.
      this.deviceIds.clear();
      if (!this.failing) {
        this.failing = true;
        this.opts.onError?.(describeStoreFailure(err, this.path));
      }
      return 0;
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.flush();
  }

  private deviceRowId(deviceId: string, tHostMs: number): number {
    let id = this.deviceIds.get(deviceId);
    if (id === undefined) {
      id = this.stmts.deviceId.get(deviceId) as number | undefined;
      if (id === undefined) {
        this.stmts.device.run({ deviceId, fwVersion: null, cellCount: null, periodMs: null, channels: null, tHostMs });
        id = this.stmts.deviceId.get(deviceId) as number;
      }
      this.deviceIds.set(deviceId, id);
    }
    return id;
  }
}
