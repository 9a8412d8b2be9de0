/**
 * Persists the alarm book: every change (raised, escalated, message, acknowledged, cleared) becomes a
 * row in `alarm_changes`, and `alarms` keeps each alarm's latest state for markers and reports. Writes
 * go through the store writer's batch, so they share its crash safety and its retries on a full disk.
 *
 * The book's ids restart with every process; a row is keyed by (run id, book id). Alarms a previous
 * process left open (it was stopped or crashed) are closed at start-up with `closed_by = 'restart'`.
 */
import type { Alarm, AlarmSeverity } from '../contract/index.js';
import type { Db } from '../store/database.js';
import type { StoreWriter } from '../store/store-writer.js';
import type { SessionManager } from './session-manager.js';

const RANK: Record<AlarmSeverity, number> = { info: 0, warning: 1, alarm: 2, critical: 3 };

interface Known {
  severity: AlarmSeverity;
  peak: AlarmSeverity;
  message: string;
  cleared: boolean;
  acknowledged: boolean;
  sessionId: number | null;
}

export class AlarmRecorder {
  readonly runId: string;
  private readonly known = new Map<number, Known>();
  private readonly stmts;

  constructor(
    db: Db,
    private readonly writer: StoreWriter,
    private readonly sessions: SessionManager,
    private readonly modelVersion: () => string,
    now = Date.now(),
  ) {
    this.runId = `${now.toString(36)}-${process.pid.toString(36)}`;
    this.stmts = {
      upsert: db.prepare(
        `INSERT INTO alarms (run_id, book_id, session_id, key, code, severity, peak_severity, source, device_id, cell,
           message, raised_ms, cleared_ms, acknowledged_ms, model_version)
         VALUES (@runId, @bookId, @sessionId, @key, @code, @severity, @peak, @source, @deviceId, @cell,
           @message, @raisedMs, @clearedMs, @acknowledgedMs, @modelVersion)
         ON CONFLICT(run_id, book_id) DO UPDATE SET severity = excluded.severity, peak_severity = excluded.peak_severity,
           message = excluded.message, cleared_ms = excluded.cleared_ms, acknowledged_ms = excluded.acknowledged_ms`,
      ),
      change: db.prepare(
        `INSERT INTO alarm_changes (alarm_id, t_ms, change, severity, message)
         SELECT id, @t, @change, @severity, @message FROM alarms WHERE run_id = @runId AND book_id = @bookId`,
      ),
    };
    const closeLeftOpen = db.prepare(
      `UPDATE alarms SET cleared_ms = max(raised_ms, ?), closed_by = 'restart' WHERE cleared_ms IS NULL AND run_id != ?`,
    );
    const changeLeftOpen = db.prepare(
      `INSERT INTO alarm_changes (alarm_id, t_ms, change, severity, message)
       SELECT id, cleared_ms, 'closed-by-restart', severity, message FROM alarms WHERE closed_by = 'restart' AND run_id != ?
         AND id NOT IN (SELECT alarm_id FROM alarm_changes WHERE change = 'closed-by-restart')`,
    );
    const runId = this.runId;
    writer.enqueue(() => {
      closeLeftOpen.run(now, runId);
      changeLeftOpen.run(runId);
    });
  }

  onAlarmChanged(a: Alarm): void {
    const prev = this.known.get(a.id);
    const sessionId = prev?.sessionId ?? this.sessions.sessionOfDevice(a.deviceId);
    let change: string;
    if (!prev) change = 'raised';
    else if (a.clearedAtMs !== null && !prev.cleared) change = 'cleared';
    else if (RANK[a.severity] > RANK[prev.severity]) change = 'escalated';
    else if (a.acknowledgedAtMs !== null && !prev.acknowledged) change = 'acknowledged';
    else if (a.message !== prev.message) change = 'updated';
    else return;
    const peak = prev && RANK[prev.peak] > RANK[a.severity] ? prev.peak : a.severity;
    this.known.set(a.id, {
      severity: a.severity,
      peak,
      message: a.message,
      cleared: a.clearedAtMs !== null,
      acknowledged: a.acknowledgedAtMs !== null,
      sessionId,
    });
    if (a.clearedAtMs !== null) this.known.delete(a.id);
    // A replay's alarms are placed on the recorded time axis, like its frames.
    const map = (t: number | null) => (t === null ? null : this.sessions.mapTime(a.deviceId, t));
    const wallNow = a.clearedAtMs ?? a.acknowledgedAtMs ?? Date.now();
    const row = {
      runId: this.runId,
      bookId: a.id,
      sessionId,
      key: a.key,
      code: a.code,
      severity: a.severity,
      peak,
      source: a.source,
      deviceId: a.deviceId,
      cell: a.cell,
      message: a.message,
      raisedMs: prev ? null : map(a.raisedAtMs),
      clearedMs: map(a.clearedAtMs),
      acknowledgedMs: map(a.acknowledgedAtMs),
      modelVersion: this.modelVersion(),
    };
    const t = change === 'raised' ? row.raisedMs! : map(wallNow)!;
    const { upsert, change: changeStmt } = this.stmts;
    this.writer.enqueue(() => {
      // raised_ms is only known on the first row; an update keeps the stored one.
      if (row.raisedMs === null) {
        upsert.run({ ...row, raisedMs: 0 });
      } else upsert.run(row);
      changeStmt.run({ runId: row.runId, bookId: row.bookId, t, change, severity: a.severity, message: a.message });
    });
  }
}
