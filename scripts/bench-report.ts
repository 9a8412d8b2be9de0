/** Renders bench figures as an HTML page of horizontal bars, each figure drawn beside its baseline. */

export interface BenchFigure {
  suite?: string;
  label: string;
  value: number;
  unit: string;
  /** Same-run reference the figure is judged against. */
  baseline?: { label: string; value: number };
  /** Human-readable target, e.g. "≥ 25 % of baseline". */
  target?: string;
  /** Does the figure meet its target? Undefined when there is none. */
  ok?: boolean;
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function bars(f: BenchFigure): string {
  const rows = [{ label: f.label, value: f.value, fill: f.ok === false ? '#c0392b' : '#2f6fb0' }];
  if (f.baseline) rows.push({ label: f.baseline.label, value: f.baseline.value, fill: '#9aa5b1' });
  const max = Math.max(...rows.map((r) => r.value), 1e-9);
  const h = 22;
  const svg = rows
    .map((r, i) => {
      const w = Math.max(1, (r.value / max) * 360);
      return `<rect x="0" y="${i * (h + 6)}" width="${w.toFixed(1)}" height="${h}" fill="${r.fill}"/><text x="${w + 6}" y="${i * (h + 6) + 15}" font-size="12">${esc(r.label)}: ${r.value.toLocaleString('en-US', { maximumSignificantDigits: 4 })} ${esc(f.unit)}</text>`;
    })
    .join('');
  return `<svg width="720" height="${rows.length * (h + 6)}" role="img" aria-label="${esc(f.label)}">${svg}</svg>`;
}

export function renderBenchReport(record: {
  date: string;
  host: { cpus: number; node: string };
  figures: BenchFigure[];
}): string {
  const sections = record.figures
    .map(
      (f) =>
        `<section><h3>${esc(f.suite ?? '')} — ${esc(f.label)}${f.target ? ` <small>(target ${esc(f.target)}${f.ok === undefined ? '' : f.ok ? ', met' : ', NOT met'})</small>` : ''}</h3>${bars(f)}</section>`,
    )
    .join('\n');
  return `<!doctype html><meta charset="utf-8"><title>Station benchmarks</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2733}h3{font-weight:600;font-size:14px;margin:1.2rem 0 .3rem}small{color:#5b6875;font-weight:400}</style>
<h1>Station benchmarks</h1><p>${esc(record.date)} · ${record.host.cpus} CPUs · Node ${esc(record.host.node)}. Each figure is drawn beside the baseline measured in the same run.</p>
${sections}`;
}
