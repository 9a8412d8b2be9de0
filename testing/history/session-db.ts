/**
 * A session manager on a fresh SQLite file, a hello and a source to start sessions with, and the
 * recording time the history tests share.
 */
import { join } from 'node:path';
import type { HelloFrame } from '../../native-bridge/protocol/index.js';
import type { LineSource } from '../../native-bridge/devices/line-source.js';
import { openDatabase } from '../../native-bridge/store/database.js';
import { StoreWriter } from '../../native-bridge/store/store-writer.js';
import { SessionManager } from '../../native-bridge/history/session-manager.js';

export function sessionDb(dir: string, now?: () => number) {
  const path = join(dir, 'station.sqlite');
  const db = openDatabase(path);
  const writer = new StoreWriter(db, path);
  const sessions = new SessionManager({ db, writer, modelVersion: () => 'none', ...(now ? { now } : {}) });
  return { db, path, writer, sessions };
}

export const hello = (deviceId: string, cellCount = 4): HelloFrame => ({
  kind: 'hello',
  deviceId,
  bootId: '0000ABCD',
  fwVersion: '1.0.0',
  cellCount,
  periodMs: 100,
  channels: '',
});

export const fakeSource = { kind: 'sim', spec: 'sim', label: 'sim' } as unknown as LineSource;

/** When the recordings of the history tests start. */
export const T0 = Date.UTC(2024, 4, 1, 8);
