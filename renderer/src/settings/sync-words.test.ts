import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../native-bridge/contract/index.js';
import { ago, retryText, syncDetails, syncHeadline } from './sync-words.js';

const base: SyncStatus = {
  enabled: true,
  state: 'syncing',
  connected: true,
  pending: { frames: 1200, sessions: 1, predictions: 34, alarmChanges: 0, linkEvents: 0, total: 1235, exact: true },
  lastSyncMs: 1_000_000 - 3000,
  lastError: null,
  nextRetryMs: null,
  readingsCollection: 'plain',
  sentDocs: 10,
  prunedReadings: 0,
  database: 'fleet',
  stationId: 'bench-3',
};

describe('sync status in words', () => {
  it('counts what is pending, when it last synced and where readings go', () => {
    expect(syncDetails(base, 1_000_000)).toBe(
      '1,235 rows pending (1,200 frames, 1 sessions, 34 predictions) · last sync 3 s ago · readings in a plain collection (no time-series on this server)',
    );
    expect(
      syncDetails(
        {
          ...base,
          pending: { ...base.pending, total: 0, frames: 0, sessions: 0, predictions: 0 },
          lastSyncMs: null,
          readingsCollection: null,
          prunedReadings: 16,
        },
        1_000_000,
      ),
    ).toBe('nothing pending · never synced · 16 readings deleted by retention before they were sent');
    expect(syncDetails({ ...base, pending: { ...base.pending, exact: false } }, 1_000_000)).toMatch(
      /^about 1,235 rows/,
    );
  });

  it('names every state and the next retry', () => {
    expect(syncHeadline({ ...base, state: 'retrying' })).toEqual({ text: 'Not syncing — retrying', tone: 'fault' });
    expect(syncHeadline({ ...base, state: 'off' }).tone).toBe('off');
    expect(retryText({ ...base, nextRetryMs: 1_004_400 }, 1_000_000)).toBe('Next attempt in 4 s.');
    expect(retryText(base, 1_000_000)).toBeNull();
    expect([ago(0, 59_000), ago(0, 120_000), ago(0, 7_200_000), ago(0, 172_800_000)]).toEqual([
      '59 s ago',
      '2 min ago',
      '2 h ago',
      '2 d ago',
    ]);
  });
});
