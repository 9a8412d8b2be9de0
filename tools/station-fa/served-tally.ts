/**
 * One served run's false alarms from what the station showed: each cell's shown class per device-second
 * (after hysteresis and the rules' floor), the cells the station declared in runaway left out whole, as
 * the offline evaluation leaves out cells with an onset. Two counts: *shown* (every rise of the shown
 * class to Warning+) and *book* (a rise within the alarm book's clear hold of the last Warning+ second
 * is the same alarm, as safety/alarm-book.ts shows it and as evaluate.py's station figure counts).
 */
import { CLEAR_HOLD_MS } from '../../native-bridge/safety/alarm-book.js';
import { countWarningEpisodes } from '../dataset/warning-episodes.js';

export interface CellSeries {
  cell: number;
  /** Device time, s, one entry per predicted second, oldest first. */
  tS: number[];
  /** The class shown then, 0 Normal … 4 Runaway. */
  cls: number[];
}

export interface CellTally {
  cell: number;
  seconds: number;
  ranAway: boolean;
  shownEpisodes: number;
  bookEpisodes: number;
}

export interface RunCounts {
  /** Cells that never ran away, their seconds as hours, and their episodes. */
  cellHours: number;
  shownEpisodes: number;
  bookEpisodes: number;
  cells: CellTally[];
}

export function tallyServedRun(series: readonly CellSeries[], runawayCells: ReadonlySet<number>): RunCounts {
  const cells = series.map((s) => ({
    cell: s.cell,
    seconds: s.tS.length,
    ranAway: runawayCells.has(s.cell),
    shownEpisodes: countWarningEpisodes(s.cls, s.tS),
    bookEpisodes: countWarningEpisodes(s.cls, s.tS, CLEAR_HOLD_MS / 1000),
  }));
  const kept = cells.filter((c) => !c.ranAway);
  return {
    cellHours: kept.reduce((a, c) => a + c.seconds, 0) / 3600,
    shownEpisodes: kept.reduce((a, c) => a + c.shownEpisodes, 0),
    bookEpisodes: kept.reduce((a, c) => a + c.bookEpisodes, 0),
    cells,
  };
}
