/**
 * Which simulated runs make up the dataset: scenario, seed, chemistry, cell count, extra sensor faults,
 * duration and split, all drawn from one master seed so that a dataset is reproducible from its manifest.
 * Splits are by run (scenario instance), never by row: rows of one run are strongly correlated.
 */
import { SCENARIOS, type ScenarioName } from '../../native-bridge/sim/index.js';
import { mixSeed, nameKey, Rng } from '../../native-bridge/sim/prng.js';

export type Split = 'train' | 'val' | 'test';

export interface RunSpec {
  id: string;
  index: number;
  scenario: ScenarioName;
  seed: number;
  chemistry: string;
  cellCount: number;
  /** Random sensor faults on top of the scenario (sensor-faults has its own). */
  faults: boolean;
  /** Rows are written for t = 1 … durationS (fewer if a runaway ends the test). */
  durationS: number;
  split: Split;
}

/**
 * full: the training set; small: the smoke test's; false-alarm: held-out runs of every scenario at their
 * full suggested length, under seeds of their own, so the false-alarm rate is measured over every cell
 * that did not run away (calm cycling, faults, hot chambers, failed cooling, abuse that stopped short,
 * neighbours of burning cells) and over more hours than the test split has.
 */
export type DatasetSize = 'full' | 'small' | 'false-alarm';

/** Runs per scenario in one false-alarm set (one set per seed; the evaluation takes several seeds). */
const FALSE_ALARM_RUNS: Record<ScenarioName, number> = {
  'normal-cycling': 4,
  'high-ambient': 3,
  'cooling-failure': 3,
  overcharge: 3,
  oven: 3,
  'heater-pad': 2,
  'internal-short': 3,
  propagation: 2,
  'sensor-faults': 4,
};

/** Runs per scenario (full) and run length: the event scenarios carry the rare classes. */
const FULL_RUNS: Record<ScenarioName, { runs: number; maxS: number }> = {
  'normal-cycling': { runs: 12, maxS: 14400 },
  'high-ambient': { runs: 8, maxS: 14400 },
  'cooling-failure': { runs: 8, maxS: 14400 },
  overcharge: { runs: 30, maxS: 7200 },
  oven: { runs: 40, maxS: 10800 },
  'heater-pad': { runs: 30, maxS: 7200 },
  'internal-short': { runs: 28, maxS: 9000 },
  propagation: { runs: 24, maxS: 7200 },
  'sensor-faults': { runs: 24, maxS: 14400 },
};

const CHEMISTRY_MIX: readonly [string, number][] = [
  ['nmc-18650', 0.55],
  ['nmc-21700', 0.25],
  ['lfp-prismatic', 0.2],
];

function pickChemistry(rng: Rng, scenarioDefault: string): string {
  // The LFP cells do not run away in most abuse draws; keep NMC dominant in event scenarios.
  let u = rng.next();
  for (const [name, p] of CHEMISTRY_MIX) {
    if (u < p) return name;
    u -= p;
  }
  return scenarioDefault;
}

/** Train / val / test by position in a seeded shuffle of each scenario's runs: 60 / 15 / 25 %. */
function splitOf(pos: number, n: number): Split {
  const f = (pos + 0.5) / n;
  return f < 0.6 ? 'train' : f < 0.75 ? 'val' : 'test';
}

export function planRuns(masterSeed: number, size: DatasetSize): RunSpec[] {
  const runs: RunSpec[] = [];
  for (const info of SCENARIOS) {
    const n = size === 'full' ? FULL_RUNS[info.name].runs : size === 'small' ? 3 : FALSE_ALARM_RUNS[info.name];
    const keys = size === 'false-alarm' ? [nameKey(info.name), nameKey('fa')] : [nameKey(info.name)];
    const rng = new Rng(mixSeed(masterSeed, ...keys));
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let i = 0; i < n; i++) {
      const seed = rng.nextU32();
      const chemistry = pickChemistry(rng, info.defaultChemistry);
      const base = info.defaultCellCount;
      // Rigs of 1–12 cells around the scenario's default; a 1-cell oven stays a common case.
      const cellCount = Math.max(
        1,
        Math.min(12, base === 1 ? rng.int(1, 3) : rng.int(Math.max(2, base - 2), base + 4)),
      );
      // Faults on top of abuse runs too: a noisy probe beside a charging cell must not read as overcharge.
      const faults = info.name !== 'sensor-faults' && rng.chance(0.35);
      // Calm scenarios run their whole suggested length: a model trained on 2 h of cycling raised false
      // alarms on the full-charge-and-rest states that only the later cycles of a 4 h run reach.
      let durationS = Math.min(FULL_RUNS[info.name].maxS, info.suggestedDurationS);
      if (size === 'small') durationS = Math.min(durationS, 2400);
      if (size === 'false-alarm') durationS = info.suggestedDurationS;
      runs.push({
        id: `${info.name}-${String(i).padStart(3, '0')}`,
        index: runs.length,
        scenario: info.name,
        seed,
        chemistry,
        cellCount,
        faults,
        durationS,
        split:
          size === 'small'
            ? (['train', 'val', 'test'] as const)[order[i]! % 3]!
            : size === 'false-alarm'
              ? 'test'
              : splitOf(order[i]!, n),
      });
    }
  }
  return runs;
}
