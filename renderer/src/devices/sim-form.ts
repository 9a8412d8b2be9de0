/**
 * The simulator form's fields as the operator typed them, checked against the contract's ranges
 * (connectSimParams) before anything is sent: either a request, or which fields are wrong. A blank
 * seed or cell count is left out, so the station uses its own (STATION_SIM_* or the scenario's).
 */
import { SIM_SPEED_MAX, type SimScenarioInfo } from '../../../native-bridge/contract/device-methods.js';

export const SEED_MIN = -2147483648;
export const SEED_MAX = 4294967295;
export const CELLS_MAX = 32;

export interface SimFields {
  speed: string;
  seed: string;
  cells: string;
}

export interface SimRequest {
  scenario: string;
  speed: number;
  seed?: number;
  cells?: number;
}

export interface SimFormCheck {
  speedOk: boolean;
  seedOk: boolean;
  cellsOk: boolean;
  /** Null while a field is wrong or no scenario is chosen. */
  request: SimRequest | null;
}

/** A whole number in range, null when the field is blank, 'bad' when it is anything else. */
export function intField(text: string, lo: number, hi: number): number | null | 'bad' {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isInteger(n) && n >= lo && n <= hi ? n : 'bad';
}

export function checkSimForm(scenario: SimScenarioInfo | null, f: SimFields): SimFormCheck {
  const speed = Number(f.speed);
  const speedOk = f.speed.trim() !== '' && Number.isFinite(speed) && speed > 0 && speed <= SIM_SPEED_MAX;
  const seed = intField(f.seed, SEED_MIN, SEED_MAX);
  const cells = intField(f.cells, 1, CELLS_MAX);
  const ok = scenario !== null && speedOk && seed !== 'bad' && cells !== 'bad';
  return {
    speedOk,
    seedOk: seed !== 'bad',
    cellsOk: cells !== 'bad',
    request: ok
      ? {
          scenario: scenario.name,
          speed,
          ...(typeof seed === 'number' ? { seed } : {}),
          ...(typeof cells === 'number' ? { cells } : {}),
        }
      : null,
  };
}
