/**
 * A whole station (simulated rig, real SQLite, the sync in its worker thread) pointed at a malformed
 * URI, an unreachable host and a server that refuses the password: each gives a clear status message
 * without the password anywhere, the station keeps recording throughout, and once the URI is right
 * everything recorded meanwhile arrives, exactly once.
 */
import { expect, it } from 'vitest';
import { waitFor } from '../../testing/serial/wait-for.js';
import { freePort } from '../../testing/sync/mongo-server.js';
import {
  compareReadings,
  describeWithMongo,
  expectedReadings,
  storeUidOf,
  uniqueDbName,
  withClient,
} from '../../testing/sync/sync-fixture.js';
import { callResult } from '../../testing/station-calls.js';
import { testCleanups } from '../../testing/test-cleanups.js';
import type { SyncStatus } from '../contract/index.js';
import { startStation } from '../station/start-station.js';
import { loadStationConfig } from '../station/station-config.js';
import { openSecondConnection } from '../store/database.js';

const t = testCleanups();
const PASSWORD = 'Sup3r-s3cret-pw';
const quiet = () => undefined;

describeWithMongo(
  'sync failures while the station records',
  (server) => {
    it('malformed URI, unreachable host and a refused password each say so; nothing is lost', async () => {
      const dir = t.tempDir('sync-failures-');
      const env = {
        STATION_DEVICE: 'sim:normal-cycling',
        STATION_SIM_SPEED: '10',
        STATION_SIM_PERIOD_MS: '100',
        STATION_DATA_DIR: dir,
      };
      const core = await startStation(loadStationConfig(env), {
        env,
        logger: quiet,
        sync: {
          engine: {
            pollMs: 50,
            statusEveryMs: 50,
            backoff: { baseMs: 50, maxMs: 300 },
            target: { serverSelectionTimeoutMS: 1500 },
          },
        },
      });
      t.defer(() => core.close());
      const database = uniqueDbName('syncfail');
      const status = () => core.status().sync!;
      expect(status().state).toBe('off');

      const refusedPort = await freePort();
      const wrong = server.uri.replace(`:${encodeURIComponent(PASSWORD)}@`, ':not-the-password@');
      const cases: { name: string; uri: string; code: string; says: RegExp }[] = [
        { name: 'malformed', uri: 'mongodb//127.0.0.1:27017', code: 'sync.bad-uri', says: /URI is not valid/ },
        {
          name: 'unreachable',
          uri: `mongodb://127.0.0.1:${refusedPort}/`,
          code: 'sync.unreachable',
          says: new RegExp(`Cannot reach the MongoDB server at 127\\.0\\.0\\.1:${refusedPort}: connection refused`),
        },
        ...(server.kind === 'ferretdb'
          ? [{ name: 'wrong password', uri: wrong, code: 'sync.auth', says: /refused the user name or password/ }]
          : []),
      ];
      for (const c of cases) {
        const before = core.storedReadings;
        await callResult(core, 'setSyncSettings', { enabled: true, uri: c.uri, database, stationId: 'bench-7' });
        const failed = await waitFor(
          () => {
            const s = status();
            return s.lastError?.code === c.code ? s : null;
          },
          `the ${c.name} case to be reported`,
          30_000,
          20,
        );
        expect(failed.lastError!.message, c.name).toMatch(c.says);
        expect(failed.state).toBe('retrying');
        expect(failed.connected).toBe(false);
        for (const shown of [
          JSON.stringify(core.status()),
          JSON.stringify(await callResult(core, 'getSyncSettings', {})),
        ])
          expect(shown, c.name).not.toContain('not-the-password');
        // Recording goes on while the sync fails.
        await waitFor(() => core.storedReadings > before + 4 * 20, `readings stored during the ${c.name} case`, 20_000);
      }

      await callResult(core, 'setSyncSettings', { uri: server.uri });
      const settings = await callResult<{ uriMasked: string }>(core, 'getSyncSettings', {});
      if (server.kind === 'ferretdb') {
        expect(settings.uriMasked).toContain('station:••••@');
        expect(JSON.stringify(core.status())).not.toContain(PASSWORD);
        expect(JSON.stringify(settings)).not.toContain(PASSWORD);
      }
      await waitFor(
        () => status().state === 'up-to-date' && status().lastError === null,
        'sync to recover',
        60_000,
      ).catch((e: Error) => {
        throw new Error(`${e.message}; status: ${JSON.stringify(status())}`);
      });

      // Stop recording, let the sync catch up, and compare everything stored with the server.
      await callResult(core, 'disconnectDevice', { spec: 'sim:normal-cycling' });
      core.flush();
      await waitFor(
        () => {
          const s: SyncStatus = status();
          return s.state === 'up-to-date' && s.pending.total === 0;
        },
        'the backlog to drain',
        60_000,
      );
      const conn = openSecondConnection(`${dir}/station.sqlite`);
      t.defer(() => {
        conn.close();
      });
      const expected = expectedReadings(conn, { storeUid: storeUidOf(conn), stationId: 'bench-7' });
      expect(expected.size).toBeGreaterThan(3 * 20);
      const r = await withClient(server.uri, (c) => compareReadings(c, database, expected));
      expect(r.problems).toEqual([]);
      expect(r.serverDocs).toBe(expected.size);
    }, 180_000);
  },
  { user: { name: 'station', password: PASSWORD } },
);
