/** Chart series through the history read thread: the same answer as the station's own connection, read-only. */
import { describe, expect, it } from 'vitest';
import type { HistorySeries } from '../contract/index.js';
import { openSecondConnection } from '../store/database.js';
import { SeriesQueries, type SeriesRequest } from './series-query.js';
import { SeriesReader } from './series-reader.js';
import { SessionQueries } from './session-rows.js';
import { sessionReportFile } from './session-report-file.js';
import type { Db } from '../store/database.js';
import { fillSession } from '../../testing/history/fill.js';
import { fakeSource, hello, sessionDb, T0 } from '../../testing/history/session-db.js';
import { testCleanups } from '../../testing/test-cleanups.js';

const cleanups = testCleanups();

/** Everything but how long the query took. */
const rows = ({ queryMs: _, ...s }: HistorySeries) => s;

/** What the station's connection answers with where there is no thread. */
function directParts(db: Db) {
  const q = new SessionQueries(db);
  const series = new SeriesQueries(db);
  return {
    direct: series,
    alarms: (id: number, f: number, t: number) => q.alarms(id, f, t),
    report: (r: Parameters<typeof sessionReportFile>[3]) => sessionReportFile(db, series, q, r),
  };
}

function recorded() {
  const { db, path, writer, sessions } = sessionDb(cleanups.tempDir('station-series-reader-'));
  sessions.onHello(hello('RIG-W', 3), T0, fakeSource);
  // An hour at 10 Hz, a gap, 50 min at 1 Hz, a spike, predictions and an alarm, so every part of the answer has rows.
  fillSession(writer, {
    deviceId: 'RIG-W',
    cells: 3,
    periodMs: 100,
    frames: 36_000,
    t0: T0,
    spike: { frame: 18_000, cell: 2, deltaC: 30 },
  });
  fillSession(writer, { deviceId: 'RIG-W', cells: 3, periodMs: 1000, frames: 3000, t0: T0 + 4_200_000 });
  const pred = db.prepare(`INSERT INTO predictions VALUES (1, ?, ?, ?, 0.8)`);
  const roll = db.prepare(`INSERT OR REPLACE INTO risk_rollups VALUES (1, ?, ?, ?, ?)`);
  for (let i = 0; i < 3600; i += 10)
    for (const cell of [1, 2, 3]) {
      const cls = cell === 2 && i >= 1800 && i < 1900 ? 3 : 0;
      pred.run(T0 + i * 1000, cell, cls);
      for (const ms of [60_000, 600_000]) roll.run(ms, Math.floor((T0 + i * 1000) / ms) * ms, cell, cls);
    }
  db.prepare(
    `INSERT INTO alarms (run_id, book_id, session_id, key, code, severity, peak_severity, source, device_id, cell, message, raised_ms, cleared_ms)
     VALUES ('run', 1, 1, 'T_ALARM:RIG-W:2', 'T_ALARM', 'critical', 'critical', 'rule', 'RIG-W', 2, 'hot', ?, ?)`,
  ).run(T0 + 1_800_000, T0 + 1_900_000);
  const reader = new SeriesReader({ dbPath: path, ...directParts(db) });
  cleanups.defer(() => reader.close());
  return { db, path, reader, sessions };
}

const request = (fromMs: number, toMs: number, maxPoints: number): SeriesRequest => ({
  sessionId: 1,
  fromMs,
  toMs,
  maxPoints,
  cells: [1, 2, 3],
  quantities: ['temp', 'voltage', 'current'],
  periodMs: 1000,
});

describe('history read thread', () => {
  it('answers every zoom with the same rows as the station connection, and keeps answering once that is closed', async () => {
    const { db, reader } = recorded();
    expect(await reader.whenReady()).toBe(true);
    expect(reader.threaded).toBe(true);
    const windows = [
      request(T0, T0 + 600_000, 2000), // raw
      request(T0, T0 + 3_600_000, 2000), // 1 s rollups
      request(T0, T0 + 7_500_000, 2000), // raw, across the gap
      request(T0, T0 + 7_500_000, 100), // 1 min rollups
      request(T0 + 1_790_000, T0 + 1_810_000, 50), // the spike, raw and bucketed
    ];
    const direct = windows.map((w) => reader.direct(w));
    expect(new Set(direct.map((s) => s.resolution))).toEqual(new Set(['raw', '1s', '1m']));
    expect(direct.map((s) => [s.t.length > 0, s.alarms.length, s.risk !== null])).toEqual(
      [0, 1, 1, 1, 1].map((alarms) => [true, alarms, true]),
    );
    const threaded = await Promise.all(windows.map((w) => reader.series(w)));
    expect(threaded.map(rows)).toEqual(direct.map(rows));
    // Only the thread's own connection is left to answer from.
    db.close();
    expect(rows(await reader.series(windows[0]!))).toEqual(rows(direct[0]!));
  });

  it('starts the thread at the first query, and answers on the station connection where there is no second one', async () => {
    const { db, reader } = recorded();
    const w = request(T0, T0 + 600_000, 500);
    expect(reader.threaded).toBe(false);
    expect(rows(await reader.series(w))).toEqual(rows(reader.direct(w)));
    expect(reader.threaded).toBe(true);
    const memory = new SeriesReader({ dbPath: ':memory:', ...directParts(db) });
    const answer = await memory.series(w);
    expect(memory.threaded).toBe(false);
    expect(answer.t).toEqual(reader.direct(w).t);
  });

  it('encodes the same answer as JSON on the thread, and on the station connection where there is no thread', async () => {
    const { db, reader } = recorded();
    const w = request(T0, T0 + 3_600_000, 2000);
    const decode = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b)) as HistorySeries;
    const bytes = await reader.seriesJson(w);
    expect(reader.threaded).toBe(true);
    // Its own buffer, not a view into a shared pool: it was moved across, not copied.
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(bytes.byteLength);
    expect(rows(decode(bytes))).toEqual(rows(reader.direct(w)));
    const memory = new SeriesReader({ dbPath: ':memory:', ...directParts(db) });
    expect(decode(await memory.seriesJson(w)).t).toEqual(reader.direct(w).t);
  });

  it('renders the session report on the thread as on the station connection, and there where there is no thread', async () => {
    const { db, reader, sessions } = recorded();
    const r = { session: sessions.get(1), stationVersion: '9.9.9', generatedMs: T0 + 9_000_000 };
    const direct = directParts(db).report(r);
    // The page holds the recorded run: its alarm and its charts, not an empty shell.
    expect(direct.html).toMatch(/T_ALARM|temperature limit/i);
    expect(direct.html).toContain('<svg');
    expect(await reader.report(r)).toEqual(direct);
    expect(reader.threaded).toBe(true);
    const memory = new SeriesReader({ dbPath: ':memory:', ...directParts(db) });
    expect(await memory.report(r)).toEqual(direct);
    expect(memory.threaded).toBe(false);
  });

  it('opens a query-only connection: the thread cannot write', () => {
    const { path } = recorded();
    const c = openSecondConnection(path, { readOnly: true });
    cleanups.defer(() => void c.close());
    expect(c.prepare(`SELECT count(*) FROM frames`).pluck().get()).toBeGreaterThan(0);
    expect(() => c.prepare(`DELETE FROM frames`).run()).toThrow(/readonly|read-only/i);
  });
});
