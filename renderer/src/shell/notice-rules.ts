/**
 * Which station notices the operator must see, and how they are headed. The core keeps a log of
 * notices (errors, warnings, info); the banner shows the problems still standing, with a headline
 * that says what it means for the data — the message itself says where and what to do.
 */
import type { Notice } from '../../../native-bridge/contract/index.js';

const STORE_HEADLINES: Record<string, string> = {
  'store.readonly': 'Database read-only: live data NOT stored',
  'store.disk-full': 'Disk full: new readings NOT stored',
  'store.corrupt': 'Database damaged: live data NOT stored',
  'store.newer-version': 'Database from a newer station: live data NOT stored',
  'store.failed': 'Database error: live data NOT stored',
};

export function noticeHeadline(n: Pick<Notice, 'code' | 'level'>): string {
  const store = STORE_HEADLINES[n.code];
  if (store) return store;
  if (n.code.startsWith('store.')) return n.level === 'error' ? 'Database problem: data may NOT be stored' : 'Database';
  if (n.code.startsWith('source.'))
    return n.level === 'error' ? 'Device problem: no live data from this device' : 'Device';
  return n.level === 'error' ? 'Error' : n.level === 'warning' ? 'Warning' : 'Note';
}

/** The family of a code, `store` for `store.readonly`: a `<family>.recovered` notice clears it. */
function family(code: string): string {
  const dot = code.indexOf('.');
  return dot < 0 ? code : code.slice(0, dot);
}

/**
 * Errors and warnings not yet cleared by a later `<family>.recovered` notice and not hidden by the
 * operator, newest first. Info notices are a log, not a problem, and never show here.
 */
export function standingProblems(notices: readonly Notice[], dismissedIds: ReadonlySet<number> = new Set()): Notice[] {
  const ordered = [...notices].sort((a, b) => a.id - b.id);
  const recoveredAt = new Map<string, number>();
  for (const n of ordered) if (n.code.endsWith('.recovered')) recoveredAt.set(family(n.code), n.id);
  return ordered
    .filter((n) => n.level !== 'info')
    .filter((n) => (recoveredAt.get(family(n.code)) ?? -1) < n.id)
    .filter((n) => !dismissedIds.has(n.id))
    .reverse();
}

/**
 * Combines the authoritative list from getStatus with notices pushed since. Ids are unique within
 * one station run; a restarted station starts again from 1, so the fetched list always wins and
 * only pushed notices newer than its newest id are kept.
 */
export function mergeNotices(fetched: readonly Notice[], pushed: readonly Notice[]): Notice[] {
  const newestFetched = fetched.reduce((m, n) => Math.max(m, n.id), 0);
  const byId = new Map<number, Notice>();
  for (const n of fetched) byId.set(n.id, n);
  for (const n of pushed) if (n.id > newestFetched) byId.set(n.id, n);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}
