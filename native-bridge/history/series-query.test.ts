/** Chart series against a real SQLite file: every zoom from the right table, bounded points, spikes kept, gaps, risk classes. */
import { describe, expect, it } from 'vitest';
import type { Db } from '../store/database.js';
import type { StoreWriter } from '../store/store-writer.js';
import { SeriesQueries } from './series-query.js';
import type { SessionManager } from './session-manager.js';
import { fillSession } from '../../testing/history/fill.js';
import { fakeSource, hello, sessionDb, T0 } from '../../testing/history/session-db.js';
import { testCleanups } from '../../testing/test-cleanups.js';

const cleanups = testCleanups();
const setup = (now?: () => number) => sessionDb(cleanups.tempDir('station-history-'), now);

describe('chart series', () => {
  // One hour at 10 Hz, 4 cells, with a 1-frame spike of +40 °C on cell 3.
  const spikeFrame = 21_234;
  function recorded(db: Db, writer: StoreWriter, sessions: SessionManager) {
    sessions.onHello(hello('RIG-A'), T0, fakeSource);
    fillSession(writer, {
      deviceId: 'RIG-A',
      cells: 4,
      periodMs: 100,
      frames: 36_000,
      t0: T0,
      spike: { frame: spikeFrame, cell: 3, deltaC: 40 },
    });
    return new SeriesQueries(db);
  }

  it('reads every zoom level from the right table, never more than maxPoints, with the spike in its max', () => {
    const { db, writer, sessions } = setup();
    const q = recorded(db, writer, sessions);
    const spikeT = T0 + spikeFrame * 100;
    const cases = [
      { w: 20_000, resolution: 'raw', exact: true },
      { w: 600_000, resolution: 'raw', exact: false },
      { w: 1_800_000, resolution: '1s', exact: false },
      { w: 3_600_000, resolution: '1s', exact: false },
      { w: 40 * 3_600_000, resolution: '1m', exact: false },
      { w: 400 * 3_600_000, resolution: '10m', exact: false },
    ] as const;
    for (const c of cases) {
      const from = Math.max(T0, spikeT - c.w / 2);
      const s = q.series(
        {
          sessionId: 1,
          fromMs: from,
          toMs: from + c.w,
          maxPoints: 2000,
          cells: [1, 2, 3, 4],
          quantities: ['temp', 'voltage', 'current'],
          periodMs: 100,
        },
        [],
      );
      expect(s.resolution, `window ${c.w}`).toBe(c.resolution);
      expect(s.t.length).toBeLessThanOrEqual(2000);
      expect(s.sourceRows).toBeLessThanOrEqual(4 * 2000);
      expect(s.bucketMs === 0).toBe(c.exact);
      const t3 = s.series.find((x) => x.quantity === 'temp' && x.cell === 3)!;
      const peak = Math.max(...t3.max.filter((v): v is number => v !== null));
      expect(peak, `spike visible at window ${c.w}`).toBeGreaterThan(60);
      // The mean hides it at coarse zooms, which is why min and max are kept.
      if (c.w >= 3_600_000) expect(Math.max(...t3.mean.filter((v): v is number => v !== null))).toBeLessThan(40);
      expect(s.series.map((x) => x.quantity + (x.cell ?? ''))).toEqual([
        'temp1',
        'temp2',
        'temp3',
        'temp4',
        'voltage1',
        'voltage2',
        'voltage3',
        'voltage4',
        'current',
      ]);
    }
    db.close();
  });

  it('puts a null point in a gap so a chart does not bridge it', () => {
    const { db, writer, sessions } = setup();
    sessions.onHello(hello('RIG-G', 1), T0, fakeSource);
    fillSession(writer, { deviceId: 'RIG-G', cells: 1, periodMs: 1000, frames: 30, t0: T0 });
    fillSession(writer, { deviceId: 'RIG-G', cells: 1, periodMs: 1000, frames: 30, t0: T0 + 600_000 });
    const s = new SeriesQueries(db).series(
      {
        sessionId: 1,
        fromMs: T0,
        toMs: T0 + 700_000,
        maxPoints: 2000,
        cells: [1],
        quantities: ['temp'],
        periodMs: 1000,
      },
      [],
    );
    expect(s.series[0]!.mean.filter((v) => v === null)).toHaveLength(1);
    db.close();
  });

  it('draws risk classes from predictions, and from their rollups for long windows', () => {
    const { db, writer, sessions } = setup();
    sessions.onHello(hello('RIG-R', 2), T0, fakeSource);
    fillSession(writer, { deviceId: 'RIG-R', cells: 2, periodMs: 1000, frames: 7200, t0: T0 });
    const ins = db.prepare(`INSERT INTO predictions VALUES (1, ?, ?, ?, 0.9)`);
    const roll = db.prepare(
      `INSERT INTO risk_rollups VALUES (1, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET max_class = max(max_class, excluded.max_class)`,
    );
    for (let i = 0; i < 7200; i++)
      for (const cell of [1, 2]) {
        const cls = cell === 2 && i === 5000 ? 4 : i > 3600 ? 1 : 0;
        ins.run(T0 + i * 1000, cell, cls);
        for (const ms of [60_000, 600_000]) roll.run(ms, Math.floor((T0 + i * 1000) / ms) * ms, cell, cls);
      }
    const q = new SeriesQueries(db);
    const short = q.series(
      {
        sessionId: 1,
        fromMs: T0,
        toMs: T0 + 600_000,
        maxPoints: 2000,
        cells: [1, 2],
        quantities: ['temp'],
        periodMs: 1000,
      },
      [],
    );
    expect(short.risk?.resolution).toBe('raw');
    const long = q.series(
      {
        sessionId: 1,
        fromMs: T0,
        toMs: T0 + 7_200_000,
        maxPoints: 200,
        cells: [1, 2],
        quantities: ['temp'],
        periodMs: 1000,
      },
      [],
    );
    expect(long.risk?.resolution).toBe('1m');
    expect(Math.max(...long.risk!.series[1]!.max.map((v) => v ?? 0))).toBe(4);
    expect(long.risk!.t.length).toBeLessThanOrEqual(200);
    db.close();
  });
});
