/**
 * The cell chemistries a session can name and each one's voltage window: in the contract because the
 * session panel shows the window an empty field stands for, and checks an edit, as the core reads it.
 * The rest of what the station knows of a chemistry (its OCV curve, its operating limit) stays in
 * features/cell-chemistry.ts.
 */

export const CHEMISTRY_FAMILIES = ['NMC', 'NCA', 'LFP', 'LTO'] as const;
export type ChemistryFamily = (typeof CHEMISTRY_FAMILIES)[number];

/** Charge end voltage (V_max) and discharge cut-off (V_min) of each family's datasheets, V. */
export const CHEMISTRY_WINDOWS: Readonly<Record<ChemistryFamily, { vMaxV: number; vMinV: number }>> = {
  NMC: { vMaxV: 4.2, vMinV: 2.5 },
  NCA: { vMaxV: 4.2, vMinV: 2.5 },
  LFP: { vMaxV: 3.65, vMinV: 2.5 },
  LTO: { vMaxV: 2.8, vMinV: 1.5 },
};

/** A family with no chemistry named: the commonest bench cell, an NMC 18650. */
export const DEFAULT_FAMILY: ChemistryFamily = 'NMC';

/** The family a session's free-text chemistry names ("NMC 811", "LiFePO4", "nca"), or null. */
export function chemistryFamily(text: string | null | undefined): ChemistryFamily | null {
  const t = (text ?? '').toUpperCase();
  if (/LTO|TITANATE/.test(t)) return 'LTO';
  if (/LFP|LIFEPO|LFE|PHOSPHATE/.test(t)) return 'LFP';
  if (/NCA/.test(t)) return 'NCA';
  if (/NMC|NCM|LCO/.test(t)) return 'NMC';
  return null;
}

const positive = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** The window a session's cell is judged by: its own where given, its chemistry's elsewhere. */
export function cellWindowOf(meta: { chemistry?: string | null; vMaxV?: number | null; vMinV?: number | null }): {
  family: ChemistryFamily;
  vMaxV: number;
  vMinV: number;
} {
  const family = chemistryFamily(meta.chemistry) ?? DEFAULT_FAMILY;
  const w = CHEMISTRY_WINDOWS[family];
  return {
    family,
    vMaxV: positive(meta.vMaxV) ? meta.vMaxV : w.vMaxV,
    vMinV: positive(meta.vMinV) ? meta.vMinV : w.vMinV,
  };
}
