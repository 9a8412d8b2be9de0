/**
 * The station's alarms. A condition is raised under a stable key and stays one alarm until it is
 * cleared, so a flapping input cannot flood the operator; a higher severity under the same key
 * escalates the open alarm at once. Every change is pushed immediately, never batched.
 */
import type { Alarm, AlarmSeverity } from '../contract/index.js';

const RANK: Record<AlarmSeverity, number> = { info: 0, warning: 1, alarm: 2, critical: 3 };

export interface RaiseAlarm {
  key: string;
  code: string;
  severity: AlarmSeverity;
  source: Alarm['source'];
  deviceId?: string | null;
  cell?: number | null;
  message: string;
}

export class AlarmBook {
  private active = new Map<string, Alarm>();
  private history: Alarm[] = [];
  private nextId = 1;

  constructor(
    private readonly onChange: (a: Alarm) => void,
    private readonly now: () => number = Date.now,
    private readonly maxHistory = 5000,
  ) {}

  raise(r: RaiseAlarm): Alarm {
    const open = this.active.get(r.key);
    if (open) {
      if (RANK[r.severity] > RANK[open.severity] || open.message !== r.message) {
        const escalated = RANK[r.severity] > RANK[open.severity];
        open.severity = escalated ? r.severity : open.severity;
        open.message = r.message;
        // An escalation needs a fresh acknowledgement.
        if (escalated) open.acknowledgedAtMs = null;
        this.onChange({ ...open });
      }
      return open;
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
      clearedAtMs: null,
      acknowledgedAtMs: null,
    };
    this.active.set(r.key, a);
    this.history.push(a);
    if (this.history.length > this.maxHistory) this.history.shift();
    this.onChange({ ...a });
    return a;
  }

  clear(key: string): void {
    const a = this.active.get(key);
    if (!a) return;
    a.clearedAtMs = this.now();
    this.active.delete(key);
    this.onChange({ ...a });
  }

  acknowledge(id: number): boolean {
    for (const a of this.active.values()) {
      if (a.id === id) {
        a.acknowledgedAtMs = this.now();
        this.onChange({ ...a });
        return true;
      }
    }
    return false;
  }

  isActive(key: string): boolean {
    return this.active.has(key);
  }

  activeAlarms(): Alarm[] {
    return [...this.active.values()]
      .sort((a, b) => RANK[b.severity] - RANK[a.severity] || a.raisedAtMs - b.raisedAtMs)
      .map((a) => ({ ...a }));
  }

  recent(limit: number): Alarm[] {
    return this.history
      .slice(-limit)
      .reverse()
      .map((a) => ({ ...a }));
  }
}
