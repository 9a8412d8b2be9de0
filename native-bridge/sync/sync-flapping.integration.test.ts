/**
 * The station (`serve.ts`, its own process, simulated rig streaming) syncs while the server is stopped
 * and started again and again, and while the station itself is killed with SIGKILL in the middle of a
 * batch and restarted on the same data folder. Afterwards every stored frame is on the server once
 * and only once, unchanged, and the sessions and link events too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { waitFor } from '../../testing/serial/wait-for.js';
import {
  compareReadings,
  describeWithMongo,
  expectedReadings,
  storeUidOf,
  uniqueDbName,
  withClient,
} from '../../testing/sync/sync-fixture.js';
import { testCleanups } from '../../testing/test-cleanups.js';
import { openDatabase, openSecondConnection } from '../store/database.js';
import { SYNC_SECRET_FILE } from '../station/station-sync.js';
import { FileSecretStore } from './secret-store.js';
import { SyncEngine } from './sync-engine.js';
import type { EngineStatus } from './sync-runner.js';

const t = testCleanups();
const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const SERVE = join(ROOT, 'native-bridge', 'server', 'serve.ts');
const RESTARTS = 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Station {
  child: ChildProcess;
  /** Lines the station printed so far. */
  lines: string[];
}

function startServe(dir: string, seed: number): Promise<Station> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      STATION_DATA_DIR: dir,
      STATION_WEB_ROOT: dir,
      STATION_DEVICE: 'sim',
      STATION_SIM_SPEED: '20',
      STATION_SIM_PERIOD_MS: '100',
      STATION_SIM_SEED: String(seed),
      STATION_SYNC_TRACE: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let tail = '';
  const onData = (b: Buffer) => {
    tail += b.toString();
    const parts = tail.split('\n');
    tail = parts.pop()!;
    lines.push(...parts);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  return waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`the station exited:\n${lines.join('\n')}`);
      return lines.some((l) => l.startsWith('Station serving on '));
    },
    'the station to serve',
    60_000,
    20,
  ).then(() => ({ child, lines }));
}

function kill(s: Station, signal: NodeJS.Signals): Promise<void> {
  if (s.child.exitCode !== null) return Promise.resolve();
  const gone = new Promise<void>((r) => s.child.once('exit', () => r()));
  s.child.kill(signal);
  return gone;
}

describeWithMongo('sync through a flapping server and a killed station', (server) => {
  it(`${RESTARTS} server restarts and kill -9 mid-batch: nothing missing, nothing twice`, async () => {
    const dir = t.tempDir('sync-flap-');
    const database = uniqueDbName('syncflap');
    // Configured the way the station stores it: settings in the database, the URI in the secret file.
    const seed = openDatabase(join(dir, 'station.sqlite'));
    seed
      .prepare(`INSERT INTO settings (key, value) VALUES ('sync', ?)`)
      .run(JSON.stringify({ enabled: true, database, stationId: 'flap-1' }));
    seed.close();
    await new FileSecretStore(join(dir, SYNC_SECRET_FILE)).set(server.uri);

    let station = await startServe(dir, 11);
    t.defer(() => kill(station, 'SIGKILL'));
    const sentBatches = () => station.lines.filter((l) => l.startsWith('[sync] sent ')).length;
    await waitFor(() => sentBatches() >= 3, 'the first batches to be sent', 60_000);

    for (let i = 1; i <= RESTARTS; i++) {
      await server.stop();
      await sleep(300 + 150 * (i % 4));
      await server.start();
      // Back in business before the next outage: at least one more batch through.
      const before = sentBatches();
      await waitFor(() => sentBatches() > before, `a batch after server restart ${i}`, 60_000, 20).catch((e: Error) => {
        throw new Error(`${e.message}; the station said:\n${station.lines.slice(-60).join('\n')}`);
      });
      if (i === 4 || i === 8) {
        // SIGKILL while a batch is on its way: the moment the station says it is sending one.
        const sending = station.lines.length;
        await waitFor(
          () => station.lines.slice(sending).some((l) => l.startsWith('[sync] sending frames')),
          'a readings batch in flight',
          60_000,
          1,
        );
        await kill(station, 'SIGKILL');
        station = await startServe(dir, 11 + i);
        await waitFor(() => sentBatches() >= 1, 'sync to resume after the kill', 60_000);
      }
    }
    await kill(station, 'SIGTERM');

    // What the station stored is now fixed; drain the rest from here, as the next start would.
    const conn = openSecondConnection(join(dir, 'station.sqlite'));
    t.defer(() => {
      conn.close();
    });
    let last: EngineStatus | null = null;
    const engine = new SyncEngine(conn, { uri: server.uri, database, stationId: 'flap-1' }, (s) => (last = s), {
      pollMs: 50,
      statusEveryMs: 50,
    });
    engine.start();
    await waitFor(() => last?.state === 'up-to-date' && last.pending.total === 0, 'the rest to drain', 120_000);
    await engine.stop();

    const expected = expectedReadings(conn, { storeUid: storeUidOf(conn), stationId: 'flap-1' });
    const sessions = conn.prepare(`SELECT count(*) FROM sessions`).pluck().get() as number;
    const events = conn.prepare(`SELECT count(*) FROM link_events`).pluck().get() as number;
    expect(expected.size).toBeGreaterThan(500);
    const r = await withClient(server.uri, (c) => compareReadings(c, database, expected));
    expect(r.problems).toEqual([]);
    expect(r.serverDocs).toBe(expected.size);
    const counts = await withClient(server.uri, async (c) => ({
      sessions: await c.db(database).collection('sessions').countDocuments(),
      events: await c.db(database).collection('link_events').countDocuments(),
    }));
    expect(counts).toEqual({ sessions, events });
    console.log(
      `flapping: ${RESTARTS} server restarts, 2 SIGKILLs mid-batch, ${expected.size} frames / ${r.readings} readings, ` +
        `${sessions} sessions, ${events} link events; problems: ${r.problems.length}`,
    );
  }, 420_000);
});
