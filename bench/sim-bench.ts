/**
 * Simulator speed: a 16-cell module simulated for 2 h (target: under 5 s wall), stepped and sampled
 * once per simulated second as the dataset export does, beside a baseline measured in the same run: a
 * bare loop doing the same number of Arrhenius exp() evaluations. Run directly with
 * `npx tsx bench/sim-bench.ts`, or call runSimBench() from `npm run bench`.
 */
import { pathToFileURL } from 'node:url';
import type { BenchFigure } from './bench-report.js';
import { kineticsCounters } from '../native-bridge/sim/kinetics.js';
import { createRigModel } from '../native-bridge/sim/sim-rig-model.js';

export interface SimBenchCase {
  scenario: string;
  cellCount: number;
  simulatedS: number;
  wallS: number;
  simSecondsPerWallSecond: number;
  /** Physics substeps taken (the adaptive integrator's work). */
  substeps: number;
  arrheniusEvals: number;
  /** Wall time of a bare loop doing the same number of Arrhenius exp() evaluations. */
  baselineWallS: number;
  /** The baseline's sum, returned so the loop cannot be optimised away. */
  baselineChecksum: number;
  /** Model wall time over baseline wall time. */
  overBaseline: number;
}

export interface SimBenchResult {
  /** The issue-5 figure: 16 cells × 2 h of normal cycling. */
  module16x2h: SimBenchCase;
  /** The same module through a nail-triggered propagation (every runaway needs millisecond substeps). */
  propagation16x2h: SimBenchCase;
  targetWallS: number;
  withinTarget: boolean;
}

const R = 8.314462618;

/** Arrhenius factors at temperatures that vary, so the JIT cannot hoist the exp() out of the loop. */
function arrheniusBaseline(evals: number): { wallS: number; sink: number } {
  const t0 = performance.now();
  let sink = 0;
  for (let k = 0; k < evals; k++) {
    const tK = 298.15 + (k % 400) * 0.5;
    sink += 1.667e15 * Math.exp(-1.3508e5 / (R * tK));
  }
  return { wallS: (performance.now() - t0) / 1000, sink };
}

function benchCase(scenario: string, cellCount: number, seconds: number): SimBenchCase {
  const m = createRigModel(scenario, { seed: 1, cellCount, recordHistory: true });
  const evals0 = kineticsCounters.arrheniusEvals;
  const t0 = performance.now();
  for (let t = 0; t < seconds; t++) {
    m.step(1);
    m.sample();
  }
  const wallS = (performance.now() - t0) / 1000;
  const evals = kineticsCounters.arrheniusEvals - evals0;
  const base = arrheniusBaseline(evals);
  return {
    scenario,
    cellCount,
    simulatedS: seconds,
    wallS,
    simSecondsPerWallSecond: seconds / wallS,
    substeps: m.truth().substeps,
    arrheniusEvals: evals,
    baselineWallS: base.wallS,
    baselineChecksum: base.sink,
    overBaseline: wallS / Math.max(base.wallS, 1e-9),
  };
}

export async function runSimBench(): Promise<SimBenchResult> {
  // A short warm-up so the JIT has compiled the hot paths before the timed runs.
  benchCase('normal-cycling', 16, 300);
  const module16x2h = benchCase('normal-cycling', 16, 7200);
  const propagation16x2h = benchCase('propagation', 16, 7200);
  return { module16x2h, propagation16x2h, targetWallS: 5, withinTarget: module16x2h.wallS < 5 };
}

/** The same runs as `npm run bench` figures: wall time of each 2 h case beside its bare exp() loop. */
export async function runSimBenchFigures(): Promise<BenchFigure[]> {
  const r = await runSimBench();
  return [r.module16x2h, r.propagation16x2h].map((c) => ({
    label: `${c.scenario}, ${c.cellCount} cells × ${c.simulatedS / 3600} h (${Math.round(c.simSecondsPerWallSecond).toLocaleString('en')} sim s/s)`,
    value: c.wallS,
    unit: 's wall',
    baseline: { label: `bare loop, ${c.arrheniusEvals.toLocaleString('en')} Arrhenius exp()`, value: c.baselineWallS },
    target: `< ${r.targetWallS} s`,
    ok: c.wallS < r.targetWallS,
  }));
}

function describeCase(c: SimBenchCase): string {
  return (
    `${c.scenario}, ${c.cellCount} cells × ${c.simulatedS / 3600} h: ${c.wallS.toFixed(3)} s wall, ` +
    `${Math.round(c.simSecondsPerWallSecond).toLocaleString('en')} simulated s per wall s, ` +
    `${c.substeps.toLocaleString('en')} substeps, ${c.arrheniusEvals.toLocaleString('en')} Arrhenius exp() ` +
    `(bare loop: ${(c.baselineWallS * 1000).toFixed(1)} ms, model = ${c.overBaseline.toFixed(0)}× baseline)`
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await runSimBench();
  console.log(`sim bench: ${describeCase(r.module16x2h)}`);
  console.log(`sim bench: ${describeCase(r.propagation16x2h)}`);
  console.log(`sim bench: target 16 cells × 2 h < ${r.targetWallS} s: ${r.withinTarget ? 'met' : 'NOT met'}`);
}
