/**
 * The station's alarms: one lifecycle for rule, model and link alarms. A condition is raised under a
 * stable key and stays one alarm until it has been away for the clear hold, so a value sitting on a
 * limit (V_LOW at 2.499 V, then 2.501 V, then 2.499 V…) is one alarm, not a raise and a clear a
 * millisecond apart; a higher severity under the same key escalates the open alarm and asks for a
 * fresh acknowledgement. A raise of the same severity with another message is not a change: the log
 * holds transitions (raised, escalated, returned, acknowledged, cleared), never the temperature of every frame.
 *
 * An alarm cleared before anyone acknowledged it stays standing until someone does; raised again while
 * it stands, it `returned`: the same alarm opens again, counting its returns, so an operator sees one
 * entry for a cell whose condition came back, not a second one. Once acknowledged and cleared it is
 * done, and the next raise is a new alarm with its own acknowledgement. Alarms open when
 * the station last stopped are restored (see history/alarm-recorder.ts): raised again within the grace
 * time they go on as the same alarm with their acknowledgement; otherwise they close as `restart`.
 * Every transition is pushed at once, never batched.
 */
import {
  SEVERITY_RANK,
  isStanding,
  matchesAlarmFilter,
  type Alarm,
  type AlarmFilter,
  type AlarmSeverity,
  type AlarmTransition,
} from '../contract/index.js';

export interface RaiseAlarm {
  key: string;
  code: string;
  severity: AlarmSeverity;
  source: Alarm['source'];
  deviceId?: string | null;
  cell?: number | null;
  message: string;
}

/**
 * How long a condition must stay away before its alarm clears, in the station. Five seconds is five
 * samples of the slowest rig we expect and longer than any NTC or ADC flicker; a real return to normal
 * is shown that much later, which costs nothing.
 */
export const CLEAR_HOLD_MS = 5_000;
/** A restored alarm the station does not raise again within this (devices reconnect, rules warm up) closes. */
export const RESTORE_GRACE_MS = 30_000;

export interface AlarmBookOptions {
  /** Default 0: clear at once (the station passes CLEAR_HOLD_MS). */
  clearHoldMs?: number;
  restoreGraceMs?: number;
  /** This run's log kept in memory; the store keeps all of it. */
  maxHistory?: number;
  /** Cleared-unacknowledged alarms kept standing at most (the oldest leave the banner, not the log). */
  maxUnacknowledged?: number;
  /**
   * A restored alarm was raised again: no transition (it is the same alarm going on), but what acts
   * once per episode — the interlock — has to hear that the episode is live in this run too.
   */
  onReconfirmed?: (a: Alarm) => void;
}

interface OpenEntry {
  alarm: Alarm;
  /** When the condition went away; the alarm clears once it has stayed away for the hold. */
  clearingSinceMs: number | null;
  /** Restored from the previous run and not raised again yet. */
  restoredAtMs: number | null;
}

const bySeverityThenAge = (a: Alarm, b: Alarm) =>
  SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.raisedAtMs - b.raisedAtMs || a.id - b.id;

export class AlarmBook {
  private readonly open = new Map<string, OpenEntry>();
  private readonly unacknowledged = new Map<number, Alarm>();
  /** This run's alarms (and the restored ones), oldest first: the same objects as above, so it stays current. */
  private readonly log: Alarm[] = [];
  private nextId = 1;
  private readonly clearHoldMs: number;
  private readonly restoreGraceMs: number;
  private readonly maxHistory: number;
  private readonly maxUnacknowledged: number;
  private readonly onReconfirmed: (a: Alarm) => void;

  constructor(
    private readonly onChange: (a: Alarm, change: AlarmTransition) => void,
    private readonly now: () => number = Date.now,
    opts: AlarmBookOptions = {},
  ) {
    this.clearHoldMs = opts.clearHoldMs ?? 0;
    this.restoreGraceMs = opts.restoreGraceMs ?? RESTORE_GRACE_MS;
    this.maxHistory = opts.maxHistory ?? 5000;
    this.maxUnacknowledged = opts.maxUnacknowledged ?? 500;
    this.onReconfirmed = opts.onReconfirmed ?? (() => undefined);
  }

  /** Ids go on from the store's, so one id names one alarm across restarts. */
  continueIdsAfter(lastId: number): void {
    this.nextId = Math.max(this.nextId, lastId + 1);
  }

  raise(r: RaiseAlarm): Alarm {
    const open = this.open.get(r.key);
    if (open) {
      open.clearingSinceMs = null;
      const a = open.alarm;
      if (open.restoredAtMs !== null) {
        open.restoredAtMs = null;
        this.onReconfirmed({ ...a });
      }
      this.escalateTo(a, r);
      return { ...a };
    }
    const standing = this.standingClearedOf(r.key);
    if (standing) {
      standing.clearedAtMs = null;
      standing.closedBy = null;
      standing.returnCount += 1;
      standing.returnedAtMs = this.now();
      this.unacknowledged.delete(standing.id);
      this.open.set(r.key, { alarm: standing, clearingSinceMs: null, restoredAtMs: null });
      this.emit(standing, 'returned');
      this.escalateTo(standing, r);
      return { ...standing };
    }
    const a: Alarm = {
      id: this.nextId++,
      key: r.key,
      code: r.code,
      severity: r.severity,
      source: r.source,
      deviceId: r.deviceId ?? null,
      cell: r.cell ?? null,
      message: r.message,
      raisedAtMs: this.now(),
      escalatedAtMs: null,
      returnCount: 0,
      returnedAtMs: null,
      clearedAtMs: null,
      acknowledgedAtMs: null,
      acknowledgedBy: null,
      ackComment: null,
      closedBy: null,
    };
    this.open.set(r.key, { alarm: a, clearingSinceMs: null, restoredAtMs: null });
    this.remember(a);
    this.emit(a, 'raised');
    return { ...a };
  }

  private escalateTo(a: Alarm, r: RaiseAlarm): void {
    if (SEVERITY_RANK[r.severity] <= SEVERITY_RANK[a.severity]) return;
    a.severity = r.severity;
    a.code = r.code;
    a.message = r.message;
    a.escalatedAtMs = this.now();
    a.acknowledgedAtMs = null;
    a.acknowledgedBy = null;
    a.ackComment = null;
    this.emit(a, 'escalated');
  }

  /**
   * The key's alarm cleared before anyone acknowledged it, if one stands. Several can stand only when
   * an earlier station (before returns) opened a new alarm for each raise; the newest goes on.
   */
  private standingClearedOf(key: string): Alarm | undefined {
    let found: Alarm | undefined;
    for (const a of this.unacknowledged.values()) if (a.key === key && (!found || a.id > found.id)) found = a;
    return found;
  }

  /** The condition went away: the alarm clears when it has stayed away for the hold (see settle()). */
  clear(key: string): void {
    const open = this.open.get(key);
    if (!open || open.clearingSinceMs !== null) return;
    open.clearingSinceMs = this.now();
    if (this.clearHoldMs <= 0) this.finishClear(open, open.clearingSinceMs, null);
  }

  /** Clears what has stayed away for the hold and closes restored alarms past their grace; call often. */
  settle(): void {
    const t = this.now();
    for (const open of [...this.open.values()]) {
      if (open.clearingSinceMs !== null && t - open.clearingSinceMs >= this.clearHoldMs)
        this.finishClear(open, open.clearingSinceMs, null);
      else if (open.restoredAtMs !== null && t - open.restoredAtMs >= this.restoreGraceMs)
        this.finishClear(open, t, 'restart');
    }
  }

  private finishClear(open: OpenEntry, atMs: number, closedBy: string | null): void {
    const a = open.alarm;
    this.open.delete(a.key);
    a.clearedAtMs = atMs;
    a.closedBy = closedBy;
    if (a.acknowledgedAtMs === null) this.keepUnacknowledged(a);
    this.emit(a, 'cleared');
  }

  /** True when the alarm is acknowledged now (already acknowledged counts: the first name stands). */
  acknowledge(id: number, by = 'unnamed operator', comment?: string): boolean {
    const a = this.findStanding(id);
    if (!a) return false;
    if (a.acknowledgedAtMs !== null) return true;
    a.acknowledgedAtMs = this.now();
    a.acknowledgedBy = by;
    a.ackComment = comment ? comment : null;
    this.unacknowledged.delete(id);
    this.emit(a, 'acknowledged');
    return true;
  }

  /**
   * Takes back what was standing when the station last stopped. Open ones wait for their condition to be
   * raised again (see RESTORE_GRACE_MS); cleared-unacknowledged ones stand until acknowledged. Nothing is
   * pushed: nothing changed.
   */
  restore(alarms: readonly Alarm[]): void {
    const t = this.now();
    for (const r of [...alarms].sort((x, y) => x.id - y.id)) {
      this.nextId = Math.max(this.nextId, r.id + 1);
      if (!isStanding(r) || this.findStanding(r.id)) continue;
      const a = { ...r };
      if (a.clearedAtMs === null) {
        if (this.open.has(a.key)) continue;
        this.open.set(a.key, { alarm: a, clearingSinceMs: null, restoredAtMs: t });
      } else this.keepUnacknowledged(a);
      this.remember(a);
    }
  }

  isActive(key: string): boolean {
    return this.open.has(key);
  }

  /** Open alarms (not cleared), worst first. */
  activeAlarms(filter: AlarmFilter = {}): Alarm[] {
    return [...this.open.values()]
      .map((o) => o.alarm)
      .filter((a) => matchesAlarmFilter(a, filter))
      .sort(bySeverityThenAge)
      .map((a) => ({ ...a }));
  }

  /**
   * One device's standing alarms, unordered and not copied: read on every device-second by the risk
   * engine (runaway-hold.ts), where standing()'s sorted copies of every device's alarms cost for nothing.
   */
  *standingFor(deviceId: string): Generator<Readonly<Alarm>> {
    for (const o of this.open.values()) if (o.alarm.deviceId === deviceId) yield o.alarm;
    for (const a of this.unacknowledged.values()) if (a.deviceId === deviceId) yield a;
  }

  /** Open alarms, then those cleared before anyone acknowledged them; each worst first. */
  standing(filter: AlarmFilter = {}): Alarm[] {
    const cleared = [...this.unacknowledged.values()]
      .filter((a) => matchesAlarmFilter(a, filter))
      .sort(bySeverityThenAge);
    return [...this.activeAlarms(filter), ...cleared.map((a) => ({ ...a }))];
  }

  /** This run's log, newest raised first. */
  recent(limit: number, filter: AlarmFilter = {}): Alarm[] {
    const out: Alarm[] = [];
    for (let i = this.log.length - 1; i >= 0 && out.length < limit; i--) {
      const a = this.log[i]!;
      if (matchesAlarmFilter(a, filter)) out.push({ ...a });
    }
    return out;
  }

  private findStanding(id: number): Alarm | undefined {
    for (const o of this.open.values()) if (o.alarm.id === id) return o.alarm;
    return this.unacknowledged.get(id);
  }

  private keepUnacknowledged(a: Alarm): void {
    this.unacknowledged.set(a.id, a);
    if (this.unacknowledged.size > this.maxUnacknowledged)
      this.unacknowledged.delete(this.unacknowledged.keys().next().value!);
  }

  private remember(a: Alarm): void {
    this.log.push(a);
    if (this.log.length > this.maxHistory) this.log.shift();
  }

  private emit(a: Alarm, change: AlarmTransition): void {
    this.onChange({ ...a }, change);
  }
}
