/**
 * Which alarm changes become an OS notification: an alarm of severity warning or above when it is
 * raised, and again whenever the same condition escalates (a warning becoming an alarm). Clearing,
 * acknowledging and repeats of what was already shown stay quiet, so a notification always means
 * "look now". Critical alarms ask the OS for its most insistent presentation.
 */
import { alarmSchema, type Alarm, type AlarmSeverity } from '../../native-bridge/contract/alarm-types.js';

export interface AlarmNotification {
  title: string;
  body: string;
  urgency: 'normal' | 'critical';
  /** The alarm it is about, so a click can bring the window up on it. */
  alarmId: number;
}

const SEVERITY_RANK: Record<AlarmSeverity, number> = { info: 0, warning: 1, alarm: 2, critical: 3 };
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
  /** Highest severity already notified, per condition (alarm key). */
  private readonly shown = new Map<string, number>();

  /** The notification this alarm change calls for, or null. */
  consider(payload: unknown): AlarmNotification | null {
    const parsed = alarmSchema.safeParse(payload);
    if (!parsed.success) return null;
    const a = parsed.data;
    if (a.clearedAtMs !== null) {
      this.shown.delete(a.key);
      return null;
    }
    const rank = SEVERITY_RANK[a.severity];
    if (rank < SEVERITY_RANK.warning || a.acknowledgedAtMs !== null) return null;
    if ((this.shown.get(a.key) ?? -1) >= rank) return null;
    this.shown.set(a.key, rank);
    return {
      title: `${SEVERITY_WORD[a.severity]}: ${a.code}${where(a)}`,
      body: a.message,
      urgency: a.severity === 'critical' ? 'critical' : 'normal',
      alarmId: a.id,
    };
  }
}
