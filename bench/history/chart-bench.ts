/**
 * History chart queries with 24 h × 16 cells × 10 Hz (13.8 M readings) stored: p50 and p99 of the
 * contract's getHistorySeries (params validated, the session and its alarms looked up, the series
 * built) at six zoom levels, windows placed at random, each beside a bare indexed COUNT of the frames in
 * the same windows. The database is built once and cached (bench-db.ts).
 *
 *   npx tsx bench/history/chart-bench.ts [queriesPerLevel=200]
 */
import { createCallAdapter, type MethodHandlers } from '../../native-bridge/contract/index.js';
import { uniformStream } from '../../native-bridge/sim/prng.js';
import { standaloneHistory } from '../../testing/history/standalone-history.js';
import { BENCH_FRAMES, BENCH_PERIOD_MS, BENCH_T0, benchDatabase } from './bench-db.js';
import { isMain, percentile, printFigures, type HistoryBenchFigure } from './bench-figure.js';

const LEVELS: { name: string; ms: number }[] = [
  { name: '24 h', ms: 24 * 3_600_000 },
  { name: '6 h', ms: 6 * 3_600_000 },
  { name: '1 h', ms: 3_600_000 },
  { name: '10 min', ms: 600_000 },
  { name: '1 min', ms: 60_000 },
  { name: '10 s', ms: 10_000 },
];

export async function runChartQueryBench(queriesPerLevel = 200): Promise<HistoryBenchFigure[]> {
  const path = benchDatabase();
  const { db, history } = standaloneHistory(path, `${path}.exports`);
  // History's handlers alone: the series method is all this bench calls.
  const call = createCallAdapter(history.handlerTable as unknown as MethodHandlers);
  const count = db
    .prepare(`SELECT count(*) FROM frames WHERE session_id = 1 AND t_host_ms >= ? AND t_host_ms <= ?`)
    .pluck();
  const span = BENCH_FRAMES * BENCH_PERIOD_MS;
  const rand = uniformStream(11);
  const figures: HistoryBenchFigure[] = [];
  const lines: string[] = [];
  for (const level of LEVELS) {
    const q: number[] = [];
    const c: number[] = [];
    let points = 0;
    let resolution = '';
    let bytes = 0;
    for (let i = 0; i < queriesPerLevel + 5; i++) {
      const from = BENCH_T0 + Math.floor(rand() * Math.max(1, span - level.ms));
      const to = from + level.ms;
      let t = performance.now();
      const r = await call('getHistorySeries', { sessionId: 1, fromMs: from, toMs: to, maxPoints: 2000 });
      const dq = performance.now() - t;
      if (!r.ok) throw new Error(r.error.message);
      t = performance.now();
      count.get(from, to);
      const dc = performance.now() - t;
      if (i < 5) continue; // warm-up
      q.push(dq);
      c.push(dc);
      const s = r.result as { t: number[]; resolution: string };
      points = Math.max(points, s.t.length);
      resolution = s.resolution;
      if (i === 5) bytes = JSON.stringify(r.result).length;
    }
    q.sort((a, b) => a - b);
    c.sort((a, b) => a - b);
    const p50 = percentile(q, 50);
    const p99 = percentile(q, 99);
    lines.push(
      `  ${level.name.padEnd(7)} from ${resolution.padEnd(4)} ≤ ${String(points).padStart(4)} points/channel, ${(bytes / 1024).toFixed(0)} KB JSON`,
    );
    figures.push(
      {
        label: `History series ${level.name} window, p50`,
        value: p50,
        unit: 'ms',
        baseline: { label: 'bare indexed COUNT of the window, p50', value: percentile(c, 50) },
        target: '≤ 100 ms',
        ok: p50 <= 100,
      },
      {
        label: `History series ${level.name} window, p99`,
        value: p99,
        unit: 'ms',
        baseline: { label: 'bare indexed COUNT of the window, p99', value: percentile(c, 99) },
        target: '≤ 250 ms',
        ok: p99 <= 250,
      },
    );
  }
  figures.push(...(await resultCheckFigures(history.handlerTable as unknown as MethodHandlers, span)));
  await history.close();
  db.close();
  console.log(lines.join('\n'));
  return figures;
}

/**
 * What checking results against their schemas (STATION_VALIDATE_RESULTS=1, the tests) costs on the
 * contract's largest answer: the same windows asked of a checking and a plain adapter, interleaved.
 */
async function resultCheckFigures(handlers: MethodHandlers, span: number): Promise<HistoryBenchFigure[]> {
  const plain = createCallAdapter(handlers);
  const checked = createCallAdapter(handlers, { validateResults: true });
  const rand = uniformStream(12);
  const figures: HistoryBenchFigure[] = [];
  for (const level of [LEVELS[0]!, LEVELS[LEVELS.length - 1]!]) {
    const times = { plain: [] as number[], checked: [] as number[] };
    for (let i = 0; i < 55; i++) {
      const fromMs = BENCH_T0 + Math.floor(rand() * Math.max(1, span - level.ms));
      const params = { sessionId: 1, fromMs, toMs: fromMs + level.ms, maxPoints: 2000 };
      for (const [name, call] of i % 2
        ? ([
            ['plain', plain],
            ['checked', checked],
          ] as const)
        : ([
            ['checked', checked],
            ['plain', plain],
          ] as const)) {
        const t = performance.now();
        const r = await call('getHistorySeries', params);
        const dt = performance.now() - t;
        if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
        if (i >= 5) times[name].push(dt);
      }
    }
    times.plain.sort((a, b) => a - b);
    times.checked.sort((a, b) => a - b);
    figures.push({
      label: `History series ${level.name} window with its result checked against the schema, p50`,
      value: percentile(times.checked, 50),
      unit: 'ms',
      baseline: { label: 'the same call unchecked, p50', value: percentile(times.plain, 50) },
    });
  }
  return figures;
}

if (isMain(import.meta.url)) {
  const n = Number(process.argv[2] ?? 200);
  console.log(`Chart query benchmark: ${n} random windows per zoom level, 16 cells × (temp, voltage) + current`);
  void runChartQueryBench(n).then(printFigures);
}
