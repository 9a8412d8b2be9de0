/**
 * Where the station's alarms meet the rest of it: the book (with its clear hold) that rules, links and
 * the model raise into, the model's alarms fed from its predictions, the rig interlock with its
 * remembered switch, the store (ids, persistence, what earlier runs left standing), the push of every
 * transition, and the contract's alarm requests.
 */
import type {
  Alarm,
  AlarmChange,
  AlarmFilter,
  MethodParams,
  MethodResult,
  PredictionsUpdate,
} from '../contract/index.js';
import type { ALARM_METHODS } from '../contract/alarm-methods.js';
import type { HistoryService } from '../history/history-service.js';
import { AlarmBook, CLEAR_HOLD_MS } from '../safety/alarm-book.js';
import { InterlockPolicy } from '../safety/interlock-policy.js';
import { ModelAlarms } from '../safety/model-alarms.js';
import { floorAlarms, type FloorAlarm } from '../safety/runaway-hold.js';

export interface StationAlarmsHost {
  emit(change: AlarmChange): void;
  /** The interlock decided to open a device's relay. */
  openRelay(deviceId: string, reason: string): void;
}

export interface StationAlarmsOptions {
  clearHoldMs?: number;
  restoreGraceMs?: number;
  /** How often held clears and restored alarms are settled. */
  settleEveryMs?: number;
}

type AlarmMethodName = keyof typeof ALARM_METHODS;
export type AlarmHandlers = {
  [M in AlarmMethodName]: (params: MethodParams<M>) => MethodResult<M>;
};

const INTERLOCK_KEY = 'interlock';
/** The interlock is on until the operator turns it off: the station stands between a cell and a fire. */
const INTERLOCK_DEFAULT = true;

export class StationAlarms {
  readonly book: AlarmBook;
  readonly interlock: InterlockPolicy;
  readonly handlers: AlarmHandlers;
  private readonly model: ModelAlarms;
  private history: HistoryService | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(host: StationAlarmsHost, opts: StationAlarmsOptions = {}) {
    this.interlock = new InterlockPolicy((deviceId, reason) => host.openRelay(deviceId, reason), INTERLOCK_DEFAULT);
    this.book = new AlarmBook(
      (alarm, change) => {
        this.history?.onAlarmChanged(alarm, change);
        this.interlock.onAlarmChanged(alarm, change);
        host.emit({ change, alarm });
      },
      Date.now,
      {
        clearHoldMs: opts.clearHoldMs ?? CLEAR_HOLD_MS,
        ...(opts.restoreGraceMs !== undefined ? { restoreGraceMs: opts.restoreGraceMs } : {}),
        onReconfirmed: (alarm) => this.interlock.onAlarmChanged(alarm, 'raised'),
      },
    );
    this.model = new ModelAlarms(this.book);
    this.timer = setInterval(() => this.book.settle(), opts.settleEveryMs ?? 250);
    this.timer.unref();
    this.handlers = {
      getActiveAlarms: (filter) => this.book.standing(filter),
      getAlarmHistory: ({ limit = 200, ...filter }) => this.log(filter, limit),
      getAlarms: ({ limit = 200, ...filter }) => ({
        nowMs: Date.now(),
        active: this.book.standing(filter),
        recent: this.log(filter, limit),
      }),
      acknowledgeAlarm: ({ id, by, comment }) => ({ ok: this.book.acknowledge(id, by, comment) }),
      getInterlock: () => this.interlockSetting(),
      setInterlock: ({ enabled }) => {
        this.interlock.setEnabled(enabled, this.book.activeAlarms());
        this.history?.remember(INTERLOCK_KEY, { enabled });
        return this.interlockSetting();
      },
    };
  }

  /** The store opened: ids go on from it, what earlier runs left standing comes back, the switch is read. */
  attachHistory(history: HistoryService): void {
    this.history = history;
    this.book.continueIdsAfter(history.alarms.lastId());
    this.book.restore(history.alarms.standingAtStart());
    const stored = history.setting(INTERLOCK_KEY);
    if (typeof stored.enabled === 'boolean') this.interlock.setEnabled(stored.enabled);
  }

  /** The alarms that set a floor under the classes shown for a device's cells (the risk engine's host). */
  floorRules(deviceId: string): FloorAlarm[] {
    return floorAlarms(this.book.standingFor(deviceId));
  }

  onPredictions(u: PredictionsUpdate): void {
    this.model.onPredictions(u);
  }

  /** The log: this run's alarms as they stand now, over the store's (earlier runs), newest raised first. */
  log(filter: AlarmFilter, limit: number): Alarm[] {
    const mine = this.book.recent(limit, filter);
    if (!this.history) return mine;
    const byId = new Map(this.history.alarms.log(filter, limit).map((a) => [a.id, a]));
    for (const a of mine) byId.set(a.id, a);
    return [...byId.values()].sort((a, b) => b.raisedAtMs - a.raisedAtMs || b.id - a.id).slice(0, limit);
  }

  private interlockSetting(): MethodResult<'getInterlock'> {
    return { enabled: this.interlock.isEnabled, remembered: this.history !== null };
  }

  close(): void {
    clearInterval(this.timer);
  }
}
