/**
 * When the alarm tone sounds: at once when an alarm starts waiting, then again every repeat interval
 * until every waiting alarm is acknowledged or silenced. Silencing is per alarm and per severity (see
 * attentionKey): there is no switch that turns the tone off for all. Time and the sound itself are
 * passed in, so the state machine is tested with a fake clock and the page can show its state.
 */
import { SEVERITY_RANK, type Alarm, type AlarmSeverity } from '../../../native-bridge/contract/index.js';
import { attentionKey } from './attention.js';

export interface ToneClock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ToneState {
  /** Some waiting alarm is neither acknowledged nor silenced. */
  ringing: boolean;
  /** The worst severity ringing, which picks the pattern; null when quiet. */
  severity: AlarmSeverity | null;
  /** Tones played since the page opened (a test counts them). */
  beeps: number;
  /** Keys of waiting alarms the operator silenced. */
  silenced: ReadonlySet<string>;
}

/** Critical and alarm repeat faster than warnings, as medical alarm standards order them (IEC 60601-1-8). */
export const REPEAT_MS: Readonly<Record<AlarmSeverity, number>> = {
  info: 0,
  warning: 10_000,
  alarm: 5_000,
  critical: 3_000,
};

export class AlarmTone {
  private waiting: readonly Alarm[] = [];
  private silenced = new Set<string>();
  private timer: unknown = null;
  private beeps = 0;
  private state: ToneState = { ringing: false, severity: null, beeps: 0, silenced: this.silenced };
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly play: (severity: AlarmSeverity) => void,
    private readonly clock: ToneClock,
  ) {}

  /** The alarms that demand attention now (attention.ts); unknown keys start the tone at once. */
  update(waiting: readonly Alarm[]): void {
    const before = new Set(this.ringingKeys());
    this.waiting = waiting;
    const live = new Set(waiting.map(attentionKey));
    // A silence belongs to an alarm at one severity; once that is gone the key is dropped for good.
    this.silenced = new Set([...this.silenced].filter((k) => live.has(k)));
    const fresh = this.ringingKeys().some((k) => !before.has(k));
    if (fresh) this.beepAndSchedule();
    else if (this.ringingKeys().length === 0) this.stop();
    else this.publish();
  }

  silence(a: Alarm): void {
    this.silenced = new Set([...this.silenced, attentionKey(a)]);
    if (this.ringingKeys().length === 0) this.stop();
    else this.publish();
  }

  getState = (): ToneState => this.state;

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  dispose(): void {
    this.cancel();
    this.listeners.clear();
  }

  private ringingKeys(): string[] {
    return this.waiting.map(attentionKey).filter((k) => !this.silenced.has(k));
  }

  private worstRinging(): AlarmSeverity | null {
    let worst: AlarmSeverity | null = null;
    for (const a of this.waiting)
      if (!this.silenced.has(attentionKey(a)) && (worst === null || SEVERITY_RANK[a.severity] > SEVERITY_RANK[worst]))
        worst = a.severity;
    return worst;
  }

  private beepAndSchedule(): void {
    this.cancel();
    const severity = this.worstRinging();
    if (severity === null) return this.stop();
    this.play(severity);
    this.beeps++;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.beepAndSchedule();
    }, REPEAT_MS[severity]);
    this.publish();
  }

  private stop(): void {
    this.cancel();
    this.publish();
  }

  private cancel(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private publish(): void {
    const severity = this.worstRinging();
    const next: ToneState = { ringing: severity !== null, severity, beeps: this.beeps, silenced: this.silenced };
    if (
      next.ringing === this.state.ringing &&
      next.severity === this.state.severity &&
      next.silenced === this.state.silenced &&
      next.beeps === this.state.beeps
    )
      return;
    this.state = next;
    for (const fn of this.listeners) fn();
  }
}
