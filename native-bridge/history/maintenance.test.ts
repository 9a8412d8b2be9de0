/** Retention: the ranges around alarms that are kept, and deleting old raw frames while the rollups stay. */
import { describe, expect, it } from 'vitest';
import { deletableRanges, Maintenance } from './maintenance.js';
import { fillSession } from '../../testing/history/fill.js';
import { fakeSource, hello, sessionDb, T0 } from '../../testing/history/session-db.js';
import { testCleanups } from '../../testing/test-cleanups.js';

const cleanups = testCleanups();
const setup = (now?: () => number) => sessionDb(cleanups.tempDir('station-history-'), now);

describe('retention', () => {
  it('splits the old part into the ranges around alarms', () => {
    expect(deletableRanges(100, [])).toEqual([[-Infinity, 100]]);
    expect(
      deletableRanges(100, [
        [40, 60],
        [50, 70],
        [90, 120],
        [200, 300],
      ]),
    ).toEqual([
      [-Infinity, 40],
      [71, 90],
    ]);
  });

  it('deletes raw frames older than N days except ±10 min around alarm changes, and keeps the rollups', async () => {
    const now = T0 + 40 * 86_400_000;
    const { db, path, writer, sessions } = setup(() => now);
    sessions.onHello(hello('RIG-T', 2), T0, fakeSource);
    // Two hours of 1 Hz data, 40 days old; an alarm one hour in.
    fillSession(writer, { deviceId: 'RIG-T', cells: 2, periodMs: 1000, frames: 7200, t0: T0 });
    db.prepare(
      `INSERT INTO alarms (run_id, book_id, session_id, key, code, severity, peak_severity, source, message, raised_ms)
       VALUES ('r', 1, 1, 'k', 'T_WARN', 'warning', 'warning', 'rule', 'm', ?)`,
    ).run(T0 + 3_600_000);
    db.prepare(`INSERT INTO alarm_changes VALUES (1, ?, 'raised', 'warning', 'm')`).run(T0 + 3_600_000);
    const rollupsBefore = db.prepare(`SELECT count(*) FROM rollup_1s`).pluck().get();
    const m = new Maintenance({ db, path, writer, now: () => now, deleteStep: 500 });
    m.setSettings({ rawRetentionDays: 30 });
    await m.run();
    const left = db.prepare(`SELECT min(t_host_ms) AS lo, max(t_host_ms) AS hi, count(*) AS n FROM frames`).get() as {
      lo: number;
      hi: number;
      n: number;
    };
    expect(left.n).toBe(1201);
    expect(left.lo).toBe(T0 + 3_600_000 - 600_000);
    expect(left.hi).toBe(T0 + 3_600_000 + 600_000);
    expect(db.prepare(`SELECT count(*) FROM rollup_1s`).pluck().get()).toBe(rollupsBefore);
    expect(m.info().lastRetention?.framesDeleted).toBe(7200 - 1201);
    expect(m.info().lastVacuum?.pagesFreed).toBeGreaterThan(0);
    expect(m.info().settings.rawRetentionDays).toBe(30);
    db.close();
  });
});
