/**
 * `npm run bench`: every benchmark of the station, each figure beside a baseline measured in the same
 * run (these machines are shared and noisy, so only same-run ratios mean anything). Writes
 * bench-results/latest.json and bench-results/report.html (bar charts of figure vs baseline).
 * `npm run bench -- sim serial` runs only the named suites; `npm run bench -- --json` prints the same
 * table as JSON on stdout (progress and the human table then go to stderr).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderBenchReport, type BenchFailure, type BenchFigure } from './bench-report.js';

interface Suite {
  name: string;
  /** Module path relative to the repo root and the exported function that runs it. */
  module: string;
  fn: string;
}

const SUITES: Suite[] = [
  { name: 'sim', module: 'bench/sim-bench.ts', fn: 'runSimBenchFigures' },
  { name: 'ml', module: 'bench/predict-bench.ts', fn: 'runPredictBench' },
  { name: 'serial', module: 'bench/serial-bench.ts', fn: 'runSerialBench' },
  { name: 'fuzz', module: 'bench/fuzz-decoder-bench.ts', fn: 'runDecoderFuzzBench' },
  { name: 'insert', module: 'bench/history/insert-bench.ts', fn: 'runInsertBench' },
  { name: 'chart', module: 'bench/history/chart-bench.ts', fn: 'runChartQueryBench' },
  { name: 'series-cost', module: 'bench/history/series-cost-bench.ts', fn: 'runSeriesCostBench' },
  { name: 'size', module: 'bench/history/size-bench.ts', fn: 'runSizeBench' },
  { name: 'sync', module: 'bench/sync-bench.ts', fn: 'runSyncBench' },
  { name: 'latency', module: 'bench/latency-bench.ts', fn: 'runLatencyBench' },
  { name: 'loop', module: 'bench/loop-bench.ts', fn: 'runLoopBench' },
  { name: 'memory', module: 'bench/memory-bench.ts', fn: 'runMemoryBench' },
  { name: 'renderer', module: 'bench/renderer-bench.ts', fn: 'runRendererBench' },
  { name: 'startup', module: 'bench/renderer-bench.ts', fn: 'runStartupBench' },
  { name: 'insights', module: 'bench/renderer-soak-bench.ts', fn: 'runInsightsBench' },
  { name: 'renderer-heap', module: 'bench/renderer-soak-bench.ts', fn: 'runRendererHeapBench' },
  { name: 'ingest', module: 'bench/ingest-bench.ts', fn: 'runIngestBench' },
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  // With --json stdout carries only the record; everything a person reads goes to stderr.
  if (json) console.log = (...a: unknown[]) => console.error(...a);
  const only = args.filter((a) => !a.startsWith('--'));
  const unknown = only.filter((n) => !SUITES.some((s) => s.name === n));
  if (unknown.length) {
    console.error(`Unknown suite ${unknown.join(', ')}; suites: ${SUITES.map((s) => s.name).join(', ')}`);
    process.exit(2);
  }
  const selected = only.length ? SUITES.filter((s) => only.includes(s.name)) : SUITES;
  const figures: BenchFigure[] = [];
  const failures: BenchFailure[] = [];
  for (const s of selected) {
    console.log(`\n== ${s.name} ==`);
    const started = Date.now();
    try {
      const mod = (await import(pathToFileURL(join(process.cwd(), s.module)).href)) as Record<string, unknown>;
      const run = mod[s.fn];
      if (typeof run !== 'function') throw new Error(`${s.module} exports no function ${s.fn}`);
      const out = (await (run as () => Promise<unknown>)()) as unknown[];
      if (!Array.isArray(out)) throw new Error(`${s.fn} returned ${typeof out}, not an array of figures`);
      for (const raw of out) {
        const f = checkFigure(raw, s.name);
        figures.push({ ...f, suite: s.name });
        const ratio = f.baseline
          ? ` (${((f.value / f.baseline.value) * 100).toFixed(1)} % of ${f.baseline.label}: ${fmt(f.baseline.value)} ${f.unit})`
          : '';
        const verdict = f.ok === undefined ? '' : f.ok ? ': met' : ': MISSED';
        const target = f.target ? `  [target ${f.target}${verdict}]` : '';
        console.log(`${f.label}: ${fmt(f.value)} ${f.unit}${ratio}${target}`);
      }
    } catch (e) {
      // One broken suite must not cost the figures of the others.
      const message = e instanceof Error ? e.message : String(e);
      failures.push({ suite: s.name, message });
      console.error(`${s.name} FAILED: ${message}`);
    }
    console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  mkdirSync('bench-results', { recursive: true });
  const record = {
    date: new Date().toISOString(),
    host: { cpus: cpus().length, node: process.version },
    suites: selected.map((s) => s.name),
    figures,
    failures,
  };
  writeFileSync('bench-results/latest.json', `${JSON.stringify(record, null, 2)}\n`);
  writeFileSync('bench-results/report.html', renderBenchReport(record));
  const missed = figures.filter((f) => f.ok === false).length;
  console.log(
    `\n${figures.length} figures, ${missed} missing their target${failures.length ? `, ${failures.length} suite(s) failed` : ''}. Wrote bench-results/latest.json and bench-results/report.html`,
  );
  if (json) process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
  if (failures.length) process.exitCode = 1;
}

/** A suite's figure as bench/bench-report.ts needs it, or a clear error naming what is wrong. */
function checkFigure(raw: unknown, suite: string): BenchFigure {
  const f = raw as Partial<BenchFigure> | null;
  const bad = (why: string) => new Error(`${suite}: figure ${JSON.stringify(raw)?.slice(0, 120)} ${why}`);
  if (typeof f !== 'object' || f === null) throw bad('is not an object');
  if (typeof f.label !== 'string' || typeof f.unit !== 'string') throw bad('needs a string label and unit');
  if (typeof f.value !== 'number') throw bad('needs a numeric value');
  if (f.baseline !== undefined && (typeof f.baseline.label !== 'string' || typeof f.baseline.value !== 'number'))
    throw bad('has a baseline without a label and a numeric value');
  if (f.target !== undefined && typeof f.target !== 'string') throw bad('has a target that is not text');
  if (f.ok !== undefined && typeof f.ok !== 'boolean') throw bad('has an ok that is not a boolean');
  return f as BenchFigure;
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(3);
}

void main();
