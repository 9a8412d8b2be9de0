/**
 * What counts as one false-alarm episode, and the rate of them with an interval, shared by the offline
 * tally (false-alarm-tally.ts, the station's path in process) and the served one (tools/station-fa, the
 * station process itself): an episode opens when a cell's shown class rises to Warning or above from
 * below it. With a hold, a class back at Warning+ within `holdS` of leaving it is the same episode, as
 * the alarm book shows a condition that returns within its clear hold (safety/alarm-book.ts).
 */
import { Rng } from '../../native-bridge/sim/prng.js';

export const WARNING = 2;

/** One cell's episodes, fed its state second by second (device time). */
export class WarningEpisodes {
  count = 0;
  /** Device time (s) the condition last held; -∞ before it ever did. */
  private lastOnS = -Infinity;
  private open = false;

  constructor(private readonly holdS = 0) {}

  /** `on`: the condition holds at `tS`. Returns whether this second opened a new episode. */
  update(on: boolean, tS: number): boolean {
    if (on) this.lastOnS = tS;
    const open = on || tS - this.lastOnS <= this.holdS;
    const opened = open && !this.open;
    this.open = open;
    if (opened) this.count++;
    return opened;
  }

  /** Whether the episode is open at the last second fed (the condition, or within its hold). */
  get isOpen(): boolean {
    return this.open;
  }
}

/** Episodes in a cell's shown classes (one per device-second, oldest first). */
export function countWarningEpisodes(classes: readonly number[], tS: readonly number[], holdS = 0): number {
  const e = new WarningEpisodes(holdS);
  for (let i = 0; i < classes.length; i++) e.update(classes[i]! >= WARNING, tS[i]!);
  return e.count;
}

export interface RunTally {
  episodes: number;
  cellHours: number;
}

export interface Rate {
  runs: number;
  episodes: number;
  cellHours: number;
  /** Episodes per 1000 cell-h; null without any cell-hour. */
  perThousandCellHours: number | null;
  /** 95 % interval from resampling whole runs (their cells move together); null without any cell-hour. */
  ci95: [number, number] | null;
}

export const BOOTSTRAP_RESAMPLES = 2000;

/**
 * Episodes per 1000 cell-h over `runs`, with a percentile interval from resampling whole runs (the
 * seconds and cells of one run are strongly correlated; evaluate.py's rate_with_ci does the same). With
 * no episode at all the resampling says 0–0: the upper bound is then the exact Poisson 95 % one (3
 * episodes) on the hours.
 */
export function rateWithInterval(runs: readonly RunTally[], seed = 1, resamples = BOOTSTRAP_RESAMPLES): Rate {
  const episodes = runs.reduce((s, r) => s + r.episodes, 0);
  const cellHours = runs.reduce((s, r) => s + r.cellHours, 0);
  if (runs.length === 0 || cellHours <= 0)
    return { runs: runs.length, episodes, cellHours, perThousandCellHours: null, ci95: null };
  const rng = new Rng(seed);
  const boot = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let e = 0;
    let h = 0;
    for (let i = 0; i < runs.length; i++) {
      const r = runs[rng.int(0, runs.length - 1)]!;
      e += r.episodes;
      h += r.cellHours;
    }
    boot[b] = (1000 * e) / Math.max(h, 1e-9);
  }
  boot.sort();
  let lo = percentile(boot, 2.5);
  let hi = percentile(boot, 97.5);
  if (episodes === 0) [lo, hi] = [0, (1000 * 3) / cellHours];
  return {
    runs: runs.length,
    episodes,
    cellHours,
    perThousandCellHours: (1000 * episodes) / cellHours,
    ci95: [lo, hi],
  };
}

/** Linear interpolation between order statistics (numpy's default), on a sorted array. */
function percentile(sorted: Float64Array, p: number): number {
  const x = (p / 100) * (sorted.length - 1);
  const i = Math.floor(x);
  const j = Math.min(sorted.length - 1, i + 1);
  return sorted[i]! + (sorted[j]! - sorted[i]!) * (x - i);
}
