/**
 * Which alarms demand the operator's attention: the banner across every tab, the window title and
 * icon, and the tone. An alarm of Warning or above (every critical rule among them) that stands and
 * nobody has acknowledged since it was raised or last escalated; an escalation clears the
 * acknowledgement in the core (safety/alarm-book.ts), so it asks again here by itself.
 */
import { SEVERITY_RANK, isStanding, type Alarm } from '../../../native-bridge/contract/index.js';

export function demandsAttention(a: Alarm): boolean {
  return SEVERITY_RANK[a.severity] >= SEVERITY_RANK.warning && a.acknowledgedAtMs === null && isStanding(a);
}

/** Worst first, then oldest: the order the banner lists them in. */
export function attentionAlarms(alarms: readonly Alarm[]): Alarm[] {
  return alarms
    .filter(demandsAttention)
    .sort(
      (x, y) => SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity] || x.raisedAtMs - y.raisedAtMs || x.id - y.id,
    );
}

/**
 * One alarm at one severity: silencing it holds until it escalates or returns, so a Warning silenced
 * at the bench still sounds when the same cell reaches Alarm, or when its condition comes back after
 * clearing (before returns were one alarm, that was a new alarm, and it sounded).
 */
export function attentionKey(a: Pick<Alarm, 'id' | 'severity' | 'escalatedAtMs' | 'returnCount'>): string {
  return `${a.id}:${a.severity}:${a.escalatedAtMs ?? 0}:${a.returnCount}`;
}

/** The window title while alarms wait: the worst first, so a taskbar entry says it too. */
export function attentionTitle(baseTitle: string, waiting: readonly Alarm[]): string {
  if (waiting.length === 0) return baseTitle;
  const worst = waiting[0]!;
  const more = waiting.length > 1 ? ` (+${waiting.length - 1})` : '';
  return `⚠ ${worst.severity.toUpperCase()}${more} — ${baseTitle}`;
}
