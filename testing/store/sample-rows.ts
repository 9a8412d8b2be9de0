/** Stored-frame rows for the store's tests: a cell's values and a frame of a made-up rig, in wire units. */
import type { CellValues } from '../../native-bridge/store/frame-codec.js';
import type { SampleRow } from '../../native-bridge/store/store-writer.js';

export const cell = (
  mv: number | null,
  tempCc: number | null,
  socPermille: number | null = null,
  est = false,
): CellValues => ({
  mv,
  tempCc,
  socPermille,
  socEstimated: est,
});

export function sample(seq: number, tHostMs: number, cells: CellValues[], deviceId = 'RIG-1'): SampleRow {
  return {
    deviceId,
    bootId: 0xabcdef01,
    seq,
    tDevMs: seq * 100,
    tHostMs,
    packMa: 1500 + seq,
    ambientCc: 2300,
    humidityCpct: 4500,
    status: 0,
    cells,
  };
}
