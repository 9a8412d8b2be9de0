/**
 * Synthetic recorded runs for tests and benchmarks: smooth, reproducible cell values (a slow charge
 * cycle, per-cell offsets, a little noise) written through the real store writer, so frames, rollups
 * and counters are exactly what a live run would leave.
 */
import { uniformStream } from '../../native-bridge/sim/prng.js';
import type { SampleRow, StoreWriter } from '../../native-bridge/store/store-writer.js';

export interface FillOptions {
  deviceId?: string;
  cells: number;
  periodMs: number;
  frames: number;
  t0: number;
  seed?: number;
  /** Frame index → temperature offset (°C) added to one cell, for spike tests. */
  spike?: { frame: number; cell: number; deltaC: number };
  /** Called every `progressEvery` frames. */
  onProgress?: (done: number) => void;
  progressEvery?: number;
}

export function syntheticFrame(o: FillOptions, i: number, rand: () => number): SampleRow {
  const tS = (i * o.periodMs) / 1000;
  const currentA = Math.sin((2 * Math.PI * tS) / 2400) >= 0 ? 2 : -1.5;
  const cells = [];
  for (let c = 0; c < o.cells; c++) {
    let tempC = 25 + 3 * Math.sin(tS / 900 + c) + 0.2 * c + 0.05 * (rand() - 0.5);
    if (o.spike && o.spike.frame === i && o.spike.cell === c + 1) tempC += o.spike.deltaC;
    const v = 3.7 + 0.3 * Math.sin(tS / 1800) - 0.02 * currentA + 0.002 * c + 0.001 * (rand() - 0.5);
    cells.push({
      mv: Math.round(v * 1000),
      tempCc: Math.round(tempC * 100),
      socPermille: Math.round(800 - ((tS / 36) % 400)),
      socEstimated: true,
    });
  }
  return {
    deviceId: o.deviceId ?? 'BENCH-RIG',
    bootId: 0x5eed0001,
    seq: i,
    tDevMs: i * o.periodMs,
    tHostMs: o.t0 + i * o.periodMs,
    packMa: Math.round(currentA * 1000),
    ambientCc: 2300,
    humidityCpct: 4500,
    status: 0,
    cells,
  };
}

/** Writes `frames` frames through the writer (flushing as it goes) and returns them counted. */
export function fillSession(writer: StoreWriter, o: FillOptions): number {
  const rand = uniformStream(o.seed ?? 1);
  const every = o.progressEvery ?? 100_000;
  for (let i = 0; i < o.frames; i++) {
    writer.addSample(syntheticFrame(o, i, rand));
    if (o.onProgress && (i + 1) % every === 0) o.onProgress(i + 1);
  }
  writer.flush(true);
  return o.frames;
}
