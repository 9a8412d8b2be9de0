/**
 * The served false-alarm arithmetic on fixed inputs: what opens an episode (a rise to Warning+ from
 * below it, the book's clear hold joining a quick return), which cells count (not those that ran away,
 * whose hours go too), and the rate with its whole-run interval.
 */
import { describe, expect, it } from 'vitest';
import { countWarningEpisodes, rateWithInterval, WarningEpisodes } from '../dataset/warning-episodes.js';
import { tallyServedRun } from './served-tally.js';
import { summarise, type RunRecord } from './fa-summary.js';
import { selectRuns, parseArgs } from './station-fa.js';

const seconds = (n: number, from = 1) => Array.from({ length: n }, (_, i) => from + i);

describe('Warning+ episodes', () => {
  it('opens one on each rise from below Warning, never on a step within Warning+', () => {
    //            N  W  A  R  W  N  W  W  Wa N
    const cls = [0, 2, 3, 4, 2, 0, 2, 2, 1, 0];
    expect(countWarningEpisodes(cls, seconds(cls.length))).toBe(2);
    // Watch (1) is below Warning: it never opens one.
    expect(countWarningEpisodes([0, 1, 1, 0, 1], seconds(5))).toBe(0);
    // Shown Warning from the very first second is an episode (it rose from nothing shown).
    expect(countWarningEpisodes([2, 2, 0], seconds(3))).toBe(1);
  });

  it('joins a return within the hold into the episode, not one a second later', () => {
    // Warning+ at 1–2, below at 3–8, back at 9: 7 s after the last Warning+ second.
    const cls = [2, 2, 0, 0, 0, 0, 0, 0, 2, 0];
    const t = seconds(cls.length);
    expect(countWarningEpisodes(cls, t, 0)).toBe(2);
    expect(countWarningEpisodes(cls, t, 5)).toBe(2);
    expect(countWarningEpisodes(cls, t, 6)).toBe(1);
    const e = new WarningEpisodes(5);
    expect([e.update(true, 1), e.update(false, 2), e.isOpen, e.update(false, 7), e.isOpen]).toEqual([
      true,
      false,
      true,
      false,
      false,
    ]);
  });

  it('leaves out the cells that ran away, their hours with them', () => {
    const t = tallyServedRun(
      [
        { cell: 1, tS: seconds(3600), cls: [...Array(100).fill(0), 2, ...Array(3499).fill(0)] },
        { cell: 2, tS: seconds(1800), cls: [0, 4, 4, ...Array(1797).fill(4)] },
        { cell: 3, tS: seconds(1800), cls: [2, 0, 2, ...Array(1797).fill(0)] },
      ],
      new Set([2]),
    );
    expect(t.cellHours).toBeCloseTo(1.5, 9);
    expect(t.shownEpisodes).toBe(3);
    expect(t.bookEpisodes).toBe(2);
    expect(t.cells.map((c) => [c.cell, c.ranAway, c.shownEpisodes])).toEqual([
      [1, false, 1],
      [2, true, 1],
      [3, false, 2],
    ]);
  });
});

describe('rate per 1000 cell-h with a whole-run interval', () => {
  it('is episodes over hours, its interval from the runs resampled whole', () => {
    const runs = [
      { episodes: 0, cellHours: 100 },
      { episodes: 10, cellHours: 100 },
      { episodes: 2, cellHours: 200 },
    ];
    const r = rateWithInterval(runs, 7);
    expect(r.perThousandCellHours).toBeCloseTo(30, 9);
    expect(r.episodes).toBe(12);
    expect(r.runs).toBe(3);
    const [lo, hi] = r.ci95!;
    // The resamples are sums of whole runs: 0 (only the first and third) to 100 (only the second).
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(lo).toBeLessThan(30);
    expect(hi).toBeGreaterThan(30);
    expect(hi).toBeLessThanOrEqual(100);
    // One run's rate stands alone: its interval is the point.
    expect(rateWithInterval([{ episodes: 3, cellHours: 10 }]).ci95).toEqual([300, 300]);
    // The same seed, the same interval.
    expect(rateWithInterval(runs, 7).ci95).toEqual(r.ci95);
  });

  it('gives the Poisson bound when nothing happened, and nothing without hours', () => {
    const r = rateWithInterval([
      { episodes: 0, cellHours: 500 },
      { episodes: 0, cellHours: 1000 },
    ]);
    expect(r.perThousandCellHours).toBe(0);
    expect(r.ci95).toEqual([0, 2]);
    expect(rateWithInterval([{ episodes: 0, cellHours: 0 }]).perThousandCellHours).toBeNull();
  });

  it('sums per scenario and in total', () => {
    const run = (scenario: string, shown: number, book: number, cellHours: number): RunRecord => ({
      planId: `${scenario}-000`,
      masterSeed: 1,
      scenario,
      seed: 1,
      cells: 4,
      askedSimS: 3600,
      simS: 3600,
      wallS: 1,
      cellHours,
      shownEpisodes: shown,
      bookEpisodes: book,
      runawayCells: [],
      droppedRows: 0,
      fullReads: 0,
    });
    const s = summarise([run('oven', 4, 2, 2), run('oven', 0, 0, 2), run('normal-cycling', 1, 1, 8)]);
    expect(Object.keys(s.perScenario)).toEqual(['normal-cycling', 'oven']);
    expect(s.perScenario.oven!.shown.perThousandCellHours).toBe(1000);
    expect(s.perScenario.oven!.book.perThousandCellHours).toBe(500);
    expect(s.all.shown.perThousandCellHours).toBeCloseTo(5000 / 12, 9);
    expect(s.all.simHours).toBe(3);
  });
});

describe('the runs measured', () => {
  it('are the first of each scenario in every seed’s false-alarm plan', () => {
    const o = parseArgs(['--seeds', '72001-72002', '--runs-per-scenario', '1', '--scenario', 'oven,heater-pad']);
    const runs = selectRuns(o);
    expect(runs.map((r) => [r.masterSeed, r.spec.id])).toEqual([
      [72001, 'oven-000'],
      [72001, 'heater-pad-000'],
      [72002, 'oven-000'],
      [72002, 'heater-pad-000'],
    ]);
    expect(runs[0]!.spec.seed).not.toBe(runs[2]!.spec.seed);
  });
});
