/**
 * Persists the alarm book: each transition (raised, escalated, returned, acknowledged, cleared) becomes a row in
 * `alarm_changes`, and `alarms` keeps each alarm's latest state (with who acknowledged it, when and
 * why) for the log, the markers and the reports. The book's ids are the rows' ids, continued from the
 * store at start-up, so an alarm keeps its id across restarts. Writes go through the store writer's
 * batch, so they share its crash safety and its retries on a full disk.
 *
 * At start-up the alarms still standing from earlier runs are handed back to the book (standingAtStart):
 * those that were open wait there for their condition to be raised again, those cleared before anyone
 * acknowledged them wait for an acknowledgement.
 */
import {
  SEVERITY_RANK,
  type Alarm,
  type AlarmFilter,
  type AlarmSeverity,
  type AlarmTransition,
} from '../contract/index.js';
import type { Db } from '../store/database.js';
import type { StoreWriter } from '../store/store-writer.js';
import type { SessionManager } from './session-manager.js';
import { alarmFromRow, type AlarmRow } from './session-rows.js';

/** Cleared-unacknowledged alarms older than this are history, not something to put back on a banner. */
const RESTORE_UNACKNOWLEDGED_MS = 24 * 3_600_000;
const RESTORE_AT_MOST = 200;

/** When the book made this transition (each has its own field on the alarm). */
function transitionTimeOf(a: Alarm, change: AlarmTransition): number {
  switch (change) {
    case 'raised':
      return a.raisedAtMs;
    case 'escalated':
      return a.escalatedAtMs ?? Date.now();
    case 'returned':
      return a.returnedAtMs ?? Date.now();
    case 'acknowledged':
      return a.acknowledgedAtMs ?? Date.now();
    case 'cleared':
      return a.clearedAtMs ?? Date.now();
  }
}

const severitiesFrom = (min: AlarmSeverity) =>
  (Object.keys(SEVERITY_RANK) as AlarmSeverity[]).filter((s) => SEVERITY_RANK[s] >= SEVERITY_RANK[min]);

export class AlarmRecorder {
  readonly runId: string;
  private readonly stmts;

  constructor(
    private readonly db: Db,
    private readonly writer: StoreWriter,
    private readonly sessions: SessionManager,
    private readonly modelVersion: () => string,
    now = Date.now(),
  ) {
    this.runId = `${now.toString(36)}-${process.pid.toString(36)}`;
    this.stmts = {
      raised: db.prepare(
        `INSERT INTO alarms (id, run_id, book_id, session_id, key, code, severity, peak_severity, source, device_id, cell,
           message, raised_ms, model_version)
         VALUES (@id, @runId, @id, @sessionId, @key, @code, @severity, @severity, @source, @deviceId, @cell,
           @message, @t, @modelVersion)`,
      ),
      escalated: db.prepare(
        `UPDATE alarms SET code = @code, severity = @severity, peak_severity = @severity, message = @message,
           escalated_ms = @t, acknowledged_ms = NULL, acknowledged_by = NULL, ack_comment = NULL WHERE id = @id`,
      ),
      // Open again: the clear (and a `restart` close) no longer holds; the next clear writes its own time.
      returned: db.prepare(
        `UPDATE alarms SET cleared_ms = NULL, closed_by = NULL, return_count = @returnCount, returned_ms = @t WHERE id = @id`,
      ),
      acknowledged: db.prepare(
        `UPDATE alarms SET acknowledged_ms = @t, acknowledged_by = @by, ack_comment = @comment WHERE id = @id`,
      ),
      cleared: db.prepare(`UPDATE alarms SET cleared_ms = max(raised_ms, @t), closed_by = @closedBy WHERE id = @id`),
      change: db.prepare(
        `INSERT INTO alarm_changes (alarm_id, t_ms, change, severity, message) VALUES (@id, @t, @change, @severity, @message)`,
      ),
      lastId: db.prepare(`SELECT coalesce(max(id), 0) FROM alarms`).pluck(),
      standing: db.prepare(
        `SELECT * FROM alarms WHERE closed_by IS NULL
           AND (cleared_ms IS NULL OR (acknowledged_ms IS NULL AND cleared_ms >= ?))
         ORDER BY id DESC LIMIT ${RESTORE_AT_MOST}`,
      ),
    };
  }

  /** The highest alarm id stored: the book goes on after it. */
  lastId(): number {
    return this.stmts.lastId.get() as number;
  }

  /** What earlier runs left standing, for the book to take back (AlarmBook.restore). */
  standingAtStart(nowMs = Date.now()): Alarm[] {
    return (this.stmts.standing.all(nowMs - RESTORE_UNACKNOWLEDGED_MS) as AlarmRow[]).map(alarmFromRow);
  }

  /** The log, newest raised first, over every run in the store. */
  log(filter: AlarmFilter, limit: number): Alarm[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.deviceId !== undefined) {
      where.push('device_id = ?');
      args.push(filter.deviceId);
    }
    if (filter.minSeverity !== undefined) {
      const list = severitiesFrom(filter.minSeverity);
      where.push(`severity IN (${list.map(() => '?').join(', ')})`);
      args.push(...list);
    }
    if (filter.source !== undefined) {
      where.push('source = ?');
      args.push(filter.source);
    }
    const rows = this.db
      .prepare(
        `SELECT * FROM alarms ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY raised_ms DESC, id DESC LIMIT ?`,
      )
      .all(...args, limit) as AlarmRow[];
    return rows.map(alarmFromRow);
  }

  onAlarmChanged(a: Alarm, change: AlarmTransition): void {
    // A replay's alarms are placed on the recorded time axis, like its frames.
    const wall = transitionTimeOf(a, change);
    const t = this.sessions.mapTime(a.deviceId, wall);
    const row = {
      id: a.id,
      runId: this.runId,
      // An alarm belongs to the session its device was recording when it was raised.
      sessionId: change === 'raised' ? this.sessions.sessionOfDevice(a.deviceId) : null,
      key: a.key,
      code: a.code,
      severity: a.severity,
      source: a.source,
      deviceId: a.deviceId,
      cell: a.cell,
      message: a.message,
      modelVersion: this.modelVersion(),
      by: a.acknowledgedBy,
      comment: a.ackComment,
      closedBy: a.closedBy,
      returnCount: a.returnCount,
      t,
    };
    const logged = change === 'cleared' && a.closedBy === 'restart' ? 'closed-by-restart' : change;
    const { change: changeStmt } = this.stmts;
    const stmt = this.stmts[change];
    this.writer.enqueue(() => {
      stmt.run(row);
      changeStmt.run({ id: a.id, t, change: logged, severity: a.severity, message: a.message });
    });
  }
}
