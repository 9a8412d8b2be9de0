/** The sync's status in the words the Settings panel shows: one headline, one line of counts. */
import type { SyncStatus } from '../../../native-bridge/contract/index.js';

export type Tone = 'ok' | 'attention' | 'fault' | 'off';

const STATES: Record<SyncStatus['state'], { text: string; tone: Tone }> = {
  off: { text: 'Off — nothing leaves this station', tone: 'off' },
  'not-configured': { text: 'On, but no MongoDB URI is set', tone: 'attention' },
  connecting: { text: 'Connecting…', tone: 'attention' },
  syncing: { text: 'Sending the backlog', tone: 'ok' },
  'up-to-date': { text: 'Up to date', tone: 'ok' },
  retrying: { text: 'Not syncing — retrying', tone: 'fault' },
  unavailable: { text: 'Unavailable: the station is not storing data', tone: 'fault' },
};

const n = (v: number) => v.toLocaleString('en-US');

export function ago(ms: number, nowMs: number): string {
  const s = Math.max(0, Math.round((nowMs - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

export function syncHeadline(s: SyncStatus): { text: string; tone: Tone } {
  return STATES[s.state];
}

/** "1,234 rows pending (1,200 frames, 34 predictions) · last sync 3 s ago · time-series collection". */
export function syncDetails(s: SyncStatus, nowMs: number): string {
  const p = s.pending;
  const parts = [
    p.frames && `${n(p.frames)} frames`,
    p.sessions && `${n(p.sessions)} sessions`,
    p.predictions && `${n(p.predictions)} predictions`,
    p.alarmChanges && `${n(p.alarmChanges)} alarm changes`,
    p.linkEvents && `${n(p.linkEvents)} link events`,
  ].filter(Boolean);
  const pending =
    p.total === 0 ? 'nothing pending' : `${p.exact ? '' : 'about '}${n(p.total)} rows pending (${parts.join(', ')})`;
  const last = s.lastSyncMs === null ? 'never synced' : `last sync ${ago(s.lastSyncMs, nowMs)}`;
  const kind =
    s.readingsCollection === 'timeseries'
      ? 'readings in a time-series collection'
      : s.readingsCollection === 'plain'
        ? 'readings in a plain collection (no time-series on this server)'
        : null;
  const pruned =
    s.prunedReadings > 0 ? `${n(s.prunedReadings)} readings deleted by retention before they were sent` : null;
  return [pending, last, kind, pruned].filter(Boolean).join(' · ');
}

export function retryText(s: SyncStatus, nowMs: number): string | null {
  if (s.nextRetryMs === null) return null;
  const inS = Math.max(0, Math.round((s.nextRetryMs - nowMs) / 1000));
  return inS === 0 ? 'Retrying now.' : `Next attempt in ${inS} s.`;
}
