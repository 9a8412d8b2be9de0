/**
 * What the station knows about a cell from its chemistry: the voltage window, the maximum operating
 * temperature (criterion (b) of the runaway onset) and the open-circuit voltage curve the SOC estimate
 * reads. A session names its chemistry, capacity and voltage window; a rig without them gets
 * DEFAULT_CELL (an NMC 18650, the commonest bench cell).
 *
 * OCV curves (V at 0, 10, … 100 % SOC, 25 °C, rounded to 10 mV) are representative of each family, not
 * of one cell: NMC after Chen et al. 2020 (LG M50, GITT) as the simulator uses it; NCA after the
 * Panasonic NCR18650B / 18650PF pseudo-OCV curves published with their datasheets and drive-cycle data;
 * LFP after Prada et al. 2013 (J. Electrochem. Soc. 160 A616), whose flat 3.2–3.33 V plateau makes the
 * OCV a poor guide mid-range; LTO after Toshiba SCiB datasheet curves (1.5–2.8 V).
 */

import { CHEMISTRY_WINDOWS, DEFAULT_FAMILY, cellWindowOf, type ChemistryFamily } from '../contract/cell-windows.js';

export { CHEMISTRY_FAMILIES, chemistryFamily, type ChemistryFamily } from '../contract/cell-windows.js';

export interface ChemistryInfo {
  family: ChemistryFamily;
  /** Charge end voltage (V_max) and discharge cut-off (V_min), V. */
  vMaxV: number;
  vMinV: number;
  /** Maximum operating (discharge) temperature of the datasheet, °C. */
  maxOperatingC: number;
  /** OCV at 0, 10, … 100 % SOC, V. */
  ocvV: readonly number[];
}

export const CHEMISTRY: Readonly<Record<ChemistryFamily, ChemistryInfo>> = {
  NMC: {
    family: 'NMC',
    ...CHEMISTRY_WINDOWS.NMC,
    maxOperatingC: 60,
    ocvV: [3.0, 3.48, 3.58, 3.64, 3.7, 3.76, 3.84, 3.93, 4.01, 4.09, 4.18],
  },
  NCA: {
    family: 'NCA',
    ...CHEMISTRY_WINDOWS.NCA,
    maxOperatingC: 60,
    ocvV: [3.0, 3.3, 3.45, 3.55, 3.62, 3.69, 3.77, 3.86, 3.96, 4.06, 4.17],
  },
  LFP: {
    family: 'LFP',
    ...CHEMISTRY_WINDOWS.LFP,
    maxOperatingC: 60,
    ocvV: [2.7, 3.17, 3.22, 3.25, 3.27, 3.28, 3.29, 3.3, 3.31, 3.33, 3.45],
  },
  LTO: {
    family: 'LTO',
    ...CHEMISTRY_WINDOWS.LTO,
    maxOperatingC: 55,
    ocvV: [1.7, 2.08, 2.15, 2.2, 2.23, 2.26, 2.29, 2.32, 2.36, 2.42, 2.65],
  },
};

/** One cell as the station sees it: its chemistry and the session's capacity and voltage window. */
export interface CellSpec {
  family: ChemistryFamily;
  capacityAh: number;
  vMaxV: number;
  vMinV: number;
}

export const DEFAULT_CELL: Readonly<CellSpec> = Object.freeze({
  family: DEFAULT_FAMILY,
  capacityAh: 3,
  ...CHEMISTRY_WINDOWS[DEFAULT_FAMILY],
});

/** A session's cell: its named chemistry, capacity and window where given, the family's defaults elsewhere. */
export function cellSpecOf(meta: {
  chemistry?: string | null;
  capacityAh?: number | null;
  vMaxV?: number | null;
  vMinV?: number | null;
}): CellSpec {
  const { family, vMaxV, vMinV } = cellWindowOf(meta);
  const ok = typeof meta.capacityAh === 'number' && Number.isFinite(meta.capacityAh) && meta.capacityAh > 0;
  return { family, capacityAh: ok ? meta.capacityAh! : DEFAULT_CELL.capacityAh, vMaxV, vMinV };
}

/**
 * The safety layer's view of a cell: its voltage window and its chemistry's maximum operating
 * temperature (safety-limits.ts CellWindow; here so the station and a stored session's limits read it alike).
 */
/** Whether two cell specs would read a cell the same way (an edit of a session's notes changes neither). */
export function sameCell(a: Readonly<CellSpec>, b: Readonly<CellSpec>): boolean {
  return a.family === b.family && a.capacityAh === b.capacityAh && a.vMaxV === b.vMaxV && a.vMinV === b.vMinV;
}

export function cellWindow(cell: Readonly<CellSpec>): { vMinV: number; vMaxV: number; maxOperatingC: number } {
  return { vMinV: cell.vMinV, vMaxV: cell.vMaxV, maxOperatingC: CHEMISTRY[cell.family].maxOperatingC };
}
