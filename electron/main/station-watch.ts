/**
 * What the shell itself needs to know of the station, kept from the core's events: whether a rig is
 * streaming (closing the window then asks before it stops monitoring), the worst current risk — the
 * model's class per cell, raised by every open alarm — for the tray, and the standing alarms nobody
 * has acknowledged (a cleared alarm stands until it is). Events are checked against the contract's
 * schemas; one that fails is ignored.
 */
import {
  alarmChangeSchema,
  alarmSchema,
  type Alarm,
  type AlarmSeverity,
} from '../../native-bridge/contract/alarm-types.js';
import { predictionsUpdateSchema, RISK_CLASSES, type RiskClass } from '../../native-bridge/contract/ml-methods.js';
import type { CoreState } from './core-supervisor.js';

/** `offline`: the core is not running; `idle`: no device streams, and no alarm is active. */
export type RiskLevel = 'offline' | 'idle' | RiskClass;
export const RISK_LEVELS: readonly RiskLevel[] = ['offline', 'idle', ...RISK_CLASSES];

const ALARM_CLASS: Record<AlarmSeverity, RiskClass> = {
  info: 'Normal',
  warning: 'Warning',
  alarm: 'Alarm',
  critical: 'Runaway',
};

const rank = (c: RiskClass) => RISK_CLASSES.indexOf(c);
const worse = (a: RiskClass | null, b: RiskClass) => (a === null || rank(b) > rank(a) ? b : a);

export class StationWatch {
  private streamingNow = false;
  private modelClasses: RiskClass[] = [];
  private readonly active = new Map<number, Alarm>();
  private coreRunning = true;
  private readonly listeners = new Set<() => void>();
  private lastLevel: RiskLevel = 'idle';
  private lastStreaming = false;
  private lastUnacked = 0;

  get streaming(): boolean {
    return this.streamingNow;
  }

  get level(): RiskLevel {
    if (!this.coreRunning) return 'offline';
    let worst: RiskClass | null = null;
    if (this.streamingNow) for (const c of this.modelClasses) worst = worse(worst, c);
    for (const a of this.active.values()) if (a.clearedAtMs === null) worst = worse(worst, ALARM_CLASS[a.severity]);
    if (worst === null) return this.streamingNow ? 'Normal' : 'idle';
    return worst === 'Normal' && !this.streamingNow ? 'idle' : worst;
  }

  /** Standing alarms nobody has acknowledged, newest first. */
  get unacknowledged(): Alarm[] {
    return [...this.active.values()]
      .filter((a) => a.acknowledgedAtMs === null)
      .sort((a, b) => b.raisedAtMs - a.raisedAtMs);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onCoreState(state: CoreState): void {
    this.coreRunning = state === 'running';
    if (!this.coreRunning) {
      this.streamingNow = false;
      this.modelClasses = [];
      this.active.clear();
    }
    this.changed();
  }

  /** The core's standing alarms, as getActiveAlarms answers them (after a start or restart). */
  seedAlarms(alarms: unknown): void {
    if (!Array.isArray(alarms)) return;
    this.active.clear();
    for (const a of alarms) {
      const parsed = alarmSchema.safeParse(a);
      if (parsed.success) this.take(parsed.data);
    }
    this.changed();
  }

  onEvent(event: string, payload: unknown): void {
    if (event === 'onAlarmChanged') {
      const c = alarmChangeSchema.safeParse(payload);
      if (c.success) this.take(c.data.alarm);
    } else if (event === 'onPredictions') {
      const p = predictionsUpdateSchema.safeParse(payload);
      if (p.success) this.modelClasses = p.data.predictions.map((x) => x.className);
    } else if (event === 'onLiveSnapshot') this.streamingNow = anyStreaming(payload);
    else return;
    this.changed();
  }

  /** An alarm stands while open, and once cleared until someone acknowledges it. */
  private take(a: Alarm): void {
    if (a.clearedAtMs !== null && a.acknowledgedAtMs !== null) this.active.delete(a.id);
    else this.active.set(a.id, a);
  }

  private changed(): void {
    const level = this.level;
    const unacked = this.unacknowledged.length;
    if (level === this.lastLevel && this.streamingNow === this.lastStreaming && unacked === this.lastUnacked) return;
    this.lastLevel = level;
    this.lastStreaming = this.streamingNow;
    this.lastUnacked = unacked;
    for (const l of this.listeners) l();
  }
}

/** Reads only `devices[].state` of a live snapshot: it comes ten times a second, so no full parse. */
function anyStreaming(payload: unknown): boolean {
  const devices = (payload as { devices?: unknown } | null)?.devices;
  return Array.isArray(devices) && devices.some((d) => (d as { state?: unknown } | null)?.state === 'streaming');
}
