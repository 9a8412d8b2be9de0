/**
 * The printable session report: one self-contained HTML page (inline SVG charts, no scripts, no
 * external files) that the app prints to PDF. It holds the run's details, temperature / voltage /
 * current charts with min–max bands, alarm markers and the session's own limit lines, the risk class
 * when the model ran, the alarm timeline, the lead time from the first warning to runaway onset, and
 * the model version.
 */
import {
  RISK_CLASSES,
  alarmName,
  limitLinesOf,
  returnsInWords,
  type HistorySeries,
  type Session,
  type StoredAlarm,
} from '../contract/index.js';
import type { Db } from '../store/database.js';
import { cellSpecOf } from '../features/cell-chemistry.js';
import { leadTime, type AlarmChangePoint, type LeadTime, type RiskPoint } from './lead-time.js';
import type { SeriesQueries } from './series-query.js';

const PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#7f7f7f',
  '#bcbd22',
  '#393b79',
  '#ad494a',
  '#637939',
  '#8c6d31',
  '#7b4173',
  '#3182bd',
];
const SEVERITY_COLOR: Record<string, string> = {
  info: '#5b6675',
  warning: '#d98e04',
  alarm: '#d9480f',
  critical: '#b00020',
};

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function formatDuration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${ms < 0 ? '−' : ''}${h ? `${h} h ` : ''}${h || m ? `${m} min ` : ''}${sec} s`;
}

/** The window the safety rules judged the session by, and whose it is. */
function voltageWindow(s: Session): string {
  const cell = cellSpecOf(s);
  const own = s.vMinV !== null || s.vMaxV !== null;
  return `${cell.vMinV.toFixed(2)}–${cell.vMaxV.toFixed(2)} V (${own ? 'set for the session' : `${cell.family} default`})`;
}

const when = (t: number | null) =>
  t === null
    ? '—'
    : new Date(t)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC');

interface ChartSeries {
  label: string;
  color: string;
  min: (number | null)[];
  max: (number | null)[];
  mean: (number | null)[];
}

interface ChartSpec {
  title: string;
  unit: string;
  t: number[];
  series: ChartSeries[];
  fromMs: number;
  toMs: number;
  markers: { tMs: number; color: string; label: string }[];
  /** Fixed y range (risk class). */
  yRange?: [number, number];
  yLabels?: string[];
  step?: boolean;
  /** Horizontal limit lines (the session's own limits), drawn where they fall inside the data's range. */
  limits?: LimitMark[];
}

export interface LimitMark {
  value: number;
  label: string;
  color: string;
}

const W = 900;
const H = 210;
const PAD = { l: 58, r: 12, t: 24, b: 26 };

function niceTicks(lo: number, hi: number, n = 5): number[] {
  const span = hi - lo || 1;
  const raw = span / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

export function svgChart(c: ChartSpec): string {
  const x0 = PAD.l;
  const x1 = W - PAD.r;
  const y0 = H - PAD.b;
  const y1 = PAD.t;
  let lo = Infinity;
  let hi = -Infinity;
  if (c.yRange) [lo, hi] = c.yRange;
  else
    for (const s of c.series)
      for (let i = 0; i < c.t.length; i++) {
        const a = s.min[i];
        const b = s.max[i];
        if (a !== null && a !== undefined && a < lo) lo = a;
        if (b !== null && b !== undefined && b > hi) hi = b;
      }
  if (!Number.isFinite(lo)) return `<p class="empty">${esc(c.title)}: no data.</p>`;
  if (hi - lo < 1e-9) {
    lo -= 1;
    hi += 1;
  }
  const span = Math.max(1, c.toMs - c.fromMs);
  const X = (t: number) => x0 + ((t - c.fromMs) / span) * (x1 - x0);
  const Y = (v: number) => y0 - ((v - lo) / (hi - lo)) * (y0 - y1);
  const parts: string[] = [];
  parts.push(`<rect x="${x0}" y="${y1}" width="${x1 - x0}" height="${y0 - y1}" fill="#fff" stroke="#c9d1da"/>`);
  const yTicks = c.yLabels ? c.yLabels.map((_, i) => i) : niceTicks(lo, hi);
  for (const v of yTicks) {
    const y = Y(v).toFixed(1);
    parts.push(`<line x1="${x0}" x2="${x1}" y1="${y}" y2="${y}" stroke="#eef1f4"/>`);
    parts.push(
      `<text x="${x0 - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${esc(c.yLabels?.[v] ?? String(v))}</text>`,
    );
  }
  for (let k = 0; k <= 6; k++) {
    const t = c.fromMs + (span * k) / 6;
    const x = X(t).toFixed(1);
    const label = new Date(t).toISOString().slice(span > 2 * 86_400_000 ? 5 : 11, span > 2 * 86_400_000 ? 16 : 19);
    parts.push(`<line x1="${x}" x2="${x}" y1="${y0}" y2="${y0 + 4}" stroke="#8895a3"/>`);
    parts.push(`<text x="${x}" y="${y0 + 16}" text-anchor="middle">${label.replace('T', ' ')}</text>`);
  }
  for (const m of c.markers) {
    if (m.tMs < c.fromMs || m.tMs > c.toMs) continue;
    const x = X(m.tMs).toFixed(1);
    parts.push(
      `<line x1="${x}" x2="${x}" y1="${y1}" y2="${y0}" stroke="${m.color}" stroke-dasharray="3 2"><title>${esc(m.label)}</title></line>`,
    );
  }
  // A limit outside the data's range is named in the caption instead: widening the axis to reach it
  // would flatten the traces it is there to judge (4.2 V beside a cell resting at 3.69 V).
  const offScale: string[] = [];
  for (const l of c.limits ?? []) {
    if (l.value < lo || l.value > hi) {
      offScale.push(`${l.label} ${l.value < lo ? 'below' : 'above'} the chart`);
      continue;
    }
    const y = Y(l.value).toFixed(1);
    parts.push(
      `<line class="limit" x1="${x0}" x2="${x1}" y1="${y}" y2="${y}" stroke="${l.color}" stroke-dasharray="6 3"><title>${esc(l.label)}</title></line>`,
      `<text x="${x1 - 4}" y="${(Number(y) - 3).toFixed(1)}" text-anchor="end" style="fill:${l.color}">${esc(l.label)}</text>`,
    );
  }
  for (const s of c.series) {
    // Min–max band as one polygon per run of points without gaps, then the mean line.
    let runs: number[][] = [];
    let cur: number[] = [];
    for (let i = 0; i < c.t.length; i++) {
      if (s.min[i] === null || s.max[i] === null || s.min[i] === undefined) {
        if (cur.length) runs.push(cur);
        cur = [];
      } else cur.push(i);
    }
    if (cur.length) runs.push(cur);
    if (!c.step) {
      for (const r of runs) {
        if (r.length < 2) continue;
        const top = r.map((i) => `${X(c.t[i]!).toFixed(1)},${Y(s.max[i]!).toFixed(1)}`);
        const bottom = [...r].reverse().map((i) => `${X(c.t[i]!).toFixed(1)},${Y(s.min[i]!).toFixed(1)}`);
        parts.push(`<polygon points="${[...top, ...bottom].join(' ')}" fill="${s.color}" fill-opacity="0.15"/>`);
      }
    }
    runs = runs.filter((r) => r.length > 0);
    for (const r of runs) {
      const pts: string[] = [];
      for (const i of r) {
        const v = c.step ? s.max[i]! : s.mean[i]!;
        const x = X(c.t[i]!).toFixed(1);
        if (c.step && pts.length) pts.push(`${x},${pts[pts.length - 1]!.split(',')[1]}`);
        pts.push(`${x},${Y(v).toFixed(1)}`);
      }
      parts.push(
        `<polyline points="${pts.join(' ')}" fill="none" stroke="${s.color}" stroke-width="1.3"><title>${esc(s.label)}</title></polyline>`,
      );
    }
  }
  const legend = c.series
    .map((s) => `<span class="key"><i style="background:${s.color}"></i>${esc(s.label)}</span>`)
    .join('');
  return `<figure><figcaption>${esc(c.title)}${c.unit ? ` (${esc(c.unit)})` : ''}</figcaption>
<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${esc(c.title)}">${parts.join('')}</svg>
<div class="legend">${legend}${offScale.length ? `<span class="key">Limits ${esc(offScale.join('; '))}</span>` : ''}</div></figure>`;
}

/** The session's limit lines (contract/limit-lines.ts, as the History tab draws them) in the report's colours. */
function limitMarks(q: 'temp' | 'voltage' | 'current', l: Session['limits']): LimitMark[] {
  return limitLinesOf(q, l).map((x) => ({
    value: x.value,
    label: x.label,
    color: x.kind === 'window' ? WINDOW_COLOR : SEVERITY_COLOR[x.kind]!,
  }));
}

/** The cycler's window is not an alarm line: a neutral ink, not a severity colour. */
const WINDOW_COLOR = '#475569';

export interface SimClockPoint {
  tHostMs: number;
  tDevMs: number;
}

export interface ReportInput {
  session: Session;
  series: HistorySeries;
  alarms: StoredAlarm[];
  changes: (AlarmChangePoint & { change: string; message: string })[];
  risk: RiskPoint[];
  /**
   * A simulated rig's clock: its device time (simulated ms since the rig started) at host times, one
   * point per alarm time, so the report can put simulated time beside wall time. Null for a real rig.
   */
  simClock: SimClockPoint[] | null;
  generatedMs: number;
  stationVersion: string;
}

/** Reads what the report needs from the database. */
export function loadReport(db: Db, series: SeriesQueries, session: Session, alarms: StoredAlarm[]): ReportInput {
  const fromMs = session.firstDataMs ?? session.startedMs;
  const toMs = Math.max(fromMs + 1000, session.lastDataMs ?? session.endedMs ?? fromMs + 1000);
  const cells = Array.from({ length: session.cellCount ?? 1 }, (_, i) => i + 1);
  const s = series.series(
    {
      sessionId: session.id,
      fromMs,
      toMs,
      maxPoints: 600,
      cells,
      quantities: ['temp', 'voltage', 'current'],
      periodMs: session.periodMs,
    },
    alarms,
  );
  const changes = db
    .prepare(
      `SELECT c.t_ms AS tMs, c.change, c.severity, c.message, a.code, a.source, a.cell
       FROM alarm_changes c JOIN alarms a ON a.id = c.alarm_id WHERE a.session_id = ? ORDER BY c.t_ms`,
    )
    .all(session.id) as ReportInput['changes'];
  let risk = db
    .prepare(
      `SELECT min(t_host_ms) AS tMs, class AS cls, cell FROM predictions WHERE session_id = ? AND class >= 2 GROUP BY class`,
    )
    .all(session.id) as RiskPoint[];
  if (risk.length === 0)
    risk = db
      .prepare(
        `SELECT min(t_ms) AS tMs, max_class AS cls, cell FROM risk_rollups WHERE session_id = ? AND level_ms = 60000 AND max_class >= 2 GROUP BY max_class`,
      )
      .all(session.id) as RiskPoint[];
  return {
    session,
    series: s,
    alarms,
    changes,
    risk,
    simClock: loadSimClock(db, session, alarms),
    generatedMs: Date.now(),
    stationVersion: '',
  };
}

/** The simulated rig's clock at each alarm's raise and clear (the frame just before it; indexed). */
function loadSimClock(db: Db, session: Session, alarms: StoredAlarm[]): SimClockPoint[] | null {
  if (!session.sourceSpec.startsWith('sim')) return null;
  const at = db.prepare(
    'SELECT t_host_ms AS tHostMs, t_dev_ms AS tDevMs FROM frames WHERE session_id = ? AND t_host_ms <= ? ORDER BY t_host_ms DESC LIMIT 1',
  );
  const times = new Set<number>();
  for (const a of alarms) {
    times.add(a.raisedAtMs);
    if (a.clearedAtMs !== null) times.add(a.clearedAtMs);
  }
  if (session.firstDataMs !== null) times.add(session.firstDataMs);
  if (session.lastDataMs !== null) times.add(session.lastDataMs);
  const points: SimClockPoint[] = [];
  for (const t of [...times].sort((x, y) => x - y)) {
    const p = at.get(session.id, t) as SimClockPoint | undefined;
    // The rig's time at t: the last frame's device time plus what elapsed since, at the run's pace.
    if (p) points.push({ tHostMs: t, tDevMs: p.tDevMs + (t - p.tHostMs) * simSpeed(session.sourceSpec) });
  }
  return points;
}

/** The speed-up a sim spec asked for (`sim:oven?speed=600`); 1 when it does not say. */
function simSpeed(spec: string): number {
  const m = /[?&]speed=([0-9.]+)/.exec(spec);
  const v = m ? Number(m[1]) : 1;
  return Number.isFinite(v) && v > 0 ? v : 1;
}

/** Simulated time at a host time, as "sim 29 min 12 s"; empty when the clock does not reach it. */
function simTimeAt(clock: SimClockPoint[] | null, tMs: number | null): string {
  if (!clock || tMs === null) return '';
  const p = clock.find((c) => c.tHostMs === tMs);
  return p ? `sim ${formatDuration(p.tDevMs)}` : '';
}

function leadTimeBlock(lt: LeadTime): string {
  if (!lt.onset)
    return `<p><strong>No runaway onset</strong> in this session (no GB 38031 runaway finding).${
      lt.firstWarning ? ` First warning: ${when(lt.firstWarning.tMs)} (${esc(lt.firstWarning.by)}).` : ''
    }</p>`;
  const onset = `Runaway onset: <strong>${when(lt.onset.tMs)}</strong> (${esc(lt.onset.by)}${lt.onset.cell ? `, cell ${lt.onset.cell}` : ''}).`;
  if (!lt.firstWarning || lt.leadMs === null) return `<p>${onset} <strong>No warning came before it.</strong></p>`;
  return `<p>${onset} First warning: ${when(lt.firstWarning.tMs)} (${esc(lt.firstWarning.by)}${
    lt.firstWarning.cell ? `, cell ${lt.firstWarning.cell}` : ''
  }).</p><p class="lead">Lead time: <strong>${formatDuration(lt.leadMs)}</strong></p>${leadOf('the risk model', lt.model)}${leadOf('the limit rules', lt.rules)}`;
}

function leadOf(who: string, l: LeadTime['model']): string {
  if (!l.firstWarning || l.leadMs === null) return `<p class="sub">From ${who}: no warning before the onset.</p>`;
  return `<p class="sub">From ${who} alone: ${formatDuration(l.leadMs)} (${esc(l.firstWarning.by)}, ${when(l.firstWarning.tMs)}).</p>`;
}

/** Width of a label in the timeline's 10 px system font, generously: a label must never be clipped. */
const labelWidth = (text: string) => Math.ceil(text.length * 6.2) + 12;

function alarmTimelineSvg(alarms: StoredAlarm[], fromMs: number, toMs: number): string {
  if (!alarms.length) return '';
  const rowH = 14;
  const shown = alarms.slice(0, 40);
  const labels = shown.map((a) => `${alarmName(a)}${a.cell ? ` · cell ${a.cell}` : ''}`);
  const left = Math.min(W / 2, Math.max(PAD.l, ...labels.map(labelWidth)));
  const h = PAD.t + shown.length * rowH + PAD.b;
  const span = Math.max(1, toMs - fromMs);
  const X = (t: number) => left + ((Math.min(Math.max(t, fromMs), toMs) - fromMs) / span) * (W - left - PAD.r);
  const bars = shown
    .map((a, i) => {
      const y = PAD.t + i * rowH;
      const xa = X(a.raisedAtMs);
      const xb = Math.max(xa + 2, X(a.clearedAtMs ?? toMs));
      return `<rect x="${xa.toFixed(1)}" y="${y + 2}" width="${(xb - xa).toFixed(1)}" height="${rowH - 4}" fill="${SEVERITY_COLOR[a.peakSeverity]}"><title>${esc(`${labels[i]}: ${a.message}`)}</title></rect><text x="${left - 6}" y="${y + rowH / 2}" text-anchor="end" dominant-baseline="middle">${esc(labels[i]!)}</text>`;
    })
    .join('');
  const more =
    alarms.length > shown.length
      ? `<p class="sub">The first ${shown.length} of ${alarms.length} alarms are drawn; the table lists all.</p>`
      : '';
  return `<figure><figcaption>Alarm timeline</figcaption><svg viewBox="0 0 ${W} ${h}" width="100%" role="img" aria-label="Alarm timeline">${bars}</svg></figure>${more}`;
}

export function renderSessionReport(r: ReportInput): string {
  const s = r.session;
  const fromMs = r.series.fromMs;
  const toMs = r.series.toMs;
  const markers = r.alarms
    .filter((a) => a.peakSeverity !== 'info')
    .map((a) => ({ tMs: a.raisedAtMs, color: SEVERITY_COLOR[a.peakSeverity]!, label: `${a.code}: ${a.message}` }));
  const chart = (q: 'temp' | 'voltage' | 'current', title: string, unit: string) =>
    svgChart({
      title,
      unit,
      t: r.series.t,
      fromMs,
      toMs,
      markers,
      limits: limitMarks(q, s.limits),
      series: r.series.series
        .filter((x) => x.quantity === q)
        .map((x, i) => ({
          label: x.cell === null ? title : `Cell ${x.cell}`,
          color: PALETTE[(x.cell === null ? i : x.cell - 1) % PALETTE.length]!,
          min: x.min,
          max: x.max,
          mean: x.mean,
        })),
    });
  const risk = r.series.risk
    ? svgChart({
        title: 'Risk class (highest per cell)',
        unit: '',
        t: r.series.risk.t,
        fromMs,
        toMs,
        markers,
        yRange: [0, 4],
        yLabels: [...RISK_CLASSES],
        step: true,
        series: r.series.risk.series.map((x) => ({
          label: `Cell ${x.cell}`,
          color: PALETTE[(x.cell - 1) % PALETTE.length]!,
          min: x.max,
          max: x.max,
          mean: x.max,
        })),
      })
    : '<p class="empty">Risk class: no predictions were stored for this session (model version ' +
      esc(s.modelVersion) +
      ').</p>';
  const lt = leadTime(r.changes, r.risk);
  const rows: [string, string][] = [
    ['Session', `#${s.id} (${s.kind}${s.replayOf ? `, replay of #${s.replayOf} at ${s.replaySpeed}×` : ''})`],
    ['Device', `${s.deviceId}${s.fwVersion ? ` · firmware ${s.fwVersion}` : ''}`],
    ['Rig', s.rig || '—'],
    ['Chemistry', s.chemistry || '—'],
    ['Capacity', s.capacityAh === null ? '—' : `${s.capacityAh} Ah`],
    ['Voltage window', voltageWindow(s)],
    ['Cells', s.cellCount === null ? '—' : String(s.cellCount)],
    ['Started', when(s.startedMs)],
    ['Ended', s.endedMs === null ? (s.active ? 'running' : 'open') : when(s.endedMs)],
    [
      'Data',
      `${when(s.firstDataMs)} → ${when(s.lastDataMs)} (${formatDuration((s.lastDataMs ?? 0) - (s.firstDataMs ?? 0))})`,
    ],
    ...(r.simClock && r.simClock.length > 1
      ? [
          [
            'Simulated time',
            `${formatDuration(r.simClock[0]!.tDevMs)} → ${formatDuration(r.simClock[r.simClock.length - 1]!.tDevMs)} of the simulated rig's clock`,
          ] as [string, string],
        ]
      : []),
    ['Readings', `${s.readingCount.toLocaleString('en-US')} in ${s.frameCount.toLocaleString('en-US')} frames`],
    ['Model version', s.modelVersion],
    ['Source', s.sourceSpec || '—'],
  ];
  const sim = r.simClock !== null;
  const withSim = (t: number | null) => {
    const simText = simTimeAt(r.simClock, t);
    return `${when(t)}${simText ? `<br><span class="sub">${simText}</span>` : ''}`;
  };
  const alarmRows = r.alarms
    .map(
      (a) =>
        `<tr><td>${withSim(a.raisedAtMs)}${a.returnCount > 0 ? `<br><span class="sub">${returnsInWords(a.returnCount)}, last ${when(a.returnedAtMs)}</span>` : ''}</td><td>${a.clearedAtMs === null ? (a.closedBy === 'restart' ? 'station stopped' : 'open') : withSim(a.clearedAtMs)}</td><td><span class="sev sev-${a.peakSeverity}">${esc(a.peakSeverity)}</span></td><td>${esc(alarmName(a))}</td><td>${esc(a.source === 'model' ? 'risk model' : a.source === 'rule' ? 'safety rule' : a.source)}</td><td>${a.cell ?? ''}</td><td>${esc(a.message)}</td><td>${a.acknowledgedBy ? `${esc(a.acknowledgedBy)}, ${when(a.acknowledgedAtMs)}${a.ackComment ? ` — ${esc(a.ackComment)}` : ''}` : '—'}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Session ${s.id} report — ${esc(s.deviceId)}</title>
<style>
body{font:13px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2733;margin:24px auto;max-width:960px;padding:0 16px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;margin:22px 0 8px;border-bottom:1px solid #dde3ea;padding-bottom:3px}
table{border-collapse:collapse;width:100%}td,th{padding:3px 6px;border-bottom:1px solid #eef1f4;text-align:left;vertical-align:top}
th{font-weight:600;color:#4a5665;width:150px}table.alarms th{width:auto}.meta td{white-space:pre-wrap}
figure{margin:10px 0 14px}figcaption{font-weight:600;margin-bottom:2px}svg text{font-size:10px;fill:#4a5665}
.legend{display:flex;flex-wrap:wrap;gap:4px 12px;font-size:11px}.key i{display:inline-block;width:10px;height:3px;margin-right:4px;vertical-align:middle}
.lead{font-size:16px}.empty{color:#5b6675;font-style:italic}.sub{color:#5b6675}
.sev{padding:0 5px;border-radius:3px;color:#fff;font-size:11px}.sev-info{background:#5b6675}.sev-warning{background:#d98e04}.sev-alarm{background:#d9480f}.sev-critical{background:#b00020}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}figure,tr{break-inside:avoid}}
</style></head><body>
<h1>Test session report — #${s.id} · ${esc(s.rig || s.deviceId)}</h1>
<p class="sub">EV Battery Monitoring Station${r.stationVersion ? ` v${esc(r.stationVersion)}` : ''} · generated ${when(r.generatedMs)} · risk model ${esc(s.modelVersion)}</p>
<h2>Run</h2>
<table class="meta">${rows.map(([k, v]) => `<tr><th>${k}</th><td>${esc(v)}</td></tr>`).join('')}
<tr><th>Operator notes</th><td>${esc(s.notes || '—')}</td></tr></table>
<h2>Warning lead time</h2>
${leadTimeBlock(lt)}
<h2>Charts</h2>
<p class="sub">Lines are means per ${r.series.bucketMs ? formatDuration(r.series.bucketMs) : 'sample'} (${r.series.resolution} data); the shaded band spans the minimum to the maximum, so short spikes stay visible. Dashed lines mark alarms.</p>
${chart('temp', 'Cell temperature', '°C')}
${chart('voltage', 'Cell voltage', 'V')}
${chart('current', 'Pack current', 'A')}
${risk}
<h2>Alarms</h2>
${r.alarms.length ? alarmTimelineSvg(r.alarms, fromMs, toMs) : '<p class="empty">No alarms were raised in this session.</p>'}
${
  r.alarms.length
    ? `<p class="sub">One row per alarm (raised, escalated, returned and cleared in one), ${r.alarms.length} in all${sim ? '; simulated time beside wall time' : ''}.</p><table class="alarms"><thead><tr><th>Raised</th><th>Cleared</th><th>Peak severity</th><th>Rule or class</th><th>Raised by</th><th>Cell</th><th>Message</th><th>Acknowledged</th></tr></thead><tbody>${alarmRows}</tbody></table>`
    : ''
}
</body></html>
`;
}
