/**
 * The sync engine against a real MongoDB-compatible server (FerretDB, or MONGO_TEST_URI): what the
 * station stored arrives exactly once and unchanged, whatever is replayed, deleted or retried.
 */
import { expect, it } from 'vitest';
import { fillSession } from '../../testing/history/fill.js';
import { waitFor } from '../../testing/serial/wait-for.js';
import {
  compareReadings,
  describeWithMongo,
  expectedReadings,
  openStationDb,
  storeUidOf,
  uniqueDbName,
  withClient,
} from '../../testing/sync/sync-fixture.js';
import { testCleanups } from '../../testing/test-cleanups.js';
import { SyncEngine } from './sync-engine.js';
import type { EngineStatus } from './sync-runner.js';
import { openSecondConnection } from '../store/database.js';

const t = testCleanups();

describeWithMongo('sync engine against a real server', (server) => {
  function run(path: string, database: string, extra: ConstructorParameters<typeof SyncEngine>[3] = {}) {
    const conn = openSecondConnection(path);
    const statuses: EngineStatus[] = [];
    const engine = new SyncEngine(conn, { uri: server.uri, database, stationId: 'bench-3' }, (s) => statuses.push(s), {
      pollMs: 50,
      backoff: { baseMs: 50, maxMs: 500 },
      statusEveryMs: 50,
      ...extra,
    });
    engine.start();
    t.defer(async () => {
      await engine.stop();
      conn.close();
    });
    return { engine, statuses, last: () => statuses[statuses.length - 1] };
  }

  it('syncs 100,000 readings: every frame once, with its content, and the pending count goes to zero', async () => {
    const station = openStationDb(t.tempDir('sync-100k-'));
    t.defer(() => station.close());
    const frames = fillSession(station.writer, { cells: 16, periodMs: 100, frames: 6250, t0: 1_717_405_200_000 });
    expect(frames * 16).toBe(100_000);
    const database = uniqueDbName('sync100k');
    const t0 = Date.now();
    const { last } = run(station.path, database);
    await waitFor(() => last()?.state === 'up-to-date' && last()!.pending.total === 0, 'sync to finish', 180_000, 50);
    const tookMs = Date.now() - t0;
    console.log(`100,000 readings (6,250 frame documents) synced in ${tookMs} ms`);
    const expected = expectedReadings(station.db, { storeUid: storeUidOf(station.db), stationId: 'bench-3' });
    const r = await withClient(server.uri, (c) => compareReadings(c, database, expected));
    expect(r.problems).toEqual([]);
    expect(r.serverDocs).toBe(6250);
    expect(r.readings).toBe(100_000);
    expect(last()!.sentDocs).toBeGreaterThanOrEqual(6250);
    const sessions = await withClient(server.uri, (c) => c.db(database).collection('sessions').find({}).toArray());
    expect(sessions.map((s) => s.readingCount)).toEqual([100_000]);
  }, 240_000);
});
