/**
 * Estimates SOC per cell when the device does not send it: start from the open-circuit voltage of the
 * cell's chemistry, then coulomb-count the pack current against the cell's capacity, and pull gently
 * back towards the OCV estimate while the cell rests (|I| small), because coulomb counting drifts and
 * OCV is only trustworthy at rest.
 */
import { CHEMISTRY, DEFAULT_CELL, sameCell, type CellSpec } from './cell-chemistry.js';

export function socFromOcv(voltageV: number, curve: readonly number[] = CHEMISTRY.NMC.ocvV): number {
  if (voltageV <= curve[0]!) return 0;
  const last = curve.length - 1;
  if (voltageV >= curve[last]!) return 100;
  for (let i = 0; i < last; i++) {
    const lo = curve[i]!;
    const hi = curve[i + 1]!;
    if (voltageV <= hi) return ((i + (voltageV - lo) / (hi - lo)) * 100) / last;
  }
  return 100;
}

export interface SocEstimatorOptions {
  /** The cell (chemistry → OCV curve, capacity); DEFAULT_CELL when absent. */
  cell?: Readonly<CellSpec>;
  /** Overrides the cell's capacity. */
  capacityAh?: number;
  /** Below this current the cell counts as resting. */
  restCurrentA?: number;
  /** Fraction of the OCV error corrected per second at rest. */
  restGainPerS?: number;
}

export class SocEstimator {
  private socPct: number | null = null;
  private lastTDevMs: number | null = null;
  private readonly capacityAh: number;
  private readonly curve: readonly number[];
  private readonly restCurrentA: number;
  private readonly restGainPerS: number;

  constructor(opts: SocEstimatorOptions = {}) {
    const cell = opts.cell ?? DEFAULT_CELL;
    this.curve = CHEMISTRY[cell.family].ocvV;
    this.capacityAh = opts.capacityAh ?? cell.capacityAh;
    this.restCurrentA = opts.restCurrentA ?? 0.05;
    this.restGainPerS = opts.restGainPerS ?? 0.01;
  }

  /** Feeds one reading (device time in ms); returns the estimate in %, or null without a voltage yet. */
  update(tDevMs: number, voltageV: number | null, currentA: number | null): number | null {
    const dtS = this.lastTDevMs === null ? 0 : Math.max(0, Math.min(60, (tDevMs - this.lastTDevMs) / 1000));
    this.lastTDevMs = tDevMs;
    if (this.socPct === null) {
      if (voltageV === null) return null;
      this.socPct = socFromOcv(voltageV, this.curve);
      return this.socPct;
    }
    if (currentA !== null) this.socPct -= (currentA * dtS * 100) / (this.capacityAh * 3600);
    const resting = currentA === null || Math.abs(currentA) < this.restCurrentA;
    if (resting && voltageV !== null) {
      const gain = Math.min(1, this.restGainPerS * dtS);
      this.socPct += gain * (socFromOcv(voltageV, this.curve) - this.socPct);
    }
    this.socPct = Math.min(100, Math.max(0, this.socPct));
    return this.socPct;
  }

  reset(): void {
    this.socPct = null;
    this.lastTDevMs = null;
  }
}

/** One estimator per cell of every device, fed a whole data frame at a time (no key string per cell). */
export class FrameSocEstimators {
  private readonly devices = new Map<string, { cell: Readonly<CellSpec>; cells: SocEstimator[] }>();

  /** @param cellOf the cell a device's rig holds (its session's chemistry and capacity) */
  constructor(private readonly cellOf: (deviceId: string) => Readonly<CellSpec> = () => DEFAULT_CELL) {}

  /** A device's cell changed (a new session): its estimators start again from the new OCV curve. */
  forget(deviceId: string): void {
    this.devices.delete(deviceId);
  }

  /**
   * The device's session was edited: if its cell now reads differently (chemistry, capacity, window), its
   * estimators start again from the new OCV curve; true if they did.
   */
  recell(deviceId: string): boolean {
    const d = this.devices.get(deviceId);
    if (!d || sameCell(d.cell, this.cellOf(deviceId))) return false;
    this.devices.delete(deviceId);
    return true;
  }

  /** Estimates in % per cell (index 0 = cell 1), from voltages in mV and the pack current in mA. */
  update(
    deviceId: string,
    tDevMs: number,
    cellMv: readonly (number | null)[],
    packMa: number | null,
  ): (number | null)[] {
    let d = this.devices.get(deviceId);
    if (!d) this.devices.set(deviceId, (d = { cell: this.cellOf(deviceId), cells: [] }));
    const cells = d.cells;
    const currentA = packMa === null ? null : packMa / 1000;
    const out: (number | null)[] = [];
    for (let c = 0; c < cellMv.length; c++) {
      const mv = cellMv[c]!;
      const e = (cells[c] ??= new SocEstimator({ cell: d.cell }));
      out.push(e.update(tDevMs, mv === null ? null : mv / 1000, currentA));
    }
    return out;
  }
}
