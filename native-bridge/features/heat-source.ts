/**
 * Heat-source features (issue 13, v7 experiment): whether a warm cell is being heated from outside (a
 * heater pad, a burning neighbour, an oven) or heats itself (an internal short, the anode and SEI
 * reactions before the knee). The two look alike on one rate; they differ in how the rate moves:
 *
 * - external heating toward a source's temperature decelerates as the cell approaches it (Newton), so
 *   the short-horizon rate falls below the long one and the rate falls as the temperature rises;
 * - Arrhenius self-heating accelerates: its rate grows about exponentially with temperature,
 *   d ln(rate)/dT ≈ Ea / (R T²), about +0.1 K⁻¹ for the SEI's 135 kJ/mol at 330 K.
 *
 * Off by default (ModuleFeatureTrackerOptions.heatSource): appended after FEATURE_SPEC only when asked,
 * so the shipped model's 42 columns and their bytes stay exactly what they are.
 */
import { FEATURE_SET_VERSION, FEATURE_SPEC, type FeatureInfo } from './feature-spec.js';

/** Below this rise rate a "rate" is probe noise, °C/s (0.12 °C/min, the simulator's and a rig's 0.1 °C step over a minute). */
export const HEAT_MIN_RATE_C_PER_S = 0.002;
/** d ln(rate)/dT needs the two halves' temperatures this far apart, K (else the quotient is noise over noise). */
export const HEAT_MIN_DT_K = 0.5;
/**
 * Passive time constant of a cell in still air, s: an 18650's m·cp ≈ 0.047 kg × 950 J/(kg K) = 45 J/K
 * over h·A ≈ 15 W/(m² K) × 4.2e-3 m² = 0.063 W/K ≈ 700 s. Scaled by (capacity / 3 Ah)^(1/3): heat
 * capacity grows with the volume, the cooled surface with its 2/3 power.
 */
export const HEAT_TAU_REF_S = 700;
const HEAT_TAU_REF_AH = 3;

export const HEAT_SOURCE_SPEC: readonly FeatureInfo[] = [
  {
    name: 'heat_rate_log_ratio_60_300',
    unit: '1',
    doc: 'ln(60 s rise rate / 300 s rise rate), each rate floored at 0.002 °C/s: > 0 accelerating (self-heating), < 0 decelerating toward a source; NaN unless one of the two rates is a rise',
  },
  {
    name: 'heat_dlnrate_dT_300s',
    unit: '1/K',
    doc: 'ln of the last 300 s rise rate over the 300 s before, per kelvin between the two halves’ mid temperatures: Arrhenius self-heating > 0, Newton heating toward a source < 0; NaN unless both rates are rises and the halves are ≥ 0.5 K apart',
  },
  {
    name: 'heat_excess_rate_300s',
    unit: '°C/s',
    doc: '300 s rise rate plus what passive cooling toward the ambient would take away ((T − ambient) / τ, τ = 700 s × (capacity / 3 Ah)^(1/3)): the heating rate some source must supply',
  },
];

export const HEAT_SOURCE_NAMES: readonly string[] = HEAT_SOURCE_SPEC.map((f) => f.name);
export const HEAT_SOURCE_COUNT = HEAT_SOURCE_SPEC.length;

/** The feature set with the heat-source columns appended: another version, so no fs-3 model loads on it. */
export const HEAT_SOURCE_FEATURE_SET_VERSION = `${FEATURE_SET_VERSION}h`;
export const FEATURE_SPEC_WITH_HEAT_SOURCE: readonly FeatureInfo[] = [...FEATURE_SPEC, ...HEAT_SOURCE_SPEC];

/** The cell's temperature at three points of its window: now, 300 s and 600 s back (NaN when unknown). */
export interface HeatTrace {
  tempC: number;
  /** Rise rates over the last 60 s and 300 s, °C/s (the tracker's temp_rate_60s / temp_rate_300s). */
  rate60: number;
  rate300: number;
  /** Temperatures at the oldest in-window samples of the 300 s and 600 s horizons, with their ages, s. */
  temp300C: number;
  age300S: number;
  temp600C: number;
  age600S: number;
  ambientC: number;
  capacityAh: number;
}

const floorRate = (r: number) => Math.max(r, HEAT_MIN_RATE_C_PER_S);

export function rateLogRatio(rate60: number, rate300: number): number {
  if (Number.isNaN(rate60) || Number.isNaN(rate300)) return NaN;
  if (!(rate60 >= HEAT_MIN_RATE_C_PER_S || rate300 >= HEAT_MIN_RATE_C_PER_S)) return NaN;
  return Math.log(floorRate(rate60) / floorRate(rate300));
}

/**
 * Both halves must cover at least half their 300 s (the acceleration features' rule), so a fresh window
 * does not pass a 20 s difference off as a 300 s rate.
 */
export function dlnRateDT(h: HeatTrace): number {
  const recentS = h.age300S;
  const earlierS = h.age600S - h.age300S;
  if (!(recentS >= 150 && earlierS >= 150)) return NaN;
  const r2 = (h.tempC - h.temp300C) / recentS;
  const r1 = (h.temp300C - h.temp600C) / earlierS;
  if (!(r2 >= HEAT_MIN_RATE_C_PER_S && r1 >= HEAT_MIN_RATE_C_PER_S)) return NaN;
  // Mid temperatures of the halves: (T0 + T300) / 2 and (T300 + T600) / 2, (T0 − T600) / 2 apart.
  const dT = (h.tempC - h.temp600C) / 2;
  if (!(dT >= HEAT_MIN_DT_K)) return NaN;
  return Math.log(r2 / r1) / dT;
}

export function coolingTauS(capacityAh: number): number {
  return HEAT_TAU_REF_S * Math.cbrt((capacityAh > 0 ? capacityAh : HEAT_TAU_REF_AH) / HEAT_TAU_REF_AH);
}

export function excessHeatingRate(rate300: number, tempC: number, ambientC: number, capacityAh: number): number {
  return rate300 + (tempC - ambientC) / coolingTauS(capacityAh);
}

/** Writes the HEAT_SOURCE_COUNT values into `out` from `at` on. */
export function writeHeatSource(h: HeatTrace, out: Float32Array, at: number): void {
  out[at] = rateLogRatio(h.rate60, h.rate300);
  out[at + 1] = dlnRateDT(h);
  out[at + 2] = excessHeatingRate(h.rate300, h.tempC, h.ambientC, h.capacityAh);
}
