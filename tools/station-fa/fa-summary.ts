/** The served runs' false-alarm rates, per scenario and in total, each with its whole-run interval. */
import { rateWithInterval, type Rate } from '../dataset/warning-episodes.js';

export interface RunRecord {
  /** The false-alarm plan's run id (tools/dataset/run-plan.ts) and the master seed it came from. */
  planId: string;
  masterSeed: number;
  scenario: string;
  /** The run's own simulator seed and cell count, as the plan drew them. */
  seed: number;
  cells: number;
  askedSimS: number;
  simS: number;
  wallS: number;
  cellHours: number;
  shownEpisodes: number;
  bookEpisodes: number;
  runawayCells: number[];
  droppedRows: number;
  fullReads: number;
}

export interface ScenarioRates {
  runs: number;
  simHours: number;
  cellHours: number;
  runawayCells: number;
  shown: Rate;
  book: Rate;
}

const BOOTSTRAP_SEED = 13;

function ratesOf(runs: readonly RunRecord[]): ScenarioRates {
  return {
    runs: runs.length,
    simHours: runs.reduce((a, r) => a + r.simS, 0) / 3600,
    cellHours: runs.reduce((a, r) => a + r.cellHours, 0),
    runawayCells: runs.reduce((a, r) => a + r.runawayCells.length, 0),
    shown: rateWithInterval(
      runs.map((r) => ({ episodes: r.shownEpisodes, cellHours: r.cellHours })),
      BOOTSTRAP_SEED,
    ),
    book: rateWithInterval(
      runs.map((r) => ({ episodes: r.bookEpisodes, cellHours: r.cellHours })),
      BOOTSTRAP_SEED,
    ),
  };
}

export function summarise(runs: readonly RunRecord[]): {
  perScenario: Record<string, ScenarioRates>;
  all: ScenarioRates;
} {
  const perScenario: Record<string, ScenarioRates> = {};
  for (const scn of [...new Set(runs.map((r) => r.scenario))].sort())
    perScenario[scn] = ratesOf(runs.filter((r) => r.scenario === scn));
  return { perScenario, all: ratesOf(runs) };
}

/** `12, 187.6 (131.5–257.4)`: episodes, rate per 1000 cell-h and its interval. */
export function formatRate(r: Rate): string {
  if (r.perThousandCellHours === null || r.ci95 === null) return `${r.episodes}, –`;
  return `${r.episodes}, ${r.perThousandCellHours.toFixed(1)} (${r.ci95[0].toFixed(1)}–${r.ci95[1].toFixed(1)})`;
}
