/**
 * Batched writer: frames queue in memory and are committed in one transaction per flush (every
 * `flushIntervalMs`, or sooner when the queue is long or its oldest frame is that old). One
 * transaction per batch is what makes SQLite fast, and the short interval bounds what a crash can lose
 * (≤ 250 ms). The same transaction writes the frames, the rollup buckets they touched, the session
 * counters, link events and any queued operations (sessions, alarms, predictions), so what is on disk
 * always agrees with itself. A failed flush rolls back, keeps everything queued and retries, so a full
 * disk or a read-only file loses nothing that was queued.
 */
import type { Db } from './database.js';
import { encodeCellsScratch, type CellValues } from './frame-codec.js';
import { RollupView } from './rollup-codec.js';
import { ROLLUP_LEVELS, RollupAggregator } from './rollup-aggregator.js';
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
  cells: CellValues[];
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

export type SessionKind = 'live' | 'replay' | 'import';

export interface NewSession {
  kind: SessionKind;
  deviceId: string;
  sourceSpec: string;
  startedBy: string;
  startedMs: number;
  rig?: string;
  chemistry?: string;
  capacityAh?: number | null;
  vMinV?: number | null;
  vMaxV?: number | null;
  notes?: string;
  cellCount?: number | null;
  periodMs?: number | null;
  fwVersion?: string | null;
  modelVersion?: string;
  replayOf?: number | null;
  replaySpeed?: number | null;
}

/** Decides which session a frame or event belongs to (history/session-manager.ts). */
export interface SessionRouter {
  /** May move `s.tHostMs` onto the session's own time axis (a replay keeps the original times). */
  sessionForSample(s: SampleRow): number;
  sessionForEvent(e: LinkEventRow): number | null;
}

/** Runs inside the next flush's transaction; must only touch the database (it may run again). */
export type BatchOp = (db: Db) => void;

export interface StoreWriterOptions {
  flushIntervalMs?: number;
  /** Flush early when this many samples are queued. */
  maxQueuedSamples?: number;
  /** Beyond this many queued samples (the store is failing), the oldest are dropped and counted. */
  maxBacklogSamples?: number;
  /** While failing, retry this often instead of every interval. */
  retryIntervalMs?: number;
  onError?: (err: StoreError) => void;
  onRecovered?: () => void;
  onFlushed?: (samples: number, readings: number) => void;
}

/** Frames per multi-row INSERT: 16 × 10 columns stays far below SQLite's 32,766 bound parameters. */
const FRAMES_PER_INSERT = 16;
const FRAME_COLUMNS = 10;

interface SessionDelta {
  frames: number;
  readings: number;
  lo: number;
  hi: number;
}

export class StoreWriter {
  private queue: SampleRow[] = [];
  /** Session of each queued sample (a parallel array: no wrapper object per frame). */
  private queueSessions: number[] = [];
  private devices = new Map<string, DeviceRow>();
  private events: { e: LinkEventRow; sessionId: number | null }[] = [];
  private ops: BatchOp[] = [];
  /** Sessions whose open rollup buckets close after this batch's frames are in. */
  private ended: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private failing = false;
  private retryAtMs = 0;
  private firstQueuedAtMs = 0;
  private readingCount: number;
  private nextSessionId: number;
  private router: SessionRouter | null = null;
  private readonly implicitSessions = new Map<string, number>();
  private readonly rollups: RollupAggregator;
  droppedSamples = 0;
  lastError: StoreError | null = null;
  private readonly opts: Required<Omit<StoreWriterOptions, 'onError' | 'onRecovered' | 'onFlushed'>> &
    StoreWriterOptions;
  private readonly stmts;
  private readonly writeBatch: () => number;
  /** The bound values of one multi-row frame insert, reused batch after batch. */
  private readonly frameArgs: unknown[] = new Array<unknown>(FRAMES_PER_INSERT * FRAME_COLUMNS);

  constructor(
    private readonly db: Db,
    private readonly path: string,
    opts: StoreWriterOptions = {},
  ) {
    this.opts = {
      flushIntervalMs: 200,
      maxQueuedSamples: 2000,
      maxBacklogSamples: 2_000_000,
      retryIntervalMs: 1000,
      ...opts,
    };
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
      frame: db.prepare(
        `INSERT INTO frames (session_id, boot_id, seq, t_dev_ms, t_host_ms, pack_ma, ambient_cc, humidity_cpct, status, cells)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      frames: db.prepare(
        `INSERT INTO frames (session_id, boot_id, seq, t_dev_ms, t_host_ms, pack_ma, ambient_cc, humidity_cpct, status, cells)
         VALUES ${Array<string>(FRAMES_PER_INSERT).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      ),
      rollup: ROLLUP_LEVELS.map((l) =>
        db.prepare(`INSERT OR REPLACE INTO ${l.table} (session_id, t_ms, n, data) VALUES (?, ?, ?, ?)`),
      ),
      rollupRow: ROLLUP_LEVELS.map((l) =>
        db.prepare(`SELECT n, data FROM ${l.table} WHERE session_id = ? AND t_ms = ?`),
      ),
      sessionCounts: db.prepare(
        `UPDATE sessions SET frame_count = frame_count + @frames, reading_count = reading_count + @readings,
           first_data_ms = min(coalesce(first_data_ms, @lo), @lo), last_data_ms = max(coalesce(last_data_ms, @hi), @hi)
         WHERE id = @id`,
      ),
      session: db.prepare(
        `INSERT INTO sessions (id, kind, device_id, source_spec, started_by, rig, chemistry, capacity_ah, v_min_v, v_max_v, notes,
           started_ms, cell_count, period_ms, fw_version, model_version, replay_of, replay_speed, created_ms)
         VALUES (@id, @kind, @deviceId, @sourceSpec, @startedBy, @rig, @chemistry, @capacityAh, @vMinV, @vMaxV, @notes,
           @startedMs, @cellCount, @periodMs, @fwVersion, @modelVersion, @replayOf, @replaySpeed, @createdMs)`,
      ),
      event: db.prepare(
        `INSERT INTO link_events (t_host_ms, device_id, source, code, detail, session_id) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      bumpCount: db.prepare(
        `INSERT INTO meta (key, value) VALUES ('reading_count', ?) ON CONFLICT(key) DO UPDATE SET value = value + excluded.value`,
      ),
      lastSeen: db.prepare(`UPDATE devices SET last_seen_ms = max(last_seen_ms, ?) WHERE device_id = ?`),
    };
    this.readingCount =
      (db.prepare(`SELECT value FROM meta WHERE key = 'reading_count'`).pluck().get() as number | undefined) ?? 0;
    this.nextSessionId = ((db.prepare(`SELECT max(id) FROM sessions`).pluck().get() as number | null) ?? 0) + 1;
    this.rollups = new RollupAggregator(
      (sessionId, level, tMs) => {
        const row = this.stmts.rollupRow[level]!.get(sessionId, tMs) as { n: number; data: Buffer } | undefined;
        return row ? new RollupView(row.data).toStats(row.n) : undefined;
      },
      // Finished buckets are written as they finish: the aggregator only runs inside writeQueued.
      (r) => this.stmts.rollup[r.level]!.run(r.sessionId, r.tMs, r.frames, r.data),
    );
    this.writeBatch = db.transaction(() => this.writeQueued());
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
    return this.queue.length;
  }

  get isFailing(): boolean {
    return this.failing;
  }

  setRouter(router: SessionRouter | null): void {
    this.router = router;
  }

  addSample(s: SampleRow): void {
    const sessionId = this.router ? this.router.sessionForSample(s) : this.implicitSession(s);
    if (this.queue.length === 0) this.firstQueuedAtMs = Date.now();
    this.queue.push(s);
    this.queueSessions.push(sessionId);
    if (this.queue.length > this.opts.maxBacklogSamples) {
      const drop = this.queue.length - this.opts.maxBacklogSamples;
      this.queue.splice(0, drop);
      this.queueSessions.splice(0, drop);
      this.droppedSamples += drop;
    }
    if (this.failing) return;
    // The timer can run late while the event loop is busy with a burst of frames; the age check keeps
    // the crash window within one interval anyway. It fires a little early (¾ interval) so that the
    // commit itself still falls inside the window; Date.now() is read every 8 frames.
    if (
      this.queue.length >= this.opts.maxQueuedSamples ||
      ((this.queue.length & 7) === 0 && Date.now() - this.firstQueuedAtMs >= this.opts.flushIntervalMs * 0.75)
    )
      this.flush();
  }

  upsertDevice(d: DeviceRow): void {
    this.devices.set(d.deviceId, d);
  }

  addLinkEvent(e: LinkEventRow): void {
    const sessionId = this.router
      ? this.router.sessionForEvent(e)
      : e.deviceId === null
        ? null
        : (this.implicitSessions.get(e.deviceId) ?? null);
    this.events.push({ e, sessionId });
  }

  /** Queues an operation for the next transaction (kept and retried with the batch if it fails). */
  enqueue(op: BatchOp): void {
    this.ops.push(op);
  }

  /**
   * Allocates a session id now (one writer owns the file, so ids can be handed out in memory) and
   * writes the row with the next batch, before any frame that refers to it.
   */
  openSession(s: NewSession): number {
    const id = this.nextSessionId++;
    const row = {
      id,
      kind: s.kind,
      deviceId: s.deviceId,
      sourceSpec: s.sourceSpec,
      startedBy: s.startedBy,
      rig: s.rig ?? '',
      chemistry: s.chemistry ?? '',
      capacityAh: s.capacityAh ?? null,
      vMinV: s.vMinV ?? null,
      vMaxV: s.vMaxV ?? null,
      notes: s.notes ?? '',
      startedMs: s.startedMs,
      cellCount: s.cellCount ?? null,
      periodMs: s.periodMs ?? null,
      fwVersion: s.fwVersion ?? null,
      modelVersion: s.modelVersion ?? 'none',
      replayOf: s.replayOf ?? null,
      replaySpeed: s.replaySpeed ?? null,
      createdMs: Date.now(),
    };
    this.ops.push(() => this.stmts.session.run(row));
    return id;
  }

  /** A session continues in this process: its stored rollup buckets up to `lastDataMs` are extended, not replaced. */
  resumeSession(sessionId: number, lastDataMs: number): void {
    this.rollups.resume(sessionId, lastDataMs);
  }

  /**
   * The session will get no more frames: its open rollup buckets are closed and written with the next
   * batch, after the frames still queued for it.
   */
  endSession(sessionId: number): void {
    this.ended.push(sessionId);
    for (const [device, id] of this.implicitSessions) if (id === sessionId) this.implicitSessions.delete(device);
  }

  /** Commits everything queued; returns the number of cell readings written. */
  flush(force = false): number {
    if (
      this.queue.length === 0 &&
      this.devices.size === 0 &&
      this.events.length === 0 &&
      this.ops.length === 0 &&
      this.ended.length === 0
    )
      return 0;
    if (this.failing && !force && Date.now() < this.retryAtMs) return 0;
    const snapshot = this.rollups.snapshot();
    const samples = this.queue.length;
    try {
      const readings = this.writeBatch();
      this.queue = [];
      this.queueSessions = [];
      this.devices.clear();
      this.events = [];
      this.ops = [];
      this.ended = [];
      this.readingCount += readings;
      if (this.failing) {
        this.failing = false;
        this.lastError = null;
        this.opts.onRecovered?.();
      }
      this.opts.onFlushed?.(samples, readings);
      return readings;
    } catch (err) {
      // The transaction rolled back: undo the rollup state it had absorbed, keep every queue.
      this.rollups.restore(snapshot);
      this.retryAtMs = Date.now() + this.opts.retryIntervalMs;
      if (!this.failing) {
        this.failing = true;
        this.lastError = describeStoreFailure(err, this.path);
        this.opts.onError?.(this.lastError);
      }
      return 0;
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.flush(true);
  }

  private implicitSession(s: SampleRow): number {
    let id = this.implicitSessions.get(s.deviceId);
    if (id === undefined) {
      id = this.openSession({
        kind: 'live',
        deviceId: s.deviceId,
        sourceSpec: '',
        startedBy: 'data',
        startedMs: s.tHostMs,
        cellCount: s.cells.length,
      });
      this.implicitSessions.set(s.deviceId, id);
    }
    return id;
  }

  private writeQueued(): number {
    const st = this.stmts;
    for (const op of this.ops) op(this.db);
    for (const d of this.devices.values()) st.device.run(d);
    let readings = 0;
    const deltas = new Map<number, SessionDelta>();
    const devices = new Set<string>();
    const queue = this.queue;
    const sessions = this.queueSessions;
    // Frames come in runs of one session: the counters of the current run are kept at hand.
    let runSession = -1;
    let d: SessionDelta | undefined;
    // Frames go in FRAMES_PER_INSERT to a statement (the rest one by one): binding and stepping one
    // statement per frame was most of the insert's cost.
    const args = this.frameArgs;
    let k = 0;
    for (let i = 0; i < queue.length; i++) {
      const s = queue[i]!;
      const sessionId = sessions[i]!;
      const o = k * FRAME_COLUMNS;
      args[o] = sessionId;
      args[o + 1] = s.bootId;
      args[o + 2] = s.seq;
      args[o + 3] = s.tDevMs;
      args[o + 4] = s.tHostMs;
      args[o + 5] = s.packMa;
      args[o + 6] = s.ambientCc;
      args[o + 7] = s.humidityCpct;
      args[o + 8] = s.status;
      args[o + 9] = encodeCellsScratch(s.cells, k);
      if (++k === FRAMES_PER_INSERT) {
        st.frames.run(args);
        k = 0;
      }
      this.rollups.add(sessionId, s);
      readings += s.cells.length;
      if (sessionId !== runSession) {
        runSession = sessionId;
        d = deltas.get(sessionId);
        if (!d) deltas.set(sessionId, (d = { frames: 0, readings: 0, lo: s.tHostMs, hi: s.tHostMs }));
        devices.add(s.deviceId);
      }
      d!.frames++;
      d!.readings += s.cells.length;
      if (s.tHostMs < d!.lo) d!.lo = s.tHostMs;
      if (s.tHostMs > d!.hi) d!.hi = s.tHostMs;
    }
    for (let j = 0; j < k; j++) st.frame.run(args.slice(j * FRAME_COLUMNS, (j + 1) * FRAME_COLUMNS));
    // Each device's newest frame, found from the end of the batch.
    const lastSeen = new Map<string, number>();
    for (let i = queue.length - 1; i >= 0 && lastSeen.size < devices.size; i--)
      if (!lastSeen.has(queue[i]!.deviceId)) lastSeen.set(queue[i]!.deviceId, queue[i]!.tHostMs);
    for (const id of this.ended) this.rollups.close(id);
    for (const r of this.rollups.drain()) st.rollup[r.level]!.run(r.sessionId, r.tMs, r.frames, r.data);
    for (const [id, d] of deltas) st.sessionCounts.run({ ...d, id });
    for (const [device, t] of lastSeen) st.lastSeen.run(t, device);
    for (const { e, sessionId } of this.events)
      st.event.run(e.tHostMs, e.deviceId, e.source, e.code, e.detail, sessionId);
    if (readings > 0) st.bumpCount.run(readings);
    return readings;
  }
}
