/**
 * Thermal-runaway kinetics in the Hatchard/Kim form: four Arrhenius reactions with their heats
 * (SEI decomposition, anode–electrolyte, cathode–electrolyte, electrolyte decomposition), per cell.
 *
 * The integrator advances them over a substep at a frozen temperature with the exact solution of each
 * rate law (exponential decay, logistic growth), so the extents stay in [0, 1] and never overshoot at
 * any step size; the heat of a substep is ΔH·m·Δextent, so the heat released is by construction the
 * sum of the reactions' heats. Accuracy in time comes from the caller capping the temperature rise per
 * substep (the rates are only frozen over a fraction of a kelvin).
 */
import { R_GAS, type KineticsParams } from './chemistry.js';

export interface ReactionState {
  /** Fraction of Li in metastable SEI (c_sei). */
  cSei: number;
  /** Fraction of Li intercalated in carbon (c_neg). */
  cAnode: number;
  /** Dimensionless SEI thickness (t_sei / z), grows as the anode reacts and slows it. */
  zSei: number;
  /** Cathode degree of conversion (α). */
  alpha: number;
  /** Electrolyte fraction left (c_e), reduced by decomposition and by venting. */
  cElectrolyte: number;
  /** Electrolyte fraction consumed by decomposition (not by venting), for the extent and the heat. */
  electrolyteReacted: number;
}

/** Heat (J) of each reaction over one substep or cumulatively. */
export interface ReactionHeats {
  sei: number;
  anode: number;
  cathode: number;
  electrolyte: number;
}

/** Reactivity multipliers (overcharge: plated Li and a delithiated cathode react sooner). */
export interface ReactivityBoost {
  anode: number;
  cathode: number;
}

const NO_BOOST: ReactivityBoost = { anode: 1, cathode: 1 };

/** Counts exp() evaluations of Arrhenius factors, so the bench can compare with a bare exp() loop. */
export const kineticsCounters = { arrheniusEvals: 0 };

export function initialReactionState(k: KineticsParams): ReactionState {
  return {
    cSei: k.sei.c0,
    cAnode: k.anode.c0,
    zSei: k.anode.z0,
    alpha: k.cathode.alpha0,
    cElectrolyte: k.electrolyte.c0,
    electrolyteReacted: 0,
  };
}

export function emptyHeats(): ReactionHeats {
  return { sei: 0, anode: 0, cathode: 0, electrolyte: 0 };
}

/** Rate constants at one temperature, reused by the power estimate and the advance of a substep. */
export interface RateConstants {
  sei: number;
  anode: number;
  cathode: number;
  electrolyte: number;
}

export function rateConstants(
  k: KineticsParams,
  tK: number,
  boost: ReactivityBoost = NO_BOOST,
  out: RateConstants = { sei: 0, anode: 0, cathode: 0, electrolyte: 0 },
): RateConstants {
  const invRT = 1 / (R_GAS * tK);
  // SEI and anode share an activation energy in every preset; one exp() serves both then.
  const eSei = Math.exp(-k.sei.eaJPerMol * invRT);
  const eAnode = k.anode.eaJPerMol === k.sei.eaJPerMol ? eSei : Math.exp(-k.anode.eaJPerMol * invRT);
  out.sei = k.sei.A * eSei;
  out.anode = k.anode.A * eAnode * boost.anode;
  out.cathode = k.cathode.A * Math.exp(-k.cathode.eaJPerMol * invRT) * boost.cathode;
  out.electrolyte = k.electrolyte.A * Math.exp(-k.electrolyte.eaJPerMol * invRT);
  kineticsCounters.arrheniusEvals += k.anode.eaJPerMol === k.sei.eaJPerMol ? 3 : 4;
  return out;
}

/** Instantaneous heat release rate (W) and the fastest extent rate (s⁻¹), for step-size control. */
export function reactionPower(
  k: KineticsParams,
  s: ReactionState,
  rc: RateConstants,
): { powerW: number; maxExtentRate: number } {
  const rSei = rc.sei * s.cSei;
  const rAnode = rc.anode * Math.exp(-s.zSei / k.anode.zRef) * s.cAnode;
  const rCathode = rc.cathode * s.alpha * (1 - s.alpha);
  const rElectrolyte = rc.electrolyte * s.cElectrolyte;
  const powerW =
    k.sei.heatJPerKg * k.carbonMassKg * rSei +
    k.anode.heatJPerKg * k.carbonMassKg * rAnode +
    k.cathode.heatJPerKg * k.cathodeMassKg * rCathode +
    k.electrolyte.heatJPerKg * k.electrolyteMassKg * rElectrolyte;
  return { powerW, maxExtentRate: Math.max(rSei, rAnode, rCathode, rElectrolyte) };
}

/** 1 − e^(−x) without losing digits for small x (the usual case far from runaway). */
function oneMinusExpNeg(x: number): number {
  return x < 1e-6 ? x * (1 - 0.5 * x) : -Math.expm1(-x);
}

/**
 * Advances the reactions by `h` seconds at the rate constants `rc` (evaluated by the caller at the
 * substep's mid-temperature estimate). Adds each reaction's heat (J) to `heat` and returns the total.
 */
export function advanceReactions(
  k: KineticsParams,
  s: ReactionState,
  rc: RateConstants,
  h: number,
  heat: ReactionHeats,
): number {
  // SEI: first order, exact.
  const dSei = s.cSei * oneMinusExpNeg(rc.sei * h);
  s.cSei -= dSei;

  // Anode: first order in c_neg with the SEI-thickness inhibition e^(−z/zRef), z growing by what
  // reacts. One predictor–corrector pass evaluates the inhibition at the substep's midpoint.
  let dAnode = 0;
  if (s.cAnode > 0) {
    const inhibit0 = Math.exp(-s.zSei / k.anode.zRef);
    const pred = s.cAnode * oneMinusExpNeg(rc.anode * inhibit0 * h);
    const inhibitMid = pred > 1e-7 ? Math.exp(-(s.zSei + 0.5 * pred) / k.anode.zRef) : inhibit0;
    dAnode = s.cAnode * oneMinusExpNeg(rc.anode * inhibitMid * h);
    s.cAnode -= dAnode;
    s.zSei += dAnode;
  }

  // Cathode: logistic dα/dt = kα(1−α), exact: logit(α) grows by k·h.
  const a0 = s.alpha;
  const x = rc.cathode * h;
  let a1: number;
  if (x < 1e-7) a1 = a0 + x * a0 * (1 - a0);
  else if (a0 >= 1) a1 = 1;
  else a1 = 1 / (1 + ((1 - a0) / a0) * Math.exp(-x));
  const dAlpha = Math.max(0, Math.min(1, a1) - a0);
  s.alpha = a0 + dAlpha;

  // Electrolyte: first order, exact.
  const dE = s.cElectrolyte * oneMinusExpNeg(rc.electrolyte * h);
  s.cElectrolyte -= dE;
  s.electrolyteReacted += dE;

  const qSei = k.sei.heatJPerKg * k.carbonMassKg * dSei;
  const qAnode = k.anode.heatJPerKg * k.carbonMassKg * dAnode;
  const qCathode = k.cathode.heatJPerKg * k.cathodeMassKg * dAlpha;
  const qE = k.electrolyte.heatJPerKg * k.electrolyteMassKg * dE;
  heat.sei += qSei;
  heat.anode += qAnode;
  heat.cathode += qCathode;
  heat.electrolyte += qE;
  return qSei + qAnode + qCathode + qE;
}

/** Extent of each reaction in [0, 1]: the share of its initial reactant consumed so far. */
export function reactionExtents(k: KineticsParams, s: ReactionState): ReactionHeats {
  return {
    sei: 1 - s.cSei / k.sei.c0,
    anode: 1 - s.cAnode / k.anode.c0,
    cathode: (s.alpha - k.cathode.alpha0) / (1 - k.cathode.alpha0),
    electrolyte: s.electrolyteReacted / k.electrolyte.c0,
  };
}

/** Heat (J) implied by the state alone: ΔH·m·(reactant consumed). Used to check the bookkeeping. */
export function heatFromState(k: KineticsParams, s: ReactionState): ReactionHeats {
  return {
    sei: k.sei.heatJPerKg * k.carbonMassKg * (k.sei.c0 - s.cSei),
    anode: k.anode.heatJPerKg * k.carbonMassKg * (k.anode.c0 - s.cAnode),
    cathode: k.cathode.heatJPerKg * k.cathodeMassKg * (s.alpha - k.cathode.alpha0),
    electrolyte: k.electrolyte.heatJPerKg * k.electrolyteMassKg * s.electrolyteReacted,
  };
}
