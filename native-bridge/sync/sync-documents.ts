/**
 * The documents the sync writes, built from the station's rows. Units are converted from the store's
 * wire units (mV, 0.01 °C, 0.1 %, mA) to the ones the names say (V, °C, %, A); unknown values stay null.
 * Every `_id` is a function of the row alone, so sending a row again is a no-op on the server:
 *  - a session is `<store uid>-<session id>-<created, base 36>`: the creation time keeps a session id
 *    that SQLite hands out again (after a cancelled import) from meeting the old one's documents;
 *  - a reading is `<session>/<boot>/<seq>/<host ms>`: (device, boot, seq) alone is not unique here (a
 *    simulator restarted with the same seed repeats boot and seq in its continued session, every
 *    minimal CSV import uses boot 0), the host time within the session is.
 * docs/SYNC.md describes each field for analysts.
 */
import { RISK_CLASSES } from '../contract/index.js';
import { CellBlob } from '../store/frame-codec.js';
import type { FrameRow as StoreFrameRow } from '../store/reading-queries.js';
import type { AlarmRow } from '../store/alarm-row.js';
import type { SessionRow } from '../store/session-row.js';

export interface SessionKeyRow {
  id: number;
  created_ms: number;
}

export const sessionKey = (storeUid: string, s: SessionKeyRow) => `${storeUid}-${s.id}-${s.created_ms.toString(36)}`;

export const bootHex = (bootId: number) => (bootId >>> 0).toString(16).toUpperCase().padStart(8, '0');

const orNull = (v: number | null, scale: number) => (v === null ? null : v / scale);
const dateOrNull = (ms: number | null) => (ms === null ? null : new Date(ms));

export interface Labels {
  storeUid: string;
  stationId: string;
}

export type FrameRow = StoreFrameRow & { created_ms: number };

export type ReadingDoc = {
  _id: string;
  ts: Date;
  meta: { station: string; device: string; session: string };
  sessionId: number;
  boot: string;
  seq: number;
  tDevMs: number;
  currentA: number | null;
  ambientC: number | null;
  humidityPct: number | null;
  status: number;
  cells: {
    cell: number;
    voltageV: number | null;
    tempC: number | null;
    socPct: number | null;
    socEstimated: boolean;
  }[];
};

export function readingDoc(l: Labels, f: FrameRow): ReadingDoc {
  const session = sessionKey(l.storeUid, { id: f.session_id, created_ms: f.created_ms });
  const blob = new CellBlob(f.cells);
  const cells: ReadingDoc['cells'] = [];
  for (let i = 0; i < blob.n; i++)
    cells.push({
      cell: i + 1,
      voltageV: orNull(blob.mv(i), 1000),
      tempC: orNull(blob.tempCc(i), 100),
      socPct: orNull(blob.socPermille(i), 10),
      socEstimated: blob.socEstimated(i),
    });
  const boot = bootHex(f.boot_id);
  return {
    _id: `${session}/${boot}/${f.seq}/${f.t_host_ms}`,
    ts: new Date(f.t_host_ms),
    meta: { station: l.stationId, device: f.device_id, session },
    sessionId: f.session_id,
    boot,
    seq: f.seq,
    tDevMs: f.t_dev_ms,
    currentA: orNull(f.pack_ma, 1000),
    ambientC: orNull(f.ambient_cc, 100),
    humidityPct: orNull(f.humidity_cpct, 100),
    status: f.status,
    cells,
  };
}

/** A session row with the creation time of the session it replays (its key needs both). */
export type SessionRowForSync = SessionRow & { replay_of_created_ms: number | null };

export function sessionDoc(l: Labels, s: SessionRowForSync) {
  return {
    _id: sessionKey(l.storeUid, s),
    station: l.stationId,
    sessionId: s.id,
    device: s.device_id,
    kind: s.kind,
    sourceSpec: s.source_spec,
    startedBy: s.started_by,
    rig: s.rig,
    chemistry: s.chemistry,
    capacityAh: s.capacity_ah,
    vMinV: s.v_min_v,
    vMaxV: s.v_max_v,
    notes: s.notes,
    startedAt: new Date(s.started_ms),
    endedAt: dateOrNull(s.ended_ms),
    firstDataAt: dateOrNull(s.first_data_ms),
    lastDataAt: dateOrNull(s.last_data_ms),
    cellCount: s.cell_count,
    periodMs: s.period_ms,
    fwVersion: s.fw_version,
    modelVersion: s.model_version,
    replayOf:
      s.replay_of === null || s.replay_of_created_ms === null
        ? null
        : sessionKey(l.storeUid, { id: s.replay_of, created_ms: s.replay_of_created_ms }),
    replaySpeed: s.replay_speed,
    frameCount: s.frame_count,
    readingCount: s.reading_count,
    createdAt: new Date(s.created_ms),
  };
}

export interface PredictionRow {
  session_id: number;
  created_ms: number;
  device_id: string;
  t_host_ms: number;
  cell: number;
  class: number;
  confidence: number | null;
  model_version: string;
}

export type PredictionDoc = {
  _id: string;
  ts: Date;
  meta: { station: string; device: string; session: string };
  modelVersion: string;
  cells: { cell: number; class: string; classIndex: number; confidence: number | null }[];
};

/** One document per session and time: the model's output for every cell of that device-second. */
export function predictionDocs(l: Labels, rows: readonly PredictionRow[]): PredictionDoc[] {
  const out: PredictionDoc[] = [];
  let cur: PredictionDoc | null = null;
  let curKey = '';
  for (const r of rows) {
    const key = `${r.session_id}/${r.t_host_ms}`;
    if (!cur || key !== curKey) {
      const session = sessionKey(l.storeUid, { id: r.session_id, created_ms: r.created_ms });
      cur = {
        _id: `${session}/p/${r.t_host_ms}`,
        ts: new Date(r.t_host_ms),
        meta: { station: l.stationId, device: r.device_id, session },
        modelVersion: r.model_version,
        cells: [],
      };
      curKey = key;
      out.push(cur);
    }
    cur.cells.push({
      cell: r.cell,
      class: RISK_CLASSES[r.class] ?? `class ${r.class}`,
      classIndex: r.class,
      confidence: r.confidence,
    });
  }
  return out;
}

/** An alarm row with what the sync joins to it: the run that raised it and its session's creation. */
export interface AlarmRowForSync extends AlarmRow {
  run_id: string;
  book_id: number;
  session_created_ms: number | null;
}

export interface AlarmChangeRow {
  t_ms: number;
  change: string;
  severity: string;
  message: string;
}

export function alarmDoc(l: Labels, a: AlarmRowForSync, changes: readonly AlarmChangeRow[]) {
  return {
    _id: `${l.storeUid}/alarm/${a.run_id}/${a.book_id}`,
    station: l.stationId,
    session:
      a.session_id === null || a.session_created_ms === null
        ? null
        : sessionKey(l.storeUid, { id: a.session_id, created_ms: a.session_created_ms }),
    device: a.device_id,
    cell: a.cell,
    key: a.key,
    code: a.code,
    source: a.source,
    severity: a.severity,
    peakSeverity: a.peak_severity,
    message: a.message,
    raisedAt: new Date(a.raised_ms),
    clearedAt: dateOrNull(a.cleared_ms),
    acknowledgedAt: dateOrNull(a.acknowledged_ms),
    acknowledgedBy: a.acknowledged_by,
    ackComment: a.ack_comment,
    escalatedAt: dateOrNull(a.escalated_ms),
    returnCount: a.return_count,
    returnedAt: dateOrNull(a.returned_ms),
    closedBy: a.closed_by,
    modelVersion: a.model_version,
    changes: changes.map((c) => ({ at: new Date(c.t_ms), change: c.change, severity: c.severity, message: c.message })),
  };
}

export interface LinkEventRowForSync {
  id: number;
  t_host_ms: number;
  device_id: string | null;
  source: string;
  code: string;
  detail: string;
  session_id: number | null;
  session_created_ms: number | null;
}

export function linkEventDoc(l: Labels, e: LinkEventRowForSync) {
  return {
    _id: `${l.storeUid}/event/${e.id}`,
    ts: new Date(e.t_host_ms),
    station: l.stationId,
    device: e.device_id,
    session:
      e.session_id === null || e.session_created_ms === null
        ? null
        : sessionKey(l.storeUid, { id: e.session_id, created_ms: e.session_created_ms }),
    source: e.source,
    code: e.code,
    detail: e.detail,
  };
}
