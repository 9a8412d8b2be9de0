import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A benchmark figure as `npm run bench` records it (bench/bench-report.ts): a value beside a same-run baseline. */
export interface HistoryBenchFigure {
  label: string;
  value: number;
  unit: string;
  baseline?: { label: string; value: number };
  target?: string;
  ok?: boolean;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function printFigures(figures: HistoryBenchFigure[]): void {
  for (const f of figures) {
    const base = f.baseline ? `  (baseline ${f.baseline.label}: ${fmt(f.baseline.value)} ${f.unit})` : '';
    const target = f.target ? `  [target ${f.target}: ${f.ok ? 'met' : 'NOT met'}]` : '';
    console.log(`${f.label}: ${fmt(f.value)} ${f.unit}${base}${target}`);
  }
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(3);
}

/** True when the module at `url` is the script tsx was started with. */
export const isMain = (url: string) =>
  process.argv[1] !== undefined && url === pathToFileURL(resolve(process.argv[1])).href;
