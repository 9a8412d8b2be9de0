/**
 * False alarms of the station as an operator sees it (issue 13): the false-alarm plan's runs, one `serve`
 * at a time on its simulated rig at a high speed-up, the class shown per cell and device-second read
 * over the station's own API; Warning+ episodes of cells that never ran away per 1000 cell-h, per
 * scenario and in total, with whole-run intervals. Writes the JSON and an SVG chart (models/ by default)
 * and, unless --no-report, the section of models/eval-report.md and the card's `metrics.servedStation`.
 * Take master seeds nothing else has used (the evaluation's are in tools/train.ts FALSE_ALARM_SEEDS and
 * the card's falseAlarmSeeds).
 *
 *   nice -n 10 npx tsx tools/station-fa/station-fa.ts --seeds 78001-78005 [--runs-per-scenario 2]
 *     [--scenario normal-cycling,oven] [--speed 1500] [--max-sim-s N] [--max-wall-s 300] [--out models]
 *     [--no-report] [--tsx]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planRuns, type RunSpec } from '../dataset/run-plan.js';
import { falseAlarmChartSvg } from './fa-chart.js';
import { writeReportAndCard, type Measurement } from './fa-report.js';
import { formatRate, summarise, type RunRecord } from './fa-summary.js';
import { runServed } from './served-run.js';
import { tallyServedRun } from './served-tally.js';

export const JSON_FILE = 'eval-station.json';
export const CHART_FILE = 'eval-station-false-alarms.svg';

export interface StationFaOptions {
  seeds: number[];
  runsPerScenario: number;
  scenarios: string[] | null;
  speed: number;
  maxSimS: number | null;
  maxWallS: number;
  out: string;
  report: boolean;
  built: boolean;
}

function parseSeeds(v: string): number[] {
  return v.split(',').flatMap((part) => {
    const m = /^(\d+)-(\d+)$/.exec(part.trim());
    if (!m) return [Number(part)];
    const [a, b] = [Number(m[1]), Number(m[2])];
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  });
}

export function parseArgs(argv: string[]): StationFaOptions {
  const o: StationFaOptions = {
    seeds: [],
    runsPerScenario: 2,
    scenarios: null,
    speed: 1500,
    maxSimS: null,
    maxWallS: 300,
    out: 'models',
    report: true,
    built: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    const val = () => argv[++i] ?? (() => { throw new Error(`${k} needs a value`); })(); // prettier-ignore
    if (k === '--seeds') o.seeds = parseSeeds(val());
    else if (k === '--runs-per-scenario') o.runsPerScenario = Number(val());
    else if (k === '--scenario') o.scenarios = val().split(',');
    else if (k === '--speed') o.speed = Number(val());
    else if (k === '--max-sim-s') o.maxSimS = Number(val());
    else if (k === '--max-wall-s') o.maxWallS = Number(val());
    else if (k === '--out') o.out = val();
    else if (k === '--no-report') o.report = false;
    else if (k === '--tsx') o.built = false;
    else throw new Error(`unknown option ${k}`);
  }
  if (o.seeds.length === 0 || o.seeds.some((s) => !Number.isSafeInteger(s)))
    throw new Error('--seeds is required: fresh master seeds, e.g. 78001-78005');
  if (!(o.runsPerScenario >= 1)) throw new Error('--runs-per-scenario must be at least 1');
  return o;
}

/** The first `n` runs of each scenario in each seed's false-alarm plan, seed by seed. */
export function selectRuns(o: StationFaOptions): { masterSeed: number; spec: RunSpec }[] {
  return o.seeds.flatMap((masterSeed) => {
    const taken = new Map<string, number>();
    return planRuns(masterSeed, 'false-alarm')
      .filter((r) => o.scenarios === null || o.scenarios.includes(r.scenario))
      .filter((r) => {
        const n = taken.get(r.scenario) ?? 0;
        taken.set(r.scenario, n + 1);
        return n < o.runsPerScenario;
      })
      .map((spec) => ({ masterSeed, spec }));
  });
}

const mainCommit = () => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};

/** Progress on stderr: a line per run, and one every 15 s (or each read on a terminal) while it goes. */
function progress(m: string, overwrite = false): void {
  if (process.stderr.isTTY && overwrite) process.stderr.write(`\r\x1b[K${m}`);
  else process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[K' : ''}${m}\n`);
}

export async function measure(o: StationFaOptions): Promise<Measurement> {
  const plan = selectRuns(o);
  if (plan.length === 0) throw new Error('no run of the plan matches --scenario');
  const totalSimS = plan.reduce((a, p) => a + Math.min(p.spec.durationS, o.maxSimS ?? Infinity), 0);
  const t0 = performance.now();
  let doneSimS = 0;
  const runs: RunRecord[] = [];
  let modelVersion: string | null = null;
  for (const [k, { masterSeed, spec }] of plan.entries()) {
    const askedSimS = Math.min(spec.durationS, o.maxSimS ?? Infinity);
    const label = `[${k + 1}/${plan.length}] ${masterSeed} ${spec.id} (seed ${spec.seed}, ${spec.cellCount} cells)`;
    let lastLine = 0;
    const r = await runServed({
      scenario: spec.scenario,
      seed: spec.seed,
      cells: spec.cellCount,
      simS: askedSimS,
      speed: o.speed,
      maxWallS: o.maxWallS,
      built: o.built,
      onProgress: (s) => {
        const now = performance.now();
        if (!process.stderr.isTTY && now - lastLine < 15_000) return;
        lastLine = now;
        progress(`  ${label}: ${s.toFixed(0)} / ${askedSimS} sim-s`, true);
      },
    });
    modelVersion = r.modelVersion;
    const t = tallyServedRun(r.series, new Set(r.runawayCells));
    runs.push({
      planId: spec.id,
      masterSeed,
      scenario: spec.scenario,
      seed: spec.seed,
      cells: spec.cellCount,
      askedSimS,
      simS: r.simS,
      wallS: r.wallS,
      cellHours: t.cellHours,
      shownEpisodes: t.shownEpisodes,
      bookEpisodes: t.bookEpisodes,
      runawayCells: r.runawayCells,
      droppedRows: r.droppedRows,
      fullReads: r.fullReads,
    });
    doneSimS += askedSimS;
    const wallS = (performance.now() - t0) / 1000;
    const etaMin = ((wallS / doneSimS) * (totalSimS - doneSimS)) / 60;
    progress(
      `  ${label}: ${r.simS.toFixed(0)} sim-s in ${r.wallS.toFixed(0)} s, ${t.cellHours.toFixed(1)} cell-h, shown ${t.shownEpisodes}, book ${t.bookEpisodes}, ran away [${r.runawayCells.join(' ')}]${r.droppedRows || r.fullReads ? `, dropped ${r.droppedRows}, full reads ${r.fullReads}` : ''} — ${(wallS / 60).toFixed(1)} min, ~${etaMin.toFixed(1)} min left`,
    );
  }
  return {
    measuredOn: { commit: mainCommit(), date: new Date().toISOString().slice(0, 16) + 'Z', modelVersion },
    masterSeeds: o.seeds,
    runsPerScenario: o.runsPerScenario,
    speed: o.speed,
    maxSimS: o.maxSimS,
    wallS: (performance.now() - t0) / 1000,
    runs,
    ...summarise(runs),
  };
}

export function writeOutputs(m: Measurement, o: StationFaOptions): void {
  mkdirSync(o.out, { recursive: true });
  writeFileSync(join(o.out, JSON_FILE), JSON.stringify(m, null, 1) + '\n');
  const rows = [...Object.entries(m.perScenario), ['all', m.all] as const] as [string, typeof m.all][];
  const title = `Served station: false alarms, seeds ${m.masterSeeds.join(', ')} (${m.all.cellHours.toFixed(0)} cell-h)`;
  writeFileSync(join(o.out, CHART_FILE), falseAlarmChartSvg(title, rows));
  if (o.report) writeReportAndCard(m, join(o.out, 'eval-report.md'), join(o.out, 'risk-model.card.json'), CHART_FILE);
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  o.out = resolve(o.out);
  const m = await measure(o);
  writeOutputs(m, o);
  console.log(`served station, master seeds ${m.masterSeeds.join(', ')}: Warning+ episodes per 1000 cell-h of cells that never ran away`); // prettier-ignore
  console.log('scenario | runs | sim-h | cell-h | ran away | shown | book');
  for (const [scn, r] of [...Object.entries(m.perScenario), ['all', m.all] as const])
    console.log(`${scn} | ${r.runs} | ${r.simHours.toFixed(1)} | ${r.cellHours.toFixed(1)} | ${r.runawayCells} | ${formatRate(r.shown)} | ${formatRate(r.book)}`); // prettier-ignore
  console.log(`wall ${(m.wallS / 60).toFixed(1)} min; wrote ${join(o.out, JSON_FILE)}, ${join(o.out, CHART_FILE)}`);
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url))
  main().catch((e) => {
    console.error((e as Error).message);
    process.exit(1);
  });
