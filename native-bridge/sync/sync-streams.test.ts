/**
 * The station side of the sync on a real SQLite file, without a server: what each stream hands out,
 * and what the marks and the change list do when rows are deleted, changed again, or written before
 * sync was switched on.
 */
import { describe, expect, it } from 'vitest';
import { fillSession } from '../../testing/history/fill.js';
import { openStationDb } from '../../testing/sync/sync-fixture.js';
import { testCleanups } from '../../testing/test-cleanups.js';
import { openSecondConnection } from '../store/database.js';
import { DEFAULT_BATCH_SIZES, SyncState, type SyncStream } from './sync-streams.js';

const t = testCleanups();
const T0 = 1_717_405_200_000;

function setup(opts: { frames?: number; started?: boolean; sizes?: Partial<typeof DEFAULT_BATCH_SIZES> } = {}) {
  const station = openStationDb(t.tempDir('sync-streams-'));
  t.defer(() => station.close());
  if (opts.frames) fillSession(station.writer, { cells: 4, periodMs: 100, frames: opts.frames, t0: T0 });
  const conn = openSecondConnection(station.path);
  t.defer(() => {
    conn.close();
  });
  const state = new SyncState(conn);
  if (opts.started !== false) state.ensureStarted();
  const streams = state.streams(() => ({ storeUid: state.storeUid, stationId: 'st' }), {
    ...DEFAULT_BATCH_SIZES,
    ...opts.sizes,
  });
  const byName = (n: string) => streams.find((s) => s.name === n)!;
  return { station, conn, state, byName };
}

/** Everything a stream has now, each batch committed as if the server took it. */
function drain(s: SyncStream): { docs: { _id: string; [k: string]: unknown }[]; batches: number } {
  const docs = [];
  let batches = 0;
  for (let b = s.next(); b; b = s.next()) {
    docs.push(...b.docs);
    b.commit();
    batches++;
    if (batches > 1000) throw new Error('stream never ends');
  }
  return { docs, batches };
}

describe('sync streams on a real station file', () => {
  it('frames: a mark, batches in id order, and nothing twice', () => {
    const { byName } = setup({ frames: 1234, sizes: { frames: 500 } });
    const frames = byName('frames');
    expect(frames.pending()).toEqual({ count: 1234, exact: true });
    const { docs, batches } = drain(frames);
    expect(batches).toBe(3);
    expect(new Set(docs.map((d) => d._id)).size).toBe(1234);
    expect(frames.next()).toBeNull();
    expect(frames.pending().count).toBe(0);
  });

  it('a deleted newest frame lowers the mark, so ids handed out again are still sent', () => {
    const { station, conn, byName } = setup({ frames: 100 });
    const frames = byName('frames');
    drain(frames);
    // A cancelled import deletes the newest frames; SQLite then gives their ids to the next frames.
    station.db.prepare(`DELETE FROM frames WHERE id > 80`).run();
    expect(conn.prepare(`SELECT last_id, epoch FROM sync_marks WHERE stream = 'frames'`).get()).toEqual({
      last_id: 80,
      epoch: 1,
    });
    fillSession(station.writer, { cells: 4, periodMs: 100, frames: 30, t0: T0 + 1_000_000, seed: 2 });
    const again = drain(frames).docs;
    expect(again).toHaveLength(30);
    expect(Math.min(...(station.db.prepare(`SELECT id FROM frames WHERE id > 80`).pluck().all() as number[]))).toBe(81);
  });

  it('a batch read before such a deletion cannot move the mark back up', () => {
    const { station, conn, byName } = setup({ frames: 100 });
    const frames = byName('frames');
    const b = frames.next()!;
    station.db.prepare(`DELETE FROM frames WHERE id > 60`).run();
    b.commit();
    // The stale commit is refused: the rows are read (and sent) again, which their ids make harmless.
    expect(conn.prepare(`SELECT last_id FROM sync_marks WHERE stream = 'frames'`).pluck().get()).toBe(0);
    fillSession(station.writer, { cells: 4, periodMs: 100, frames: 5, t0: T0 + 1_000_000, seed: 3 });
    const ids = drain(frames).docs.map((d) => d.seq);
    expect(ids).toHaveLength(65);
  });

  it('counts the readings retention deleted before they were sent', () => {
    const { station, byName, state } = setup({ frames: 100, sizes: { frames: 50 } });
    const frames = byName('frames');
    frames.next()!.commit();
    station.db.prepare(`DELETE FROM frames WHERE id <= 70`).run();
    expect(state.prunedReadings()).toBe(20 * 4);
  });

  it('before sync is switched on the triggers write nothing; switching on makes everything the backlog', () => {
    const { station, conn, state, byName } = setup({ frames: 10, started: false });
    station.db.prepare(`INSERT INTO predictions VALUES (1, ?, 1, 2, 0.9)`).run(T0);
    expect(conn.prepare(`SELECT count(*) FROM sync_dirty`).pluck().get()).toBe(0);
    state.ensureStarted();
    expect(byName('sessions').pending().count).toBe(1);
    expect(byName('frames').pending().count).toBe(10);
    expect(byName('predictions').pending().count).toBe(1);
  });

  it('predictions: the backfill pages through old rows by device-second; later rows come by the change list', () => {
    const { station, conn, state, byName } = setup({ frames: 10, started: false, sizes: { predictionRows: 6 } });
    const ins = station.db.prepare(`INSERT INTO predictions VALUES (1, ?, ?, ?, 0.5)`);
    for (let s = 0; s < 5; s++) for (let cell = 1; cell <= 4; cell++) ins.run(T0 + s * 1000, cell, s % 5);
    state.ensureStarted();
    const p = byName('predictions');
    const first = drain(p);
    // Pages of 6 rows cut seconds of 4 cells in half; each second still arrives whole, once.
    expect(first.docs.map((d) => (d.cells as unknown[]).length)).toEqual([4, 4, 4, 4, 4]);
    expect(conn.prepare(`SELECT done FROM sync_marks WHERE stream = 'predictions_backfill'`).pluck().get()).toBe(1);
    station.db.prepare(`UPDATE sessions SET model_version = 'v2' WHERE id = 1`).run();
    station.db.prepare(`UPDATE sessions SET last_data_ms = ? WHERE id = 1`).run(T0 + 10_000);
    for (let cell = 1; cell <= 4; cell++) ins.run(T0 + 20_000, cell, 3);
    const later = drain(p).docs;
    expect(later).toHaveLength(1);
    expect(later[0]!.modelVersion).toBe('v2');
    expect((later[0]!.cells as unknown[])[0]).toEqual({ cell: 1, class: 'Alarm', classIndex: 3, confidence: 0.5 });
    expect(first.docs[0]!.modelVersion).toBe('none');
  });

  it('a change after a batch was read keeps its entry for the next batch', () => {
    const { station, byName } = setup({ frames: 10 });
    const ins = station.db.prepare(`INSERT OR REPLACE INTO predictions VALUES (1, ?, 1, ?, 0.5)`);
    const p = byName('predictions');
    drain(p);
    ins.run(T0, 1);
    const b = p.next()!;
    ins.run(T0, 4);
    b.commit();
    const again = drain(p).docs;
    expect(again).toHaveLength(1);
    expect(again[0]!.cells).toEqual([{ cell: 1, class: 'Runaway', classIndex: 4, confidence: 0.5 }]);
  });

  it('a deleted session asks for its documents to be deleted, under the key it was sent with', () => {
    const { station, state, byName } = setup({ frames: 10 });
    const created = station.db.prepare(`SELECT created_ms FROM sessions WHERE id = 1`).pluck().get() as number;
    drain(byName('sessions'));
    station.db.prepare(`DELETE FROM frames WHERE session_id = 1`).run();
    station.db.prepare(`DELETE FROM sessions WHERE id = 1`).run();
    const b = byName('deleted-sessions').next()!;
    expect(b.deleteSessions).toEqual([`${state.storeUid}-1-${created.toString(36)}`]);
    b.commit();
    expect(byName('deleted-sessions').next()).toBeNull();
  });
});
