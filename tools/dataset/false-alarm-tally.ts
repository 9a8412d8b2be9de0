/**
 * A development look at false alarms, without the Python side: simulates one false-alarm set (the
 * runs `npm run dataset -- --false-alarm --seed N` would write) through the station's own path and
 * counts, per scenario, the Warning-or-higher episodes of cells that never reach an onset, for the rules
 * alone (split by the finding that opened each episode), the model (thresholds, escalation gate,
 * hysteresis, as the station runs them) and the station (the larger of the two), as the alarm book shows
 * them (the model's alarm stays open through the book's clear hold), and how many of the station's began
 * while the cell was inside its safe operating envelope by the simulator's truth. Use development seeds
 * (72xxx) here; the evaluation's fresh seeds (tools/train.ts FALSE_ALARM_SEEDS) must stay unseen.
 *
 *   npx tsx tools/dataset/false-alarm-tally.ts --seed 72001 [--no-model] [--model models/risk-model.onnx]
 *     [--scenario normal-cycling] [--json out.json]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { FEATURE_COUNT, FEATURE_NAMES } from '../../native-bridge/features/feature-spec.js';
import { decideClass, decisionOf, type RiskDecision } from '../../native-bridge/ml/risk-decision.js';
import { DEFAULT_HOLD_MS, RiskHysteresis } from '../../native-bridge/ml/risk-hysteresis.js';
import { CODE_BIT } from '../../native-bridge/safety/cell-safety.js';
import { CLEAR_HOLD_MS } from '../../native-bridge/safety/alarm-book.js';
import { planRuns } from './run-plan.js';
import { simulateRun, type RunRows } from './simulate-run.js';
import { WARNING, WarningEpisodes } from './warning-episodes.js';

interface Tally {
  cellHours: number;
  rules: number;
  model: number;
  station: number;
  /** Station episodes begun inside the safe operating envelope (the false ones), and its cell-hours. */
  stationInEnvelope: number;
  cellHoursInEnvelope: number;
  /** Rules-alone episodes by the finding codes that held when the episode opened. */
  byCode: Record<string, number>;
}

function parseArgs(argv: string[]) {
  const a = {
    seed: 72001,
    model: 'models/risk-model.onnx' as string | null,
    scenario: null as string | null,
    json: null as string | null,
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    const val = () => argv[++i] ?? (() => { throw new Error(`${k} needs a value`); })(); // prettier-ignore
    if (k === '--seed') a.seed = Number(val());
    else if (k === '--model') a.model = val();
    else if (k === '--no-model') a.model = null;
    else if (k === '--scenario') a.scenario = val();
    else if (k === '--json') a.json = val();
    else throw new Error(`unknown option ${k} (use --seed, --model, --no-model, --scenario, --json)`);
  }
  return a;
}

function codesOf(mask: number): string {
  return (Object.keys(CODE_BIT) as (keyof typeof CODE_BIT)[]).filter((c) => (mask & CODE_BIT[c]) !== 0).join('+');
}

async function modelClasses(session: ort.InferenceSession, d: RiskDecision, r: RunRows): Promise<Int8Array> {
  const out = new Int8Array(r.rows);
  const batch = 100_000;
  for (let a = 0; a < r.rows; a += batch) {
    const n = Math.min(batch, r.rows - a);
    const x = new ort.Tensor('float32', r.features.slice(a * FEATURE_COUNT, (a + n) * FEATURE_COUNT), [
      n,
      FEATURE_COUNT,
    ]);
    const res = await session.run({ input: x }, ['probabilities']);
    const p = res.probabilities!.data as Float32Array;
    const width = p.length / n;
    for (let i = 0; i < n; i++) out[a + i] = Math.min(decideClass(d, p, i * width), r.cap[a + i]!);
  }
  return out;
}

/** Adds one run's cells without an onset to the tally. */
function tallyRun(t: Tally, r: RunRows, model: Int8Array | null, holdMs: number): void {
  const noOnset = new Set(r.onsets.filter((o) => o.onsetS === null).map((o) => o.cell));
  const state = new Map<
    number,
    { hyst: RiskHysteresis; rule: WarningEpisodes; model: WarningEpisodes; station: WarningEpisodes }
  >();
  for (let i = 0; i < r.rows; i++) {
    const cell = r.cell[i]!;
    if (!noOnset.has(cell)) continue;
    let s = state.get(cell);
    if (!s)
      state.set(
        cell,
        (s = {
          hyst: new RiskHysteresis(holdMs),
          rule: new WarningEpisodes(),
          model: new WarningEpisodes(CLEAR_HOLD_MS / 1000),
          station: new WarningEpisodes(),
        }),
      );
    const inside = r.outsideEnvelope[i] === 0;
    t.cellHours += 1 / 3600;
    if (inside) t.cellHoursInEnvelope += 1 / 3600;
    const tS = r.tS[i]!;
    const ruleOn = r.ruleClass[i]! >= WARNING;
    const m = model ? s.hyst.update(model[i]!, tS * 1000) : 0;
    if (s.rule.update(ruleOn, tS)) {
      t.rules++;
      const k = codesOf(r.ruleCodes[i]!) || 'held';
      t.byCode[k] = (t.byCode[k] ?? 0) + 1;
    }
    if (s.model.update(m >= WARNING, tS)) t.model++;
    if (s.station.update(ruleOn || s.model.isOpen, tS)) {
      t.station++;
      if (inside) t.stationInEnvelope++;
    }
  }
}

const EMPTY_TALLY: Tally = {
  cellHours: 0,
  cellHoursInEnvelope: 0,
  rules: 0,
  model: 0,
  station: 0,
  stationInEnvelope: 0,
  byCode: {},
};

async function main() {
  const a = parseArgs(process.argv.slice(2));
  let session: ort.InferenceSession | null = null;
  let decision: RiskDecision | null = null;
  if (a.model) {
    const path = resolve(a.model);
    const card = JSON.parse(readFileSync(path.replace(/\.onnx$/, '.card.json'), 'utf8'));
    const names: string[] = card.features.map((f: { name: string }) => f.name);
    if (names.join() !== FEATURE_NAMES.join()) throw new Error(`${a.model} was trained on other features than fs's`);
    decision = decisionOf(card);
    session = await ort.InferenceSession.create(path, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  }
  const runs = planRuns(a.seed, 'false-alarm').filter((r) => a.scenario === null || r.scenario === a.scenario);
  const byScenario: Record<string, Tally> = {};
  for (const spec of runs) {
    const r = simulateRun(spec);
    const t = (byScenario[spec.scenario] ??= { ...EMPTY_TALLY, byCode: {} });
    tallyRun(
      t,
      r,
      session && decision ? await modelClasses(session, decision, r) : null,
      decision?.holdMs ?? DEFAULT_HOLD_MS,
    );
  }
  const per = (e: number, h: number) => (h > 0 ? ((1000 * e) / h).toFixed(1) : '–');
  console.log(`false-alarm set, seed ${a.seed}: Warning+ episodes (per 1000 cell-h) of cells without an onset`);
  console.log('scenario | cell-h | rules | model | station | station inside the envelope | rules by finding');
  const all: Tally = { ...EMPTY_TALLY, byCode: {} };
  for (const [scn, t] of Object.entries(byScenario)) {
    for (const k of ['cellHours', 'cellHoursInEnvelope', 'rules', 'model', 'station', 'stationInEnvelope'] as const)
      all[k] += t[k];
    for (const [c, n] of Object.entries(t.byCode)) all.byCode[c] = (all.byCode[c] ?? 0) + n;
    const codes = Object.entries(t.byCode).map(([c, n]) => `${c} ${n}`).join(', '); // prettier-ignore
    console.log(`${scn} | ${t.cellHours.toFixed(0)} | ${t.rules} (${per(t.rules, t.cellHours)}) | ${t.model} (${per(t.model, t.cellHours)}) | ${t.station} (${per(t.station, t.cellHours)}) | ${t.stationInEnvelope} (${per(t.stationInEnvelope, t.cellHoursInEnvelope)}) | ${codes}`); // prettier-ignore
  }
  console.log(`all | ${all.cellHours.toFixed(0)} | ${all.rules} (${per(all.rules, all.cellHours)}) | ${all.model} (${per(all.model, all.cellHours)}) | ${all.station} (${per(all.station, all.cellHours)}) | ${all.stationInEnvelope} (${per(all.stationInEnvelope, all.cellHoursInEnvelope)}) | ${Object.entries(all.byCode).map(([c, n]) => `${c} ${n}`).join(', ')}`); // prettier-ignore
  if (a.json) writeFileSync(a.json, JSON.stringify({ seed: a.seed, byScenario, all }, null, 1));
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exit(1);
});
