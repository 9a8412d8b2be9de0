/**
 * Puts a served false-alarm measurement where the model's other figures are: a section of
 * models/eval-report.md between markers (replaced on each run; evaluate.py keeps it when it rewrites the
 * report) and `metrics.servedStation` in the model card, written into the card's text as one line so the
 * rest of the card stays byte for byte as evaluate.py wrote it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Rate } from '../dataset/warning-episodes.js';
import { formatRate, type RunRecord, type ScenarioRates } from './fa-summary.js';

export const SECTION_START = '<!-- station-fa:start (npm run eval:station) -->';
export const SECTION_END = '<!-- station-fa:end -->';

export interface Measurement {
  measuredOn: { commit: string; date: string; modelVersion: string | null };
  masterSeeds: number[];
  runsPerScenario: number;
  speed: number;
  maxSimS: number | null;
  wallS: number;
  runs: RunRecord[];
  perScenario: Record<string, ScenarioRates>;
  all: ScenarioRates;
}

const seedText = (s: number[]) => (s.length > 1 && s.every((v, i) => i === 0 || v === s[i - 1]! + 1) ? `${s[0]}–${s.at(-1)}` : s.join(', ')); // prettier-ignore

/** evaluate.py's offline station figure (strict, book-counted) per scenario and `all`, for the side-by-side column. */
export type OfflineStation = Record<string, Rate>;

export function offlineStation(evalReportJson: string): OfflineStation | null {
  try {
    const r = JSON.parse(evalReportJson) as {
      falseAlarms?: { all: { station: Rate }; perScenario: Record<string, { station: Rate }> };
    };
    if (!r.falseAlarms) return null;
    const out: OfflineStation = { all: r.falseAlarms.all.station };
    for (const [scn, v] of Object.entries(r.falseAlarms.perScenario)) out[scn] = v.station;
    return out;
  } catch {
    return null;
  }
}

export function reportSection(m: Measurement, chartFile: string, offline: OfflineStation | null = null): string {
  const a = m.all;
  const dropped = m.runs.reduce((s, r) => s + r.droppedRows, 0);
  const full = m.runs.reduce((s, r) => s + r.fullReads, 0);
  const capped = m.runs.filter((r) => r.simS < r.askedSimS && r.runawayCells.length === 0).length;
  const lines = [
    SECTION_START,
    '## The station as the operator sees it (`serve` on the simulator)',
    '',
    `Measured through the station process (tools/station-fa, \`npm run eval:station\`): each run is \`serve\` (the bundle \`npm run serve\` runs) on 127.0.0.1, a free port and a fresh data folder, its rig \`sim:<scenario>?speed=${m.speed}&seed=<run>&cells=<run>\`; each cell's class *as shown* (the model after the escalation gate and hysteresis, raised to the safety rules' floor) read per device-second over the WebSocket (getPredictionHistory), the cells the station declared in runaway (its RUNAWAY alarm) left out whole, a run ended ${600} s after its newest runaway as the dataset ends one. Runs: the first ${m.runsPerScenario} of each scenario in the false-alarm plans (tools/dataset/run-plan.ts) of master seeds ${seedText(m.masterSeeds)}, taken fresh for this measurement, with the plan's seed and cell count${m.maxSimS !== null ? `, at most ${m.maxSimS} s each` : ''}; the scenario's own chemistry and no extra sensor faults, which serve's simulated rig does not take.`,
    '',
    `Code at ${m.measuredOn.commit}, model ${m.measuredOn.modelVersion ?? '–'}, ${m.measuredOn.date}: ${m.runs.length} runs, ${a.simHours.toFixed(1)} sim-hours, ${a.cellHours.toFixed(1)} cell-hours of cells that never ran away (${a.runawayCells} cells ran away), ${(m.wallS / 60).toFixed(1)} min wall at ${m.speed}× asked. Rows the engine dropped: ${dropped}; reads that came back a full hour (seconds possibly lost): ${full}; runs the wall-time cap ended early: ${capped}.`,
    '',
    "*shown*: every rise of the shown class to Warning or above; *book*: counted as the alarm book shows them (a return within its 5 s clear hold is the same alarm), the way the offline *station* figures above count. Episodes, per 1000 cell-h (95 % CI, whole runs resampled). No envelope figure: the station never sees the simulator's truth." +
      (offline
        ? ' *offline station*: the strict station figure of the table above (other seeds and runs, their chemistries and faults), beside it for scale.'
        : ''),
    '',
    `| scenario | runs | sim-h | cell-h | cells ran away | shown | book |${offline ? ' offline station |' : ''}`,
    `|---|---|---|---|---|---|---|${offline ? '---|' : ''}`,
  ];
  const row = (name: string, key: string, r: ScenarioRates) =>
    `| ${name} | ${r.runs} | ${r.simHours.toFixed(1)} | ${r.cellHours.toFixed(1)} | ${r.runawayCells} | ${formatRate(r.shown)} | ${formatRate(r.book)} |${offline ? ` ${offline[key] ? formatRate(offline[key]) : '–'} |` : ''}`;
  for (const [scn, r] of Object.entries(m.perScenario)) lines.push(row(scn, scn, r));
  lines.push(row('**all**', 'all', a), '', `![${chartFile}](${chartFile})`, SECTION_END);
  return lines.join('\n');
}

/** Replaces the section, or puts it before the measured traces (else at the end). */
export function withSection(report: string, section: string): string {
  const i = report.indexOf(SECTION_START);
  const j = report.indexOf(SECTION_END);
  if (i >= 0 && j > i) return report.slice(0, i) + section + report.slice(j + SECTION_END.length);
  const at = report.search(/^## Measured traces/m);
  if (at < 0) return `${report.trimEnd()}\n\n${section}\n`;
  return `${report.slice(0, at)}${section}\n\n${report.slice(at)}`;
}

export function cardFigure(m: Measurement): Record<string, unknown> {
  const f = (r: ScenarioRates['shown']) => ({ perThousandCellHours: r.perThousandCellHours, ci95: r.ci95, episodes: r.episodes }); // prettier-ignore
  return {
    falseAlarmsShown: f(m.all.shown),
    falseAlarmsBook: f(m.all.book),
    cellHours: m.all.cellHours,
    simHours: m.all.simHours,
    runs: m.runs.length,
    masterSeeds: m.masterSeeds,
    speed: m.speed,
    commit: m.measuredOn.commit,
    report: 'eval-station.json',
  };
}

/**
 * `metrics.servedStation` set in the card's text: an old entry replaced, else one added first. The old one
 * may span lines: evaluate.py rewrites the whole card with an indent and keeps this entry, so it ends at the
 * first brace back at its own indent.
 */
export function withCardFigure(cardText: string, figure: Record<string, unknown>): string {
  const line = `    "servedStation": ${JSON.stringify(figure)},\n`;
  const old = /^ {4}"servedStation": (?:\{.*\}|\{\n[\s\S]*?\n {4}\}),\n/m;
  if (old.test(cardText)) return cardText.replace(old, () => line);
  const at = cardText.indexOf('  "metrics": {\n');
  if (at < 0) throw new Error('the model card has no "metrics" object');
  const after = at + '  "metrics": {\n'.length;
  return cardText.slice(0, after) + line + cardText.slice(after);
}

export function writeReportAndCard(m: Measurement, reportPath: string, cardPath: string, chartFile: string): void {
  const jsonPath = reportPath.replace(/\.md$/, '.json');
  const offline = existsSync(jsonPath) ? offlineStation(readFileSync(jsonPath, 'utf8')) : null;
  writeFileSync(reportPath, withSection(readFileSync(reportPath, 'utf8'), reportSection(m, chartFile, offline)));
  const card = withCardFigure(readFileSync(cardPath, 'utf8'), cardFigure(m));
  JSON.parse(card);
  writeFileSync(cardPath, card);
}
