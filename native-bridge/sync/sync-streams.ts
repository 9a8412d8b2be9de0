/**
 * The station's side of the sync: what is waiting to be sent, read in batches, and how sending one is
 * recorded. Append-only tables advance a high-water mark; sessions and predictions clear entries of
 * their change list (migration 0003 says why each). A batch's `commit` runs only after the server
 * accepted it; a crash before that sends the batch again, which the documents' ids make harmless.
 *
 * Runs on the sync's own connection (in its worker thread): reads never block the station's writer,
 * and the few writes here (marks, change entries) are single-row transactions.
 */
import type { Db } from '../store/database.js';
import {
  alarmDoc,
  linkEventDoc,
  predictionDocs,
  readingDoc,
  sessionDoc,
  sessionKey,
  type AlarmChangeRow,
  type AlarmRowForSync,
  type FrameRow,
  type Labels,
  type LinkEventRowForSync,
  type PredictionRow,
  type SessionRowForSync,
} from './sync-documents.js';

export type CollectionName = 'readings' | 'sessions' | 'predictions' | 'alarms' | 'link_events';

export interface Batch {
  collection: CollectionName;
  /** `immutable`: a document already there is the same one; `mutable`: it is replaced. */
  kind: 'immutable' | 'mutable';
  docs: { _id: string; [k: string]: unknown }[];
  /** Sessions whose documents are to be deleted everywhere (a cancelled import). */
  deleteSessions?: string[];
  /** Station rows this batch stands for. */
  rows: number;
  /** The batch was full: more is waiting right now. */
  more: boolean;
  commit(): void;
}

export interface SyncStream {
  readonly name: string;
  next(): Batch | null;
  pending(): { count: number; exact: boolean };
}

export interface BatchSizes {
  frames: number;
  linkEvents: number;
  alarmChanges: number;
  sessions: number;
  predictionRows: number;
  predictionSeconds: number;
}

export const DEFAULT_BATCH_SIZES: BatchSizes = {
  frames: 500,
  linkEvents: 1000,
  alarmChanges: 500,
  sessions: 200,
  predictionRows: 4000,
  predictionSeconds: 500,
};

/** Counting a huge backlog exactly costs a scan; past this many rows the status shows an estimate. */
const EXACT_COUNT_LIMIT = 100_000;

const MARK_STREAMS = ['frames', 'link_events', 'alarm_changes', 'predictions_backfill'] as const;

/** The marks, change list and store id of one database, as the sync sees them. */
export class SyncState {
  readonly storeUid: string;

  constructor(private readonly db: Db) {
    this.storeUid =
      (db.prepare(`SELECT value FROM settings WHERE key = 'store_uid'`).pluck().get() as string | undefined) ??
      'unknown';
  }

  /**
   * Switching sync on the first time: every mark starts at zero (the whole file is the backlog), every
   * session is marked changed, and from this commit on the triggers record changes, so nothing falls
   * between the seed and the triggers.
   */
  ensureStarted(): void {
    this.db.transaction(() => {
      const have = this.db.prepare(`SELECT count(*) FROM sync_marks`).pluck().get() as number;
      if (have >= MARK_STREAMS.length) return;
      const add = this.db.prepare(`INSERT OR IGNORE INTO sync_marks (stream) VALUES (?)`);
      for (const s of MARK_STREAMS) add.run(s);
      this.db.exec(
        `INSERT OR IGNORE INTO sync_dirty (stream, k1, k2) SELECT 'sessions', id, 0 FROM sessions WHERE true`,
      );
    })();
  }

  prunedReadings(): number {
    return (
      (this.db.prepare(`SELECT pruned_readings FROM sync_marks WHERE stream = 'frames'`).pluck().get() as
        number | undefined) ?? 0
    );
  }

  streams(labels: () => Labels, sizes: BatchSizes = DEFAULT_BATCH_SIZES): SyncStream[] {
    const db = this.db;
    return [
      deletedSessionsStream(db, labels),
      sessionsStream(db, labels, sizes.sessions),
      alarmsStream(db, labels, sizes.alarmChanges),
      linkEventsStream(db, labels, sizes.linkEvents),
      predictionsStream(db, labels, sizes),
      framesStream(db, labels, sizes.frames),
    ];
  }
}

function markOf(db: Db, stream: string) {
  const get = db.prepare(`SELECT last_id, last_t, epoch, done FROM sync_marks WHERE stream = ?`);
  const set = db.prepare(
    `UPDATE sync_marks SET last_id = ?, last_t = ?, done = ? WHERE stream = ? AND epoch = ? AND last_id = ? AND last_t = ?`,
  );
  return {
    read: () => get.get(stream) as { last_id: number; last_t: number; epoch: number; done: number },
    /** Moves the mark from `from` to `to` unless something else moved it meanwhile (migration 0003). */
    move: (from: { last_id: number; last_t: number; epoch: number }, to: { id: number; t?: number; done?: boolean }) =>
      set.run(to.id, to.t ?? 0, to.done ? 1 : 0, stream, from.epoch, from.last_id, from.last_t),
  };
}

function countAbove(db: Db, table: string, idCol: string) {
  const exact = db
    .prepare(`SELECT count(*) FROM (SELECT 1 FROM ${table} WHERE ${idCol} > ? LIMIT ${EXACT_COUNT_LIMIT + 1})`)
    .pluck();
  const top = db.prepare(`SELECT coalesce(max(${idCol}), 0) FROM ${table}`).pluck();
  return (after: number) => {
    const n = exact.get(after) as number;
    if (n <= EXACT_COUNT_LIMIT) return { count: n, exact: true };
    return { count: Math.max(n, (top.get() as number) - after), exact: false };
  };
}

/** A stream over an append-only table by its id: the next rows above the mark, as documents. */
function markedStream<R extends { id: number }>(
  db: Db,
  o: {
    name: string;
    table: string;
    collection: CollectionName;
    sql: string;
    size: number;
    toDocs: (rows: R[]) => Batch['docs'];
  },
): SyncStream {
  const mark = markOf(db, o.name);
  const rows = db.prepare(o.sql);
  const count = countAbove(db, o.table, 'id');
  return {
    name: o.name,
    next() {
      const m = mark.read();
      const got = rows.all(m.last_id, o.size) as R[];
      if (got.length === 0) return null;
      const high = got[got.length - 1]!.id;
      return {
        collection: o.collection,
        kind: 'immutable',
        docs: o.toDocs(got),
        rows: got.length,
        more: got.length === o.size,
        commit: () => mark.move(m, { id: high }),
      };
    },
    pending: () => count(mark.read().last_id),
  };
}

function framesStream(db: Db, labels: () => Labels, size: number): SyncStream {
  return markedStream<FrameRow | (Omit<FrameRow, 'created_ms'> & { created_ms: null })>(db, {
    name: 'frames',
    table: 'frames',
    collection: 'readings',
    size,
    sql: `SELECT f.id, f.session_id, s.created_ms, s.device_id, f.boot_id, f.seq, f.t_dev_ms, f.t_host_ms,
            f.pack_ma, f.ambient_cc, f.humidity_cpct, f.status, f.cells
     FROM frames f LEFT JOIN sessions s ON s.id = f.session_id WHERE f.id > ? ORDER BY f.id LIMIT ?`,
    // A frame whose session is gone belongs to a cancelled import: its deletion follows.
    toDocs: (rows) => {
      const l = labels();
      return rows.filter((f): f is FrameRow => f.created_ms !== null).map((f) => readingDoc(l, f));
    },
  });
}

function linkEventsStream(db: Db, labels: () => Labels, size: number): SyncStream {
  return markedStream<LinkEventRowForSync>(db, {
    name: 'link_events',
    table: 'link_events',
    collection: 'link_events',
    size,
    sql: `SELECT e.id, e.t_host_ms, e.device_id, e.source, e.code, e.detail, e.session_id, s.created_ms AS session_created_ms
     FROM link_events e LEFT JOIN sessions s ON s.id = e.session_id WHERE e.id > ? ORDER BY e.id LIMIT ?`,
    toDocs: (rows) => {
      const l = labels();
      return rows.map((e) => linkEventDoc(l, e));
    },
  });
}

/** Alarm changes are append-only and every change of an alarm row comes with one: they drive the alarm documents. */
function alarmsStream(db: Db, labels: () => Labels, size: number): SyncStream {
  const mark = markOf(db, 'alarm_changes');
  const changes = db.prepare(`SELECT rowid AS rid, alarm_id FROM alarm_changes WHERE rowid > ? ORDER BY rowid LIMIT ?`);
  const alarm = db.prepare(
    `SELECT a.*, s.created_ms AS session_created_ms FROM alarms a LEFT JOIN sessions s ON s.id = a.session_id WHERE a.id = ?`,
  );
  const history = db.prepare(
    `SELECT t_ms, change, severity, message FROM alarm_changes WHERE alarm_id = ? ORDER BY t_ms, rowid`,
  );
  const count = countAbove(db, 'alarm_changes', 'rowid');
  return {
    name: 'alarm_changes',
    next() {
      const m = mark.read();
      const got = changes.all(m.last_id, size) as { rid: number; alarm_id: number }[];
      if (got.length === 0) return null;
      const l = labels();
      const ids = [...new Set(got.map((c) => c.alarm_id))];
      const docs = [];
      for (const id of ids) {
        const a = alarm.get(id) as AlarmRowForSync | undefined;
        if (a) docs.push(alarmDoc(l, a, history.all(id) as AlarmChangeRow[]));
      }
      const high = got[got.length - 1]!.rid;
      return {
        collection: 'alarms',
        kind: 'mutable',
        docs,
        rows: got.length,
        more: got.length === size,
        commit: () => mark.move(m, { id: high }),
      };
    },
    pending: () => count(mark.read().last_id),
  };
}

function dirtyOf(db: Db, stream: string) {
  const list = db.prepare(`SELECT k1, k2, rev FROM sync_dirty WHERE stream = ? ORDER BY k1, k2 LIMIT ?`);
  const clear = db.prepare(`DELETE FROM sync_dirty WHERE stream = ? AND k1 = ? AND k2 = ? AND rev = ?`);
  const clearAll = db.transaction((entries: { k1: number; k2: number; rev: number }[]) => {
    for (const e of entries) clear.run(stream, e.k1, e.k2, e.rev);
  });
  const count = db.prepare(`SELECT count(*) FROM sync_dirty WHERE stream = ?`).pluck();
  return {
    list: (limit: number) => list.all(stream, limit) as { k1: number; k2: number; rev: number }[],
    /** Clears what was sent, unless it changed again since it was read (its rev moved on). */
    clear: (entries: { k1: number; k2: number; rev: number }[]) => clearAll(entries),
    count: () => count.get(stream) as number,
  };
}

const SESSION_SQL = `SELECT s.*, r.created_ms AS replay_of_created_ms FROM sessions s
  LEFT JOIN sessions r ON r.id = s.replay_of WHERE s.id = ?`;

function sessionsStream(db: Db, labels: () => Labels, size: number): SyncStream {
  const dirty = dirtyOf(db, 'sessions');
  const row = db.prepare(SESSION_SQL);
  return {
    name: 'sessions',
    next() {
      const entries = dirty.list(size);
      if (entries.length === 0) return null;
      const l = labels();
      const docs = [];
      for (const e of entries) {
        const s = row.get(e.k1) as SessionRowForSync | undefined;
        if (s) docs.push(sessionDoc(l, s));
      }
      return {
        collection: 'sessions',
        kind: 'mutable',
        docs,
        rows: entries.length,
        more: entries.length === size,
        commit: () => dirty.clear(entries),
      };
    },
    pending: () => ({ count: dirty.count(), exact: true }),
  };
}

function deletedSessionsStream(db: Db, labels: () => Labels): SyncStream {
  const dirty = dirtyOf(db, 'deleted-sessions');
  return {
    name: 'deleted-sessions',
    next() {
      const entries = dirty.list(50);
      if (entries.length === 0) return null;
      const uid = labels().storeUid;
      return {
        collection: 'sessions',
        kind: 'mutable',
        docs: [],
        deleteSessions: entries.map((e) => sessionKey(uid, { id: e.k1, created_ms: e.k2 })),
        rows: entries.length,
        more: entries.length === 50,
        commit: () => dirty.clear(entries),
      };
    },
    pending: () => ({ count: dirty.count(), exact: true }),
  };
}

const PREDICTION_COLUMNS = `p.session_id, s.created_ms, s.device_id, p.t_host_ms, p.cell, p.class, p.confidence,
  coalesce((SELECT m.model_version FROM sync_model_spans m WHERE m.session_id = p.session_id AND m.from_ms <= p.t_host_ms
            ORDER BY m.from_ms DESC LIMIT 1), s.model_version) AS model_version`;

/**
 * Predictions recorded before sync was first switched on are walked once in key order (the backfill);
 * everything written since arrives through the change list, one entry per device-second.
 */
function predictionsStream(db: Db, labels: () => Labels, sizes: BatchSizes): SyncStream {
  const mark = markOf(db, 'predictions_backfill');
  const backfill = db.prepare(
    `SELECT ${PREDICTION_COLUMNS} FROM predictions p JOIN sessions s ON s.id = p.session_id
     WHERE (p.session_id, p.t_host_ms) > (?, ?) ORDER BY p.session_id, p.t_host_ms, p.cell LIMIT ?`,
  );
  const backfillLeft = db
    .prepare(
      `SELECT count(*) FROM (SELECT 1 FROM predictions WHERE (session_id, t_host_ms) > (?, ?) LIMIT ${EXACT_COUNT_LIMIT + 1})`,
    )
    .pluck();
  const second = db.prepare(
    `SELECT ${PREDICTION_COLUMNS} FROM predictions p JOIN sessions s ON s.id = p.session_id
     WHERE p.session_id = ? AND p.t_host_ms = ? ORDER BY p.cell`,
  );
  const dirty = dirtyOf(db, 'predictions');
  return {
    name: 'predictions',
    next() {
      const l = labels();
      const m = mark.read();
      if (m.done === 0) {
        const got = backfill.all(m.last_id, m.last_t, sizes.predictionRows) as PredictionRow[];
        const full = got.length === sizes.predictionRows;
        // A full page may end inside a device-second: that second is left for the next page.
        let end = got.length;
        if (full) {
          const last = got[end - 1]!;
          while (end > 0 && got[end - 1]!.session_id === last.session_id && got[end - 1]!.t_host_ms === last.t_host_ms)
            end--;
          if (end === 0) end = got.length;
        }
        const rows = got.slice(0, end);
        const to = rows.length
          ? { id: rows[rows.length - 1]!.session_id, t: rows[rows.length - 1]!.t_host_ms, done: !full }
          : { id: m.last_id, t: m.last_t, done: true };
        return {
          collection: 'predictions',
          kind: 'mutable',
          docs: predictionDocs(l, rows),
          rows: rows.length,
          more: full,
          commit: () => mark.move(m, to),
        };
      }
      const entries = dirty.list(sizes.predictionSeconds);
      if (entries.length === 0) return null;
      const rows: PredictionRow[] = [];
      for (const e of entries) rows.push(...(second.all(e.k1, e.k2) as PredictionRow[]));
      return {
        collection: 'predictions',
        kind: 'mutable',
        docs: predictionDocs(l, rows),
        rows: entries.length,
        more: entries.length === sizes.predictionSeconds,
        commit: () => dirty.clear(entries),
      };
    },
    pending() {
      const m = mark.read();
      const left = m.done ? 0 : (backfillLeft.get(m.last_id, m.last_t) as number);
      return { count: dirty.count() + Math.min(left, EXACT_COUNT_LIMIT), exact: left <= EXACT_COUNT_LIMIT };
    },
  };
}
