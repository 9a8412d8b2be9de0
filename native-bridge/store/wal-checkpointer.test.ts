/**
 * The WAL checkpoint thread: while it runs, the station's commits never checkpoint and the log stays
 * small anyway; without it, the station's commits checkpoint again.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testCleanups } from '../../testing/test-cleanups.js';
import { waitFor } from '../../testing/serial/wait-for.js';
import { openDatabase } from './database.js';
import { WalCheckpointer } from './wal-checkpointer.js';

const cleanups = testCleanups();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MB = 1 << 20;

function store() {
  const path = join(cleanups.tempDir('station-checkpoint-'), 'station.sqlite');
  const db = openDatabase(path);
  cleanups.defer(() => void db.close());
  db.exec('CREATE TABLE scratch (b BLOB)');
  const insert = db.prepare('INSERT INTO scratch VALUES (?)');
  const walBytes = () => statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0;
  /** 1 MB a commit, `n` commits, the station's thread yielding between them as its writer does. */
  const write = async (n: number) => {
    for (let i = 0; i < n; i++) {
      insert.run(Buffer.alloc(MB, i));
      await sleep(40);
    }
  };
  const autocheckpoint = () => db.pragma('wal_autocheckpoint', { simple: true }) as number;
  return { db, path, walBytes, write, autocheckpoint };
}

describe('WAL checkpoint thread', () => {
  it('takes the checkpoints off the station connection and keeps the log small', async () => {
    const s = store();
    const checkpoints: number[] = [];
    const cp = new WalCheckpointer({
      db: s.db,
      dbPath: s.path,
      everyMs: 50,
      onCheckpoint: (c) => checkpoints.push(c.copiedPages),
    });
    cleanups.defer(() => cp.close());
    expect(s.autocheckpoint()).toBe(1000);
    cp.start();
    await waitFor(() => cp.active, 'the checkpoint thread');
    expect(s.autocheckpoint()).toBe(0);
    await s.write(30);
    // 30 MB went through the log; checkpointed as it went, the log started over again and again.
    expect(s.walBytes()).toBeLessThan(12 * MB);
    await waitFor(() => checkpoints.length > 0, 'a checkpoint from the thread');
    expect(Math.max(...checkpoints)).toBeGreaterThan(0);
    await cp.close();
    expect(cp.active).toBe(false);
    expect(s.autocheckpoint()).toBe(1000);
  });

  it('without the thread the station commits checkpoint again: the log is not left to grow', async () => {
    const s = store();
    const cp = new WalCheckpointer({ db: s.db, dbPath: s.path, everyMs: 50 });
    cleanups.defer(() => cp.close());
    cp.start();
    await waitFor(() => cp.active, 'the checkpoint thread');
    // The thread dies (a crash of its own): its work comes back to the station's commits.
    await (cp as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await waitFor(() => !cp.active, 'the hand-back');
    expect(s.autocheckpoint()).toBe(1000);
    // And with no one checkpointing at all the same writes leave the whole of them in the log.
    s.db.pragma('wal_autocheckpoint = 0');
    await s.write(15);
    expect(s.walBytes()).toBeGreaterThan(15 * MB);
  });

  it('leaves the station checkpointing in its commits where the thread cannot open the file', async () => {
    const s = store();
    const errors: string[] = [];
    const cp = new WalCheckpointer({
      db: s.db,
      dbPath: join(s.path, 'not-a-file.sqlite'),
      onError: (m) => errors.push(m),
    });
    cleanups.defer(() => cp.close());
    cp.start();
    await waitFor(() => errors.length > 0, 'the thread saying it could not open');
    expect(errors[0]).toMatch(/unavailable/);
    expect(cp.active).toBe(false);
    expect(s.autocheckpoint()).toBe(1000);
  });
});
