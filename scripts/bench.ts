/**
 * `npm run bench`: every benchmark of the station, each figure beside a baseline measured in the same
 * run (these machines are shared and noisy, so only same-run ratios mean anything). Writes
 * bench-results/latest.json and bench-results/report.html (bar charts of figure vs baseline).
 * `npm run bench -- sim serial` runs only the named suites.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderBenchReport, type BenchFigure } from './bench-report.js';

interface Suite {
  name: string;
  /** Module path relative to the repo root and the exported function that runs it. */
  module: string;
  fn: string;
}

const SUITES: Suite[] = [
  { name: 'sim', module: 'native-bridge/sim/bench/sim-bench.ts', fn: 'runSimBenchFigures' },
  { name: 'ml', module: 'native-bridge/ml/bench/predict-bench.ts', fn: 'runPredictBench' },
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const selected = only.length ? SUITES.filter((s) => only.includes(s.name)) : SUITES;
  const figures: BenchFigure[] = [];
  for (const s of selected) {
    process.stdout.write(`\n== ${s.name} ==\n`);
    const started = Date.now();
    const mod = (await import(join(process.cwd(), s.module))) as Record<string, () => Promise<BenchFigure[]>>;
    const out = await mod[s.fn]!();
    for (const f of out) {
      figures.push({ ...f, suite: s.name });
      const ratio = f.baseline
        ? ` (${((f.value / f.baseline.value) * 100).toFixed(1)} % of ${f.baseline.label}: ${fmt(f.baseline.value)} ${f.unit})`
        : '';
      const target = f.target ? `  [target ${f.target}]` : '';
      console.log(`${f.label}: ${fmt(f.value)} ${f.unit}${ratio}${target}`);
    }
    console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  mkdirSync('bench-results', { recursive: true });
  const record = {
    date: new Date().toISOString(),
    host: { cpus: (await import('node:os')).cpus().length, node: process.version },
    figures,
  };
  writeFileSync('bench-results/latest.json', `${JSON.stringify(record, null, 2)}\n`);
  writeFileSync('bench-results/report.html', renderBenchReport(record));
  console.log('\nWrote bench-results/latest.json and bench-results/report.html');
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(3);
}

void main();
