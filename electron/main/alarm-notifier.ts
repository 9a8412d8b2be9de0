/**
 * Which alarm changes become an OS notification: an alarm of severity warning or above when it is
 * raised, again whenever it escalates (a warning becoming an alarm) and when it returns after clearing
 * unacknowledged (its condition is back). Clearing, acknowledging and a
 * repeat of what was already shown stay quiet, so a notification always means "look now". Critical
 * alarms ask the OS for its most insistent presentation.
 */
import {
  alarmChangeSchema,
  alarmName,
  isAlarmOnset,
  SEVERITY_RANK,
  type Alarm,
  type AlarmSeverity,
} from '../../native-bridge/contract/alarm-types.js';

export interface AlarmNotification {
  title: string;
  body: string;
  urgency: 'normal' | 'critical';
  /** The alarm it is about, so a click can bring the window up on it. */
  alarmId: number;
}

const SEVERITY_WORD: Record<AlarmSeverity, string> = {
  info: 'Info',
  warning: 'Warning',
  alarm: 'ALARM',
  critical: 'CRITICAL',
};

function where(a: Alarm): string {
  if (a.deviceId === null) return '';
  return a.cell === null ? ` — ${a.deviceId}` : ` — ${a.deviceId}, cell ${a.cell}`;
}

export class AlarmNotifier {
  /** Highest severity already notified, per alarm id: a transition pushed twice notifies once. */
  private readonly shown = new Map<number, number>();

  /** The notification this onAlarmChanged payload calls for, or null. */
  consider(payload: unknown): AlarmNotification | null {
    const parsed = alarmChangeSchema.safeParse(payload);
    if (!parsed.success) return null;
    const { change, alarm: a } = parsed.data;
    if (change === 'cleared') this.shown.delete(a.id);
    if (!isAlarmOnset(change)) return null;
    const rank = SEVERITY_RANK[a.severity];
    if (rank < SEVERITY_RANK.warning || a.clearedAtMs !== null) return null;
    if ((this.shown.get(a.id) ?? -1) >= rank) return null;
    this.shown.set(a.id, rank);
    return {
      title: `${SEVERITY_WORD[a.severity]}: ${alarmName(a)}${where(a)}`,
      body: a.message,
      urgency: a.severity === 'critical' ? 'critical' : 'normal',
      alarmId: a.id,
    };
  }
}
