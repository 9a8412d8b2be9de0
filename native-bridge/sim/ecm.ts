/**
 * Equivalent-circuit cell: OCV(SOC) + R0 + one R1‖C1 pair ([Hu12] in chemistry.ts), with Arrhenius
 * temperature dependence of both resistances and a separator-shutdown term. Pure functions; the state
 * lives in module-physics.ts.
 */
import { R_GAS, type ChemistryPreset } from './chemistry.js';

const T_REF_K = 298.15;

/** OCV (V) at a state of charge, including the overcharge branch above 1 and a collapse below 0. */
export function ocvAt(p: ChemistryPreset, soc: number): number {
  const xs = p.ocvSoc;
  const vs = p.ocvV;
  const n = xs.length;
  if (soc >= 1) {
    const x = soc - 1;
    return vs[n - 1]! + p.overchargeOcvA * x + p.overchargeOcvB * x * x;
  }
  if (soc <= 0) {
    // Over-discharge: the OCV falls on to 0 V by −10 % SOC (copper dissolution territory).
    return Math.max(0, vs[0]! * (1 + soc / 0.1));
  }
  let i = 1;
  while (i < n - 1 && xs[i]! < soc) i++;
  const x0 = xs[i - 1]!;
  const x1 = xs[i]!;
  return vs[i - 1]! + ((vs[i]! - vs[i - 1]!) * (soc - x0)) / (x1 - x0);
}

/** The Arrhenius fits hold over the operating window; beyond it the resistance levels off (estimate). */
const T_FIT_MIN_K = 243.15;
const T_FIT_MAX_K = 333.15;

/** Arrhenius factor of a resistance relative to 25 °C, held constant outside −30…60 °C. */
export function arrheniusFactor(eaJPerMol: number, tK: number): number {
  const t = Math.min(T_FIT_MAX_K, Math.max(T_FIT_MIN_K, tK));
  return Math.exp((eaJPerMol / R_GAS) * (1 / t - 1 / T_REF_K));
}

/** Resistance rises at low SOC (depleted cathode surface); ×1.6 at 0 %, ×1.0 above ≈ 30 %. */
export function socResistanceFactor(soc: number): number {
  return 1 + 0.6 * Math.exp(-Math.max(0, soc) / 0.08);
}

/**
 * Separator shutdown: the PE layer melts and closes its pores near `shutdownC`, so the ionic path to
 * the terminals rises by more than an order of magnitude over a few kelvin. ×30 rather than the ×100–
 * ×1000 of a separator coupon: in a wound cell the shutdown is patchy (estimate).
 */
export function shutdownFactor(p: ChemistryPreset, coreC: number): number {
  if (!Number.isFinite(p.separatorShutdownC)) return 1;
  const x = (coreC - p.separatorShutdownC) / 2;
  if (x < -20) return 1;
  return 1 + 30 / (1 + Math.exp(-x));
}

/**
 * Share of the electrochemical driving force left as the abuse reactions consume the active
 * material: the OCV holds until ≈85 % of the intercalated Li (or of the cathode) is gone, then falls
 * to zero. This is the internal voltage collapse the GB 38031 voltage criterion sees.
 */
export function activeMaterialFactor(anodeLeft: number, cathodeLeft: number): number {
  const a = Math.min(1, Math.max(0, anodeLeft / 0.15));
  const c = Math.min(1, Math.max(0, cathodeLeft / 0.15));
  return a * c;
}
