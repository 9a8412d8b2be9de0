/**
 * Sessions: one per test run of one device. A session starts when a device says hello (or when the
 * operator starts one, or — without a hello — at its first frame), and every frame, link event, alarm
 * and prediction of that device belongs to it until it ends. A device that comes back within
 * `resumeWithinMs` (a replug, a station restart or crash) continues its open session, so a run is not
 * cut in pieces by the workshop's cables; after a longer silence the old session is closed at its last
 * frame and a new one begins with the rig details of the previous one.
 *
 * A replay streams under its own device id; its session keeps the recorded times, so its alarms and
 * predictions line up with the original run (the replay source maps each frame back).
 */
import type { Session } from '../contract/index.js';
import type { HelloFrame } from '../protocol/index.js';
import type { LineSource } from '../devices/line-source.js';
import { isReplayTimeline, type ReplayTimeline } from '../devices/replay-source.js';
import type { Db } from '../store/database.js';
import type { LinkEventRow, NewSession, SampleRow, SessionRouter, StoreWriter } from '../store/store-writer.js';
import { cellSpecOf } from '../features/cell-chemistry.js';
import { rowToSession, SessionQueries, type SessionRow } from './session-rows.js';

export interface SessionMeta {
  rig?: string | undefined;
  chemistry?: string | undefined;
  capacityAh?: number | null | undefined;
  vMinV?: number | null | undefined;
  vMaxV?: number | null | undefined;
  notes?: string | undefined;
}

/**
 * A window whose floor is not below its top would have every reading under- or over-voltage: refused,
 * with the window the edit would make, before anything is written. Fields the edit leaves out keep the
 * session's values (`row`), and a missing one is the chemistry's. Imports check theirs here too.
 */
export function checkWindow(meta: SessionMeta, row?: SessionRow): void {
  if (meta.vMinV === undefined && meta.vMaxV === undefined && meta.chemistry === undefined) return;
  const cell = cellSpecOf({
    chemistry: meta.chemistry ?? row?.chemistry ?? null,
    vMinV: meta.vMinV === undefined ? (row?.v_min_v ?? null) : meta.vMinV,
    vMaxV: meta.vMaxV === undefined ? (row?.v_max_v ?? null) : meta.vMaxV,
  });
  if (cell.vMinV >= cell.vMaxV)
    throw new SessionError(
      'session.bad-window',
      `V_min ${cell.vMinV} V is not below V_max ${cell.vMaxV} V: set a window whose floor is under its top.`,
    );
}

export interface SessionManagerOptions {
  db: Db;
  writer: StoreWriter;
  modelVersion: () => string;
  /** A device back within this time continues its open session (default 30 min). */
  resumeWithinMs?: number;
  onChanged?: (s: Session) => void;
  /** A replay source said hello and got its session. */
  onReplaySession?: (source: LineSource & ReplayTimeline, sessionId: number) => void;
  /** Sees every frame as it is queued for the store (the crash test's probe). */
  onSample?: (s: SampleRow) => void;
  now?: () => number;
}

interface Active {
  id: number;
  deviceId: string;
  kind: Session['kind'];
  replay: ReplayTimeline | null;
  /** Host time of the newest frame (or of the start), to tell a short absence from a new run. */
  lastMs: number;
  cellCount: number | null;
}

export class SessionError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SessionError';
  }
}

export const DEFAULT_RESUME_WITHIN_MS = 30 * 60_000;

export class SessionManager implements SessionRouter {
  private readonly active = new Map<string, Active>();
  private readonly q: SessionQueries;
  private readonly now: () => number;
  private readonly stmts;
  private readonly resumeWithinMs: number;

  constructor(private readonly o: SessionManagerOptions) {
    this.resumeWithinMs = o.resumeWithinMs ?? DEFAULT_RESUME_WITHIN_MS;
    this.q = new SessionQueries(o.db);
    this.now = o.now ?? Date.now;
    this.stmts = {
      openOfDevice: o.db.prepare(
        `SELECT * FROM sessions WHERE device_id = ? AND kind = 'live' AND ended_ms IS NULL ORDER BY id DESC LIMIT 1`,
      ),
      previousOfDevice: o.db.prepare(`SELECT * FROM sessions WHERE device_id = ? ORDER BY id DESC LIMIT 1`),
    };
    o.writer.setRouter(this);
  }

  /** The device's hello: continue or start its session. */
  onHello(h: HelloFrame, tHostMs: number, source: LineSource): void {
    const a = this.active.get(h.deviceId);
    if (source.kind === 'replay' && isReplayTimeline(source)) {
      if (a?.replay === source) return;
      const id = this.openReplay(h, source);
      this.o.onReplaySession?.(source, id);
      return;
    }
    // Back after a long silence, or with another cell count: that is a new run.
    if (a && (tHostMs - a.lastMs > this.resumeWithinMs || (a.cellCount !== null && a.cellCount !== h.cellCount)))
      this.endActive(a, a.lastMs);
    else if (a) {
      a.cellCount = h.cellCount;
      this.o.writer.enqueue((db) =>
        db
          .prepare(`UPDATE sessions SET cell_count = ?, period_ms = ?, fw_version = ?, source_spec = ? WHERE id = ?`)
          .run(h.cellCount, h.periodMs, h.fwVersion, source.spec, a.id),
      );
      return;
    }
    this.continueOrStart(h.deviceId, tHostMs, {
      sourceSpec: source.spec,
      startedBy: 'hello',
      cellCount: h.cellCount,
      periodMs: h.periodMs,
      fwVersion: h.fwVersion,
    });
  }

  sessionForSample(s: SampleRow): number {
    this.o.onSample?.(s);
    let a = this.active.get(s.deviceId);
    if (!a) {
      this.continueOrStart(s.deviceId, s.tHostMs, {
        sourceSpec: '',
        startedBy: 'data',
        cellCount: s.cells.length,
      });
      a = this.active.get(s.deviceId)!;
    }
    if (a.replay) s.tHostMs = a.replay.originalTimeOf(s.bootId, s.seq) ?? a.replay.currentOriginalMs() ?? s.tHostMs;
    else if (s.tHostMs > a.lastMs) a.lastMs = s.tHostMs;
    return a.id;
  }

  sessionForEvent(e: LinkEventRow): number | null {
    if (e.deviceId === null) return null;
    const a = this.active.get(e.deviceId);
    if (!a) return null;
    e.tHostMs = this.mapTime(e.deviceId, e.tHostMs);
    return a.id;
  }

  /** The session a device's data goes to now, if any. */
  sessionOfDevice(deviceId: string | null): number | null {
    return deviceId === null ? null : (this.active.get(deviceId)?.id ?? null);
  }

  /** A wall-clock time of a device's event on its session's time axis (replays keep recorded times). */
  mapTime(deviceId: string | null, wallMs: number): number {
    const a = deviceId === null ? undefined : this.active.get(deviceId);
    return a?.replay?.currentOriginalMs() ?? wallMs;
  }

  isActive(id: number): boolean {
    for (const a of this.active.values()) if (a.id === id) return true;
    return false;
  }

  activeDevices(): string[] {
    return [...this.active.keys()];
  }

  get(id: number): Session {
    const row = this.q.get(id);
    if (!row) throw new SessionError('session.not-found', `No session ${id}.`);
    return rowToSession(row, this.isActive(id));
  }

  list(o: { limit: number; deviceId?: string | undefined; kind?: string | undefined }): Session[] {
    return this.q.list(o).map((r) => rowToSession(r, this.isActive(r.id)));
  }

  /** The operator starts a new run on a connected device: its current session ends now. */
  startByOperator(deviceId: string, meta: SessionMeta): Session {
    const a = this.active.get(deviceId);
    if (!a)
      throw new SessionError(
        'session.no-device',
        `Device ${deviceId} is not streaming; connect it first (a session starts by itself when it says hello).`,
      );
    if (a.kind !== 'live') throw new SessionError('session.not-live', `${deviceId} is a ${a.kind}, not a live rig.`);
    const prev = this.q.get(a.id);
    checkWindow(meta, prev);
    const t = this.now();
    this.endActive(a, t);
    const id = this.open({
      kind: 'live',
      deviceId,
      sourceSpec: prev?.source_spec ?? '',
      startedBy: 'operator',
      startedMs: t,
      rig: meta.rig ?? prev?.rig ?? '',
      chemistry: meta.chemistry ?? prev?.chemistry ?? '',
      capacityAh: meta.capacityAh === undefined ? (prev?.capacity_ah ?? null) : meta.capacityAh,
      vMinV: meta.vMinV === undefined ? (prev?.v_min_v ?? null) : meta.vMinV,
      vMaxV: meta.vMaxV === undefined ? (prev?.v_max_v ?? null) : meta.vMaxV,
      notes: meta.notes ?? '',
      cellCount: prev?.cell_count ?? null,
      periodMs: prev?.period_ms ?? null,
      fwVersion: prev?.fw_version ?? null,
      modelVersion: this.o.modelVersion(),
    });
    this.active.set(deviceId, { id, deviceId, kind: 'live', replay: null, lastMs: t, cellCount: a.cellCount });
    return this.changed(id);
  }

  update(id: number, meta: SessionMeta): Session {
    const row = this.q.get(id);
    if (!row) throw new SessionError('session.not-found', `No session ${id}.`);
    checkWindow(meta, row);
    const sets: string[] = [];
    const args: unknown[] = [];
    const set = (col: string, v: unknown) => {
      sets.push(`${col} = ?`);
      args.push(v);
    };
    if (meta.rig !== undefined) set('rig', meta.rig);
    if (meta.chemistry !== undefined) set('chemistry', meta.chemistry);
    if (meta.capacityAh !== undefined) set('capacity_ah', meta.capacityAh);
    if (meta.vMinV !== undefined) set('v_min_v', meta.vMinV);
    if (meta.vMaxV !== undefined) set('v_max_v', meta.vMaxV);
    if (meta.notes !== undefined) set('notes', meta.notes);
    if (sets.length)
      this.o.writer.enqueue((db) => db.prepare(`UPDATE sessions SET ${sets.join(', ')} WHERE id = ?`).run(...args, id));
    return this.changed(id);
  }

  /** Ends a session; data still arriving from its device then starts a new one. */
  end(id: number, endedMs?: number): Session {
    const row = this.q.get(id);
    if (!row) throw new SessionError('session.not-found', `No session ${id}.`);
    const a = [...this.active.values()].find((x) => x.id === id);
    if (a) this.endActive(a, endedMs ?? this.now());
    else if (row.ended_ms === null) {
      const t = endedMs ?? row.last_data_ms ?? row.started_ms;
      this.o.writer.enqueue((db) => db.prepare(`UPDATE sessions SET ended_ms = ? WHERE id = ?`).run(t, id));
    }
    return this.changed(id);
  }

  /** A session for imported data: not tied to a live device, ended when the import finishes. */
  openImport(s: Omit<NewSession, 'kind' | 'startedBy'>): number {
    const id = this.open({ ...s, kind: 'import', startedBy: 'import' });
    this.o.writer.flush();
    return id;
  }

  /** Stamps the model version on a session when the model changes under it. */
  setModelVersion(id: number, version: string): void {
    this.o.writer.enqueue((db) =>
      db.prepare(`UPDATE sessions SET model_version = ? WHERE id = ? AND model_version != ?`).run(version, id, version),
    );
  }

  private continueOrStart(
    deviceId: string,
    tHostMs: number,
    info: { sourceSpec: string; startedBy: string; cellCount: number; periodMs?: number; fwVersion?: string },
  ): void {
    const open = this.stmts.openOfDevice.get(deviceId) as SessionRow | undefined;
    if (open) {
      const last = open.last_data_ms ?? open.started_ms;
      const sameShape = open.cell_count === null || open.cell_count === info.cellCount;
      if (tHostMs - last <= this.resumeWithinMs && tHostMs >= last - 60_000 && sameShape) {
        this.o.writer.resumeSession(open.id, last);
        this.active.set(deviceId, {
          id: open.id,
          deviceId,
          kind: 'live',
          replay: null,
          lastMs: last,
          cellCount: info.cellCount,
        });
        return;
      }
      this.o.writer.enqueue((db) => db.prepare(`UPDATE sessions SET ended_ms = ? WHERE id = ?`).run(last, open.id));
    }
    const prev = this.stmts.previousOfDevice.get(deviceId) as SessionRow | undefined;
    const id = this.open({
      kind: 'live',
      deviceId,
      sourceSpec: info.sourceSpec,
      startedBy: info.startedBy,
      startedMs: tHostMs,
      rig: prev?.rig ?? '',
      chemistry: prev?.chemistry ?? '',
      capacityAh: prev?.capacity_ah ?? null,
      // The rig's window carries over like its chemistry: the previous session's is the rig's default.
      vMinV: prev?.v_min_v ?? null,
      vMaxV: prev?.v_max_v ?? null,
      cellCount: info.cellCount,
      periodMs: info.periodMs ?? null,
      fwVersion: info.fwVersion ?? null,
      modelVersion: this.o.modelVersion(),
    });
    this.active.set(deviceId, { id, deviceId, kind: 'live', replay: null, lastMs: tHostMs, cellCount: info.cellCount });
    if (open) this.emitChanged(open.id);
  }

  private openReplay(h: HelloFrame, source: LineSource & ReplayTimeline): number {
    const prevActive = this.active.get(h.deviceId);
    if (prevActive) this.endActive(prevActive, prevActive.replay?.currentOriginalMs() ?? this.now());
    const orig = source.replayOf === null ? undefined : this.q.get(source.replayOf);
    const id = this.open({
      kind: 'replay',
      deviceId: h.deviceId,
      sourceSpec: source.spec,
      startedBy: 'replay',
      startedMs: source.startOriginalMs ?? this.now(),
      rig: orig?.rig ?? '',
      chemistry: orig?.chemistry ?? '',
      capacityAh: orig?.capacity_ah ?? null,
      vMinV: orig?.v_min_v ?? null,
      vMaxV: orig?.v_max_v ?? null,
      notes: `Replay of ${source.replayOf === null ? source.label : `session ${source.replayOf}`} at ${source.speed}×.`,
      cellCount: h.cellCount,
      periodMs: h.periodMs,
      fwVersion: h.fwVersion,
      modelVersion: this.o.modelVersion(),
      replayOf: source.replayOf,
      replaySpeed: source.speed,
    });
    this.active.set(h.deviceId, {
      id,
      deviceId: h.deviceId,
      kind: 'replay',
      replay: source,
      lastMs: source.startOriginalMs ?? 0,
      cellCount: h.cellCount,
    });
    // The replay's session closes at the last recorded time it sent, when the source stops.
    const off = source.on('state', (state) => {
      if (state !== 'stopped' && state !== 'error') return;
      off();
      const a = this.active.get(h.deviceId);
      if (a?.id === id) this.endActive(a, source.currentOriginalMs() ?? this.now());
      this.emitChanged(id);
    });
    return id;
  }

  private open(s: NewSession): number {
    const id = this.o.writer.openSession(s);
    // Written now, so the session list shows it at once (the frames follow in the next batch).
    this.o.writer.flush();
    this.emitChanged(id);
    return id;
  }

  private endActive(a: Active, endedMs: number): void {
    this.active.delete(a.deviceId);
    this.o.writer.endSession(a.id);
    this.o.writer.enqueue((db) =>
      db
        .prepare(`UPDATE sessions SET ended_ms = max(?, coalesce(last_data_ms, started_ms)) WHERE id = ?`)
        .run(endedMs, a.id),
    );
    // Its last frames and its end go to disk now, so whoever hears "ended" can read them.
    this.o.writer.flush();
  }

  private changed(id: number): Session {
    this.o.writer.flush();
    if (!this.q.get(id) && this.o.writer.isFailing)
      throw new SessionError(
        'store.failing',
        `Session ${id} is kept but not written yet: ${this.o.writer.lastError?.message ?? 'the store is failing.'} It is written when the store recovers.`,
      );
    const s = this.get(id);
    this.o.onChanged?.(s);
    return s;
  }

  private emitChanged(id: number): void {
    const row = this.q.get(id);
    if (row) this.o.onChanged?.(rowToSession(row, this.isActive(id)));
  }
}
