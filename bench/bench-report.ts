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

/** A suite that threw instead of returning figures. */
export interface BenchFailure {
  suite: string;
  message: string;
}

export interface BenchRecord {
  date: string;
  host: { cpus: number; node: string };
  figures: BenchFigure[];
  failures?: BenchFailure[];
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const num = (v: number) =>
  Number.isFinite(v)
    ? v.toLocaleString('en-US', Math.abs(v) >= 100 ? { maximumFractionDigits: 0 } : { maximumSignificantDigits: 3 })
    : String(v);

function verdict(f: BenchFigure): string {
  if (f.ok === undefined) return '<span class="na">no target</span>';
  return f.ok ? '<span class="met">✓ met</span>' : '<span class="miss">✗ missed</span>';
}

const ratio = (f: BenchFigure) => (f.baseline ? `${num((f.value / f.baseline.value) * 100)} %` : '—');

/** The figure and its baseline as two bars on one scale; labels wrap in their own column. */
function bars(f: BenchFigure): string {
  const rows = [{ label: f.label, value: f.value, cls: f.ok === false ? 'bar miss' : 'bar fig' }];
  if (f.baseline) rows.push({ label: `baseline: ${f.baseline.label}`, value: f.baseline.value, cls: 'bar base' });
  const max = Math.max(...rows.map((r) => (Number.isFinite(r.value) ? Math.abs(r.value) : 0)), 1e-12);
  return `<div class="bars" role="img" aria-label="${esc(f.label)}">${rows
    .map(
      (r) =>
        `<div class="name">${esc(r.label)}</div><div class="track"><div class="${r.cls}" style="width:${Math.max(0.5, (Math.abs(r.value) / max) * 100).toFixed(1)}%"></div></div><div class="val">${num(r.value)} ${esc(f.unit)}</div>`,
    )
    .join('')}</div>`;
}

export function renderBenchReport(record: BenchRecord): string {
  const figs = record.figures;
  const met = figs.filter((f) => f.ok === true).length;
  const missed = figs.filter((f) => f.ok === false).length;
  const failures = record.failures ?? [];
  const table = figs
    .map(
      (f) =>
        `<tr class="${f.ok === false ? 'row-miss' : ''}"><td>${esc(f.suite ?? '')}</td><td>${esc(f.label)}</td><td class="n">${num(f.value)} ${esc(f.unit)}</td><td>${f.baseline ? `${num(f.baseline.value)} ${esc(f.unit)} <small>${esc(f.baseline.label)}</small>` : '—'}</td><td class="n">${ratio(f)}</td><td>${esc(f.target ?? '—')}</td><td>${verdict(f)}</td></tr>`,
    )
    .join('\n');
  const sections = figs
    .map(
      (f) =>
        `<section><h3>${esc(f.suite ?? '')} — ${esc(f.label)}</h3><p class="target">Target: ${esc(f.target ?? 'none')} · ${verdict(f)}${f.baseline ? ` · ${ratio(f)} of the baseline` : ''}</p>${bars(f)}</section>`,
    )
    .join('\n');
  const failed = failures.length
    ? `<h2>Suites that failed</h2><ul>${failures.map((x) => `<li><b>${esc(x.suite)}</b>: ${esc(x.message)}</li>`).join('')}</ul>`
    : '';
  return `<!doctype html><meta charset="utf-8"><title>Station benchmarks</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2733;max-width:1100px}
h2{font-size:17px;margin-top:2rem}h3{font-weight:600;font-size:14px;margin:1.6rem 0 .2rem}
small{color:#5b6875}.target{margin:.1rem 0 .4rem;font-size:13px;color:#3b4754}
table{border-collapse:collapse;font-size:13px;width:100%}td,th{border-bottom:1px solid #dde3ea;padding:4px 6px;text-align:left;vertical-align:top}
td.n{text-align:right;white-space:nowrap}.row-miss{background:#fdf0ee}
.met{color:#1e7b34;font-weight:600}.miss{color:#c0392b;font-weight:600}.na{color:#5b6875}
.bars{display:grid;grid-template-columns:minmax(200px,38%) 1fr auto;gap:4px 10px;align-items:center;font-size:12px}
.track{background:#f1f4f7;height:18px}.bar{height:18px}.fig{background:#2f6fb0}.miss.bar{background:#c0392b}.base{background:#9aa5b1}
.val{white-space:nowrap;font-variant-numeric:tabular-nums}
</style>
<h1>Station benchmarks</h1>
<p>${esc(record.date)} · ${record.host.cpus} CPUs · Node ${esc(record.host.node)}. Each figure is drawn beside the baseline measured in the same run (a shared, noisy machine: only same-run ratios mean much).</p>
<p><b>${figs.length} figures: ${met} met their target, ${missed} missed${failures.length ? `, ${failures.length} suite(s) failed to run` : ''}.</b></p>
${failed}
<h2>Summary</h2>
<table><thead><tr><th>suite</th><th>figure</th><th>value</th><th>baseline</th><th>of baseline</th><th>target</th><th>result</th></tr></thead><tbody>
${table}
</tbody></table>
<h2>Figures</h2>
${sections}`;
}
