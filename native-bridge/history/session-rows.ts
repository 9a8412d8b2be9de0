/** Session and stored-alarm rows as the contract shapes them. */
import type { Alarm, AlarmSource, Session, StoredAlarm } from '../contract/index.js';
import type { Db } from '../store/database.js';
import { sessionLimits } from './session-limits.js';

export type { SessionRow } from '../store/session-row.js';
import type { SessionRow } from '../store/session-row.js';
export type { AlarmRow } from '../store/alarm-row.js';
import type { AlarmRow } from '../store/alarm-row.js';

export function rowToSession(r: SessionRow, active: boolean): Session {
  return {
    id: r.id,
    kind: r.kind,
    deviceId: r.device_id,
    sourceSpec: r.source_spec,
    startedBy: r.started_by,
    rig: r.rig,
    chemistry: r.chemistry,
    capacityAh: r.capacity_ah,
    vMinV: r.v_min_v,
    vMaxV: r.v_max_v,
    limits: sessionLimits({ chemistry: r.chemistry, vMinV: r.v_min_v, vMaxV: r.v_max_v }),
    notes: r.notes,
    startedMs: r.started_ms,
    endedMs: r.ended_ms,
    firstDataMs: r.first_data_ms,
    lastDataMs: r.last_data_ms,
    cellCount: r.cell_count,
    periodMs: r.period_ms,
    fwVersion: r.fw_version,
    modelVersion: r.model_version,
    replayOf: r.replay_of,
    replaySpeed: r.replay_speed,
    createdMs: r.created_ms,
    frameCount: r.frame_count,
    readingCount: r.reading_count,
    alarmCount: r.alarm_count ?? 0,
    active,
  };
}

export function rowToAlarm(r: AlarmRow): StoredAlarm {
  return {
    id: r.id,
    sessionId: r.session_id,
    key: r.key,
    code: r.code,
    severity: r.severity,
    peakSeverity: r.peak_severity,
    source: r.source,
    deviceId: r.device_id,
    cell: r.cell,
    message: r.message,
    raisedAtMs: r.raised_ms,
    clearedAtMs: r.cleared_ms,
    acknowledgedAtMs: r.acknowledged_ms,
    acknowledgedBy: r.acknowledged_by,
    ackComment: r.ack_comment,
    escalatedAtMs: r.escalated_ms,
    returnCount: r.return_count,
    returnedAtMs: r.returned_ms,
    closedBy: r.closed_by,
    modelVersion: r.model_version,
  };
}

/** A stored alarm as the live contract shapes it (the log, the alarms restored at start-up). */
export function alarmFromRow(r: AlarmRow): Alarm {
  return {
    id: r.id,
    key: r.key,
    code: r.code,
    severity: r.severity,
    // Only the alarm book writes these rows, and its sources are the contract's.
    source: r.source as AlarmSource,
    deviceId: r.device_id,
    cell: r.cell,
    message: r.message,
    raisedAtMs: r.raised_ms,
    escalatedAtMs: r.escalated_ms,
    returnCount: r.return_count,
    returnedAtMs: r.returned_ms,
    clearedAtMs: r.cleared_ms,
    acknowledgedAtMs: r.acknowledged_ms,
    acknowledgedBy: r.acknowledged_by,
    ackComment: r.ack_comment,
    closedBy: r.closed_by,
  };
}

const SESSION_SELECT = `SELECT s.*, (SELECT count(*) FROM alarms a WHERE a.session_id = s.id) AS alarm_count FROM sessions s`;

export class SessionQueries {
  private readonly byId;
  private readonly alarmsInWindow;

  constructor(private readonly db: Db) {
    this.byId = db.prepare(`${SESSION_SELECT} WHERE s.id = ?`);
    // The session's own alarms, and station-wide ones (no device) raised while it ran.
    this.alarmsInWindow = db.prepare(
      `SELECT * FROM alarms
       WHERE (session_id = @id OR (session_id IS NULL AND device_id IS NULL))
         AND raised_ms <= @to AND coalesce(cleared_ms, @to) >= @from
       ORDER BY raised_ms, id`,
    );
  }

  get(id: number): SessionRow | undefined {
    return this.byId.get(id) as SessionRow | undefined;
  }

  list(o: { limit: number; deviceId?: string | undefined; kind?: string | undefined }): SessionRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (o.deviceId !== undefined) {
      where.push('s.device_id = ?');
      args.push(o.deviceId);
    }
    if (o.kind !== undefined) {
      where.push('s.kind = ?');
      args.push(o.kind);
    }
    return this.db
      .prepare(`${SESSION_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.id DESC LIMIT ?`)
      .all(...args, o.limit) as SessionRow[];
  }

  alarms(id: number, fromMs: number, toMs: number): StoredAlarm[] {
    return (this.alarmsInWindow.all({ id, from: fromMs, to: toMs }) as AlarmRow[]).map(rowToAlarm);
  }
}
