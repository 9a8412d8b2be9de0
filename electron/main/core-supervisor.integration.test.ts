/**
 * The real core host (core-host-runner, as the utility process runs it) under Node, streaming the
 * simulated rig into SQLite: killed with SIGKILL it loses none of the readings it had committed, the
 * supervisor restarts it onto the same database and it goes on storing; asked to shut down, it
 * commits every frame it took in before it exits.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Notice } from '../../native-bridge/contract/domain.js';
import { spawnNodeCore, type NodeCore } from '../../testing/electron/node-core-process.js';
import { waitFor } from '../../testing/serial/wait-for.js';
import { testCleanups } from '../../testing/test-cleanups.js';
import { CoreSupervisor } from './core-supervisor.js';

const cleanups = testCleanups();

function storedFrames(dbPath: string): number {
  if (!existsSync(dbPath)) return 0;
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT count(*) FROM samples').pluck().get() as number;
  } catch {
    return 0; // the schema is not there yet
  } finally {
    db.close();
  }
}

function integrity(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

function station() {
  const dir = cleanups.tempDir('core-host-');
  const env = { STATION_DATA_DIR: dir, STATION_DEVICE: 'sim', STATION_SIM_PERIOD_MS: '20', STATION_SIM_CELLS: '4' };
  const cores: NodeCore[] = [];
  const notices: Notice[] = [];
  const sup = new CoreSupervisor({
    spawn: () => {
      const c = spawnNodeCore(env);
      cores.push(c);
      return c;
    },
    restartDelaysMs: [200],
  });
  sup.onEvent((e, p) => void (e === 'onNotice' && notices.push(p as Notice)));
  cleanups.defer(async () => {
    await sup.shutdown();
    for (const c of cores) c.kill();
  });
  return { sup, cores, notices, dbPath: join(dir, 'station.sqlite') };
}

// Two host processes start (tsx, SQLite, the ONNX model) in each test: generous on a loaded machine.
describe('the core host under its supervisor', { timeout: 120_000 }, () => {
  it('SIGKILL loses no committed reading; the restarted core reopens the database and stores on', async () => {
    const { sup, cores, notices, dbPath } = station();
    expect(await sup.ready).toBe(dbPath);
    await waitFor(() => storedFrames(dbPath) >= 50, '50 committed frames', 60_000, 100);
    const committed = storedFrames(dbPath);
    cores[0]!.kill();
    expect(await cores[0]!.exitCode).toBe(137);
    const afterKill = storedFrames(dbPath);
    expect(afterKill).toBeGreaterThanOrEqual(committed);
    expect(integrity(dbPath)).toBe('ok');

    await waitFor(() => cores.length === 2 && sup.state === 'running', 'the restart', 30_000);
    expect(await sup.ready).toBe(dbPath);
    await waitFor(() => storedFrames(dbPath) >= afterKill + 50, '50 more frames from the new core', 60_000, 100);
    const stats = await sup.call('getStats', {}, Date.now() + 5000);
    expect(stats.ok).toBe(true);
    const shell = notices.filter((n) => n.id < 0);
    expect(shell.map((n) => n.code)).toEqual(['core.exited', 'core.restarted']);
    expect(shell[0]!.message).toMatch(/exit code 137/);
  });

  it('shutdown commits every frame the core took in, then the process exits by itself', async () => {
    const { sup, cores, dbPath } = station();
    await sup.ready;
    await waitFor(() => storedFrames(dbPath) >= 30, '30 committed frames', 60_000, 100);
    await sup.shutdown();
    expect(await cores[0]!.exitCode).toBe(0);
    const closed = cores[0]!.messages.find((m) => m.type === 'closed');
    expect(closed).toMatchObject({ type: 'closed' });
    const ingested = (closed as { framesIngested: number }).framesIngested;
    expect(ingested).toBeGreaterThanOrEqual(30);
    expect(storedFrames(dbPath)).toBe(ingested);
    expect(sup.state).toBe('stopped');
  });
});
