/**
 * docs/SYNC.md's example queries, taken from the doc and run as written (testing/sync/doc-queries.ts)
 * on what a station synced: the simulated oven at 2000× runs away, an alarm is acknowledged, the sync
 * drains to a real server (FerretDB, or MONGO_TEST_URI), and each query's answer is checked against the
 * station's own SQLite file. A field renamed in the documents or in the doc fails here.
 */
import { expect, it } from 'vitest';
import type { Document } from 'mongodb';
import { docQueries, runInShell, checkOnServer, type ShellRun } from '../../testing/sync/doc-queries.js';
import { waitFor } from '../../testing/serial/wait-for.js';
import {
  describeWithMongo,
  expectedReadings,
  storeUidOf,
  uniqueDbName,
  withClient,
} from '../../testing/sync/sync-fixture.js';
import { callResult } from '../../testing/station-calls.js';
import { testCleanups } from '../../testing/test-cleanups.js';
import { startStation } from '../station/start-station.js';
import { loadStationConfig } from '../station/station-config.js';
import { openSecondConnection, type Db as StationDb } from '../store/database.js';

const t = testCleanups();
const STATION = 'bench-3';
const COLLECTIONS = ['readings', 'sessions', 'predictions', 'alarms', 'link_events'];
const HOUR_MS = 3_600_000;

/** Per session, cell and UTC hour, the highest temperature the station stored. */
function hourlyMaxima(conn: StationDb, hourKey: (hourMs: number) => unknown): Document[] {
  const max = new Map<string, { session: string; cell: number; hourMs: number; maxTempC: number }>();
  for (const d of expectedReadings(conn, { storeUid: storeUidOf(conn), stationId: STATION }).values()) {
    const hourMs = Math.floor((d.ts as Date).getTime() / HOUR_MS) * HOUR_MS;
    for (const c of d.cells as { cell: number; tempC: number | null }[]) {
      if (c.tempC === null) continue;
      const k = `${d.meta.session}|${c.cell}|${hourMs}`;
      const m = max.get(k);
      if (!m) max.set(k, { session: d.meta.session as string, cell: c.cell, hourMs, maxTempC: c.tempC });
      else m.maxTempC = Math.max(m.maxTempC, c.tempC);
    }
  }
  return [...max.values()]
    .sort((a, b) => a.hourMs - b.hourMs || a.cell - b.cell)
    .map((m) => ({ _id: { session: m.session, cell: m.cell, hour: hourKey(m.hourMs) }, maxTempC: m.maxTempC }));
}

/** The key order of `_id` is the doc's; compare on values only. */
const byValue = (docs: Document[]) =>
  docs.map((d) =>
    JSON.stringify({
      ...d._id,
      hour: String(d._id.hour instanceof Date ? d._id.hour.toISOString() : d._id.hour),
      maxTempC: d.maxTempC,
    }),
  );

describeWithMongo("docs/SYNC.md's example queries", (server) => {
  it('answer, as written, what the station stored', async () => {
    const queries = docQueries();
    expect(queries.map((q) => q.title)).toEqual([
      expect.stringMatching(/^Per cell, the highest temperature of each hour/),
      expect.stringMatching(/without `\$dateTrunc`/),
      expect.stringMatching(/^Alarms per station, by severity/),
      expect.stringMatching(/^Sessions that ran away/),
    ]);

    const dir = t.tempDir('doc-queries-');
    // Seed 5 draws an oven hot enough to run away (sim-station.integration.test.ts).
    const env = { STATION_DEVICE: 'sim:oven', STATION_SIM_SEED: '5', STATION_SIM_SPEED: '2000', STATION_DATA_DIR: dir };
    const core = await startStation(loadStationConfig(env), {
      env,
      logger: () => undefined,
      sync: { engine: { pollMs: 50, statusEveryMs: 50, backoff: { baseMs: 50, maxMs: 300 } } },
    });
    t.defer(() => core.close());
    const database = uniqueDbName('docq');
    await callResult(core, 'setSyncSettings', { enabled: true, uri: server.uri, database, stationId: STATION });
    const runaway = await waitFor(
      () => core.alarms.activeAlarms().find((a) => a.code === 'RUNAWAY'),
      'the RUNAWAY alarm',
      60_000,
      20,
    );
    await callResult(core, 'acknowledgeAlarm', { id: runaway.id, by: 'doc test' });
    await callResult(core, 'disconnectDevice', { spec: 'sim:oven' });
    core.flush();
    await waitFor(
      () => {
        const s = core.status().sync!;
        return s.state === 'up-to-date' && s.pending.total === 0;
      },
      'the sync to drain',
      90_000,
    ).catch((e: Error) => {
      // Which state it stuck in (retrying with what error, or pending what) is the whole diagnosis.
      throw new Error(`${e.message}; sync status at the deadline: ${JSON.stringify(core.status().sync)}`);
    });

    const conn = openSecondConnection(`${dir}/station.sqlite`);
    t.defer(() => {
      conn.close();
    });
    const data = await withClient(server.uri, async (c) => {
      const out: Record<string, Document[]> = {};
      for (const name of COLLECTIONS) out[name] = await c.db(database).collection(name).find({}).toArray();
      return out;
    });
    const runs: ShellRun[] = queries.map((q) => runInShell(q.code, data));

    // 1 and 2: per-cell maxima per hour, the hour as a date and as text.
    const [trunc, text, perStation, leads] = runs as [ShellRun, ShellRun, ShellRun, ShellRun];
    const asDate = hourlyMaxima(conn, (ms) => new Date(ms));
    expect(asDate.length).toBeGreaterThan(0);
    expect(byValue(trunc.calls[0]!.result)).toEqual(byValue(asDate));
    const asText = hourlyMaxima(conn, (ms) => `${new Date(ms).toISOString().slice(0, 13)}:00Z`);
    expect(byValue(text.calls[0]!.result)).toEqual(byValue(asText));

    // 3: alarms per station and peak severity, with how many were acknowledged.
    const alarms = conn
      .prepare(
        `SELECT peak_severity AS severity, count(*) AS alarms, sum(acknowledged_ms IS NOT NULL) AS acknowledged
         FROM alarms GROUP BY peak_severity ORDER BY peak_severity`,
      )
      .all() as { severity: string; alarms: number; acknowledged: number }[];
    expect(alarms.some((a) => a.acknowledged > 0)).toBe(true);
    expect(perStation.calls[0]!.result).toEqual(
      alarms.map((a) => ({
        _id: { station: STATION, severity: a.severity },
        alarms: a.alarms,
        acknowledged: a.acknowledged,
      })),
    );

    // 4: each runaway, and how long before it the model first said Alarm or worse.
    const expectedLeads = conn
      .prepare(
        `SELECT a.raised_ms AS raised,
                (SELECT min(p.t_host_ms) FROM predictions p
                 WHERE p.session_id = a.session_id AND p.t_host_ms <= a.raised_ms AND p.class >= 3) AS first
         FROM alarms a WHERE a.code = 'RUNAWAY' ORDER BY a.id`,
      )
      .all() as { raised: number; first: number | null }[];
    expect(expectedLeads.length).toBeGreaterThan(0);
    expect(leads.printed.map((p) => [p[0], (p[2] as Date).getTime(), p[3]])).toEqual(
      expectedLeads.map((e) => [
        STATION,
        e.raised,
        e.first === null ? 'no warning' : `${(e.raised - e.first) / 1000} s warning`,
      ]),
    );

    // The same calls on the server: where it runs them, it must agree.
    const checks = await withClient(server.uri, async (c) => {
      const out = [];
      for (const r of runs) out.push(await checkOnServer(c.db(database), r));
      return out;
    });
    for (const c of checks) expect(c.problems).toEqual([]);
    const agreed = checks.reduce((n, c) => n + c.agreed, 0);
    const refused = checks.flatMap((c) => c.notImplemented);
    console.log(
      `doc queries on ${server.kind}: ${agreed} calls agreed with the shell, ${refused.length} not implemented`,
    );
    for (const r of refused) console.log(`  ${r}`);
    if (server.kind === 'mongodb') expect(refused).toEqual([]);
    // The runaway query's find and findOne calls are plain queries even FerretDB answers.
    expect(checks[3]!.agreed).toBe(leads.calls.length);
  }, 240_000);
});
