/**
 * A sync whose runner dies is started again after a backoff, says so meanwhile, and stays stopped once
 * the station closes. The runner is a stand-in here (the restart is the service's); the real worker's
 * own death is the last test, and the whole sync against FerretDB is in the integration tests beside.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../testing/serial/wait-for.js';
import { testCleanups } from '../../testing/test-cleanups.js';
import { openDatabase } from '../store/database.js';
import { MemorySecretStore } from './secret-store.js';
import { SyncEngine } from './sync-engine.js';
import { startWorkerRunner, type EngineStatus, type RunnerHooks, type WorkerData } from './sync-runner.js';
import { SyncService } from './sync-service.js';

const t = testCleanups();

const upToDate: EngineStatus = {
  state: 'up-to-date',
  connected: true,
  pending: { frames: 0, sessions: 0, predictions: 0, alarmChanges: 0, linkEvents: 0, total: 0, exact: true },
  lastSyncMs: 1,
  lastError: null,
  nextRetryMs: null,
  readingsCollection: 'timeseries',
  sentDocs: 0,
  prunedReadings: 0,
};

function service(behave: (attempt: number, hooks: RunnerHooks) => void, reviveMs = 40) {
  const dbPath = join(t.tempDir('sync-revive-'), 'station.sqlite');
  const db = openDatabase(dbPath);
  t.defer(() => {
    db.close();
  });
  const started: number[] = [];
  const sync = new SyncService({
    db,
    dbPath,
    writer: null,
    secrets: new MemorySecretStore('mongodb://127.0.0.1:1/'),
    revive: { baseMs: reviveMs, maxMs: reviveMs },
    startRunner: (_data, hooks) => {
      const attempt = started.push(Date.now());
      setTimeout(() => behave(attempt, hooks), 5);
      return { stop: () => Promise.resolve() };
    },
  });
  t.defer(() => sync.close());
  return { sync, started };
}

describe('SyncService revives a dead runner', () => {
  it('reports the death with the time of the next try, then starts again and recovers', async () => {
    const { sync, started } = service((attempt, hooks) => {
      if (attempt < 3) hooks.onFailed(`crash ${attempt}`);
      else hooks.onStatus(upToDate);
    });
    await sync.start();
    await sync.setSettings({ enabled: true });
    const dead = await waitFor(() => (sync.status().state === 'retrying' ? sync.status() : null), 'retrying');
    expect(dead.lastError?.message).toMatch(/^The sync worker stopped: crash \d$/);
    expect(dead.nextRetryMs).toBeGreaterThan(Date.now() - 1000);
    await waitFor(() => sync.status().state === 'up-to-date', 'the third runner to report up to date', 5000);
    expect(started).toHaveLength(3);
    // Each start waited out its backoff (40 ms drawn between 20 and 40).
    expect(started[2]! - started[1]!).toBeGreaterThanOrEqual(20);
  });

  it('still revives after a settings change cancelled a pending revive', async () => {
    // Runner 1 dies (a revive is pending), the operator saves settings before it fires (runner 2),
    // runner 2 dies too: its revive must still come, and runner 3 recovers.
    const { sync, started } = service((attempt, hooks) => {
      if (attempt < 3) hooks.onFailed(`crash ${attempt}`);
      else hooks.onStatus(upToDate);
    }, 400);
    await sync.start();
    await sync.setSettings({ enabled: true });
    await waitFor(() => sync.status().state === 'retrying', 'the first death');
    await sync.setSettings({ stationId: 'bench-9' });
    await waitFor(() => sync.status().state === 'up-to-date', 'the third runner after the second death', 5000);
    expect(started).toHaveLength(3);
  });

  it('starts nothing more once closed, even with a revive pending', async () => {
    const { sync, started } = service((_attempt, hooks) => hooks.onFailed('crash'));
    await sync.start();
    await sync.setSettings({ enabled: true });
    await waitFor(() => sync.status().state === 'retrying', 'retrying');
    await sync.close();
    const after = started.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(started).toHaveLength(after);
  });
});

describe('the worker runner', () => {
  it('reports a worker that could not open the store once, with the store’s words', async () => {
    const failures: string[] = [];
    const data: WorkerData = {
      dbPath: join(t.tempDir('sync-revive-'), 'no-such-dir', 'station.sqlite'),
      config: { uri: 'mongodb://127.0.0.1:1/', database: 'x', stationId: 's' },
      options: {},
      trace: false,
    };
    const runner = startWorkerRunner(data, { onStatus: () => undefined, onFailed: (m) => failures.push(m) });
    t.defer(() => runner.stop());
    await waitFor(() => failures.length > 0, 'the failure', 20_000);
    // The worker exits after its message: that exit must not be reported as a second, vaguer death.
    await new Promise((r) => setTimeout(r, 300));
    expect(failures).toHaveLength(1);
    expect(failures[0]).not.toMatch(/worker thread ended/);
  });
});

describe('the engine loop', () => {
  it('outlives a failure it cannot even report (the store gone under it)', async () => {
    const db = openDatabase(join(t.tempDir('sync-revive-'), 'station.sqlite'));
    const statuses: EngineStatus[] = [];
    const engine = new SyncEngine(
      db,
      { uri: 'mongodb://127.0.0.1:1/', database: 'x', stationId: 's' },
      (s) => statuses.push(s),
      { backoff: { baseMs: 10, maxMs: 20 }, target: { serverSelectionTimeoutMS: 50 } },
    );
    db.close();
    engine.start();
    await new Promise((r) => setTimeout(r, 400));
    // Each report reads the pending counts from the closed store and throws; the loop goes on.
    await expect(engine.stop(500)).resolves.toBeUndefined();
  });
});
