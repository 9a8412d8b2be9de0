/**
 * What one History chart query costs the station's own thread, the one that takes the rig's readings:
 * the event loop's active time per `GET /api/sessions/{id}/series` on a 16-cell hour at 10 Hz, three
 * zooms in turn, beside the same count of requests to a small route (`/api/sessions/{id}`). The query
 * itself runs on the history read thread; what is left here is passing its answer on. The client's
 * fetch runs on this thread too, in both figures (it reads the body as bytes, never parses it). Beside
 * it, the same for the printable session report (`GET /api/sessions/{id}/report.html`).
 *
 *   npx tsx bench/history/series-cost-bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startHttpServer } from '../../native-bridge/server/http-server.js';
import { StationCore } from '../../native-bridge/station/station.js';
import { fillSession } from '../../testing/history/fill.js';
import { fakeSource, hello, sessionDb, T0 } from '../../testing/history/session-db.js';
import { isMain, percentile, printFigures, type HistoryBenchFigure } from './bench-figure.js';

const CELLS = 16;
const ROUNDS = 5;
const PER_ROUND = 30;
// A report reads the whole session: fewer of them keep a round as long as the series'.
const REPORTS_PER_ROUND = 6;

export async function runSeriesCostBench(): Promise<HistoryBenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'series-cost-'));
  const s = sessionDb(dir);
  s.sessions.onHello(hello('RIG-C', CELLS), T0, fakeSource);
  fillSession(s.writer, { deviceId: 'RIG-C', cells: CELLS, periodMs: 100, frames: 36_000, t0: T0 });
  s.db.close();
  const core = new StationCore({ dataDir: dir, logger: () => undefined });
  const server = await startHttpServer({ core, host: '127.0.0.1', port: 0, webRoot: dir });
  try {
    const get = async (path: string) => {
      const r = await fetch(`${server.url}${path}`);
      if (!r.ok) throw new Error(`${path} answered ${r.status}`);
      return (await r.arrayBuffer()).byteLength;
    };
    const [session] = (await (await fetch(`${server.url}api/sessions?limit=1`)).json()) as { id: number }[];
    const id = session!.id;
    const zooms = ['maxPoints=2000', `maxPoints=2000&from=${T0}&to=${T0 + 600_000}`, 'maxPoints=1000'];
    let bytes = 0;
    for (const z of zooms) bytes = Math.max(bytes, await get(`api/sessions/${id}/series?${z}`));
    const series: number[] = [];
    const small: number[] = [];
    const reports: number[] = [];
    const reportBytes = await get(`api/sessions/${id}/report.html`);
    for (let round = 0; round < ROUNDS; round++) {
      const e0 = performance.eventLoopUtilization();
      for (let i = 0; i < PER_ROUND; i++) await get(`api/sessions/${id}/series?${zooms[i % zooms.length]}`);
      series.push(performance.eventLoopUtilization(e0).active / PER_ROUND);
      const b0 = performance.eventLoopUtilization();
      for (let i = 0; i < PER_ROUND; i++) await get(`api/sessions/${id}`);
      small.push(performance.eventLoopUtilization(b0).active / PER_ROUND);
      const r0 = performance.eventLoopUtilization();
      for (let i = 0; i < REPORTS_PER_ROUND; i++) await get(`api/sessions/${id}/report.html`);
      reports.push(performance.eventLoopUtilization(r0).active / REPORTS_PER_ROUND);
    }
    const median = (xs: number[]) =>
      percentile(
        [...xs].sort((a, b) => a - b),
        50,
      );
    return [
      {
        label: `station thread's active time per chart series request over HTTP (${CELLS} cells, 1 h at 10 Hz, 3 zooms, bodies up to ${(bytes / 1e6).toFixed(2)} MB; median of ${ROUNDS} rounds of ${PER_ROUND})`,
        value: median(series),
        unit: 'ms',
        baseline: { label: 'a small route, GET /api/sessions/{id}', value: median(small) },
      },
      {
        label: `station thread's active time per session report request over HTTP (the same session, ${(reportBytes / 1e6).toFixed(2)} MB of HTML; median of ${ROUNDS} rounds of ${REPORTS_PER_ROUND})`,
        value: median(reports),
        unit: 'ms',
        baseline: { label: 'a small route, GET /api/sessions/{id}', value: median(small) },
      },
    ];
  } finally {
    await server.close();
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) printFigures(await runSeriesCostBench());
