/**
 * One Live refresh reads one frame: against a station that ingests a frame before it answers each
 * call (as a core at a high sim speed-up does between the calls of one refresh), the cards, the table,
 * the chart and the risk of a pull all come from the same frame, the heated cell at one temperature.
 */
import { describe, expect, it } from 'vitest';
import type { CellReading, StationApi, StationStatus } from '../../../native-bridge/contract/index.js';
import { cellReading } from './fixtures/cells.js';
import { pullLive } from './live-pull.js';

/** Frame n: cell 1 calm, cell 2 heated 13 °C a frame; each frame 100 ms after the last. */
function frame(n: number): CellReading[] {
  return [1, 2].map((cell) => ({
    ...cellReading('RIG', cell, cell === 2 ? 25 + 13 * n : 25),
    seq: n,
    tHostMs: n * 100,
  }));
}

function ingestingStation(): StationApi {
  let n = 0;
  // Each method's answer at frame k (a series point is a reading's time, cell, temperature and voltage).
  const parts = {
    getStatus: (k: number) =>
      ({ nowMs: k * 100, stats: { lastReadingMs: k * 100 }, devices: [] }) as unknown as StationStatus,
    getLatestReadings: (k: number) => frame(k).reverse(),
    getLatestByCell: frame,
    getLiveSeries: frame,
    getPredictions: (k: number) => ({ nowMs: k * 100, modelState: 'loaded', modelVersion: 'm', predictions: [] }),
  };
  const answer = <T>(f: (k: number) => T) => Promise.resolve(f(++n));
  return {
    getStatus: () => answer(parts.getStatus),
    getLatestReadings: () => answer(parts.getLatestReadings),
    getLatestByCell: () => answer(parts.getLatestByCell),
    getLiveSeries: () => answer(parts.getLiveSeries),
    getPredictions: () => answer(parts.getPredictions),
    getLiveView: () =>
      answer((k) => ({
        status: parts.getStatus(k),
        readings: parts.getLatestReadings(k),
        latestByCell: parts.getLatestByCell(k),
        series: parts.getLiveSeries(k),
        predictions: parts.getPredictions(k),
      })),
  } as unknown as StationApi;
}

describe('one Live refresh', () => {
  it('shows the cards, table, chart and risk of one frame', async () => {
    const pull = await pullLive(ingestingStation(), 60, null);
    const t = pull.readings[0]!.tHostMs;
    expect(pull.latestByCell.map((r) => r.tHostMs)).toEqual([t, t]);
    expect(pull.status.stats.lastReadingMs).toBe(t);
    expect(Math.max(...pull.series.map((p) => p.tHostMs))).toBe(t);
    expect(pull.predictions.nowMs).toBe(t);
    // The card's heated cell is the table's.
    const hot = (rs: CellReading[]) => rs.find((r) => r.cell === 2)!.tempC;
    expect(hot(pull.latestByCell)).toBe(hot(pull.readings));
  });
});
