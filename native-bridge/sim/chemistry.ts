/**
 * Cell presets: electrical (OCV, R0 + one RC pair), thermal (two lumped nodes) and abuse kinetics
 * (Hatchard/Kim four-reaction form) for each cell type the rig can hold. The source of each number is
 * written beside it; "estimate" marks a value chosen by engineering judgement to the order of magnitude
 * the cited literature reports, not a fit. README.md carries the same table.
 *
 * References (short keys used below):
 *  [Hatchard01]  T.D. Hatchard, D.D. MacNeil, A. Basu, J.R. Dahn, "Thermal model of cylindrical and
 *                prismatic lithium-ion cells", J. Electrochem. Soc. 148 (2001) A755.
 *  [Kim07]       G.-H. Kim, A. Pesaran, R. Spotnitz, "A three-dimensional thermal abuse model for lithium
 *                ion cells", J. Power Sources 170 (2007) 476. Table of kinetic parameters (from
 *                Hatchard01 and Spotnitz03), LiCoO2/graphite 18650.
 *  [Spotnitz03]  R. Spotnitz, J. Franklin, "Abuse behavior of high-power, lithium-ion cells",
 *                J. Power Sources 113 (2003) 81.
 *  [Tran24]      V. Tran, J.B. Siegel, A.G. Stefanopoulou (2024), graphite/NMC532 pouch-cell decomposition
 *                parameters as published with their PyBaMM parameter set "Tran2024" (cathode
 *                decomposition A = 2.55e14 s⁻¹, Ea = 2.64e-19 J per molecule, ΔH = 7.9e5 J kg⁻¹), building
 *                on T. Cai, A.G. Stefanopoulou, J.B. Siegel, ECS Trans. 89 (2019) 85.
 *  [Drake14]     S.J. Drake et al., "Measurement of anisotropic thermophysical properties of cylindrical
 *                Li-ion cells", J. Power Sources 252 (2014) 298 (radial k ≈ 0.2 W m⁻¹ K⁻¹).
 *  [Lin14]       X. Lin, H.E. Perez, S. Mohan, J.B. Siegel, A.G. Stefanopoulou et al., "A lumped-parameter
 *                electro-thermal model for cylindrical batteries", J. Power Sources 257 (2014) 1 (the
 *                two-state core/surface model used here).
 *  [Hu12]        X. Hu, S. Li, H. Peng, "A comparative study of equivalent circuit models for Li-ion
 *                batteries", J. Power Sources 198 (2012) 359 (R0 + RC form and magnitudes).
 *  [Chen20]      C.-H. Chen et al., "Development of experimental techniques for parameterization of
 *                multi-scale lithium-ion battery models", J. Electrochem. Soc. 167 (2020) 080534
 *                (LG M50 NMC811/graphite-SiOx OCV).
 *  [Golubkov14]  A.W. Golubkov et al., "Thermal-runaway experiments on consumer Li-ion batteries with
 *                metal-oxide and olivin-type cathodes", RSC Adv. 4 (2014) 3633 (vent and runaway
 *                temperatures, peak temperatures of NMC/LCO vs LFP 18650s).
 *  [Walker19]    W.Q. Walker et al., "Decoupling of heat generated from ejected and non-ejected contents of
 *                18650-format lithium-ion cells using statistical methods", J. Power Sources 415 (2019) 207
 *                (a large share of runaway heat leaves with the ejecta).
 *  [datasheet]   manufacturer datasheets: LG INR18650-MJ1, LG INR21700-M50.
 */

export type ChemistryName = 'nmc-18650' | 'nmc-21700' | 'lfp-prismatic' | 'lco-18650-kim';

export interface ReactionParams {
  /** Frequency factor, s⁻¹. */
  A: number;
  /** Activation energy, J mol⁻¹. */
  eaJPerMol: number;
  /** Heat of reaction per kg of the reacting material, J kg⁻¹. */
  heatJPerKg: number;
}

export interface KineticsParams {
  /** SEI decomposition: dc/dt = −A e^(−Ea/RT) c; c0 = fraction of Li in metastable SEI. */
  sei: ReactionParams & { c0: number };
  /** Anode–electrolyte: dc/dt = −A e^(−z/zRef) e^(−Ea/RT) c, dz/dt = −dc/dt (SEI regrowth inhibits). */
  anode: ReactionParams & { c0: number; z0: number; zRef: number };
  /** Cathode–electrolyte: dα/dt = A α(1−α) e^(−Ea/RT) (autocatalytic). */
  cathode: ReactionParams & { alpha0: number };
  /** Electrolyte decomposition: dc/dt = −A e^(−Ea/RT) c. */
  electrolyte: ReactionParams & { c0: number };
  /** Reacting masses per cell (kg): W·V of Hatchard/Kim. SEI and anode heats both scale with carbon. */
  carbonMassKg: number;
  cathodeMassKg: number;
  electrolyteMassKg: number;
}

export interface ChemistryPreset {
  name: ChemistryName;
  title: string;
  format: 'cylindrical' | 'prismatic';
  capacityAh: number;
  vMax: number;
  vMin: number;
  /**
   * The manufacturer's maximum operating temperature (°C): the "maximum temperature" of the GB 38031
   * runaway rule (criterion b), read from the cell's datasheet.
   */
  maxOperatingC: number;
  ocvSoc: readonly number[];
  ocvV: readonly number[];
  /** OCV above 100 % SOC (overcharge): ocv(1) + a·x + b·x², x = SOC − 1. */
  overchargeOcvA: number;
  overchargeOcvB: number;
  r0Ohm: number;
  r1Ohm: number;
  tau1S: number;
  /** Arrhenius activation energies of R0 and R1 (J mol⁻¹), reference 25 °C. */
  r0EaJPerMol: number;
  r1EaJPerMol: number;
  massKg: number;
  cpJPerKgK: number;
  /** Share of the heat capacity in the core node; the rest is the can and outer winding. */
  coreHeatFraction: number;
  /** Core-to-surface thermal resistance, K W⁻¹. */
  rCoreSurfaceKPerW: number;
  surfaceAreaM2: number;
  emissivity: number;
  /** Jelly-roll / stack volume (m³), for reporting volumetric heat rates. */
  volumeM3: number;
  /** Abuse behaviour. `Infinity` disables a mechanism (the Kim reference cell has none of them). */
  ventC: number;
  ventElectrolyteFraction: number;
  separatorShutdownC: number;
  separatorMeltC: number;
  /** Hard internal short after separator meltdown, Ω·Ah (divided by capacity → Ω). */
  hardShortOhmAh: readonly [number, number];
  /** Cylindrical cells carry a current-interrupt device that opens when the cell vents. */
  hasCid: boolean;
  /** Share of reaction heat leaving with vent ejecta once the cell has vented and runs away. */
  ejectaFraction: number;
  kinetics: KineticsParams;
}

const R_GAS = 8.314462618;
const N_A = 6.02214076e23;

/** Graphite SEI and anode reactions, shared by every graphite-anode preset. [Kim07] Table, from [Hatchard01]. */
const GRAPHITE_SEI = { A: 1.667e15, eaJPerMol: 1.3508e5, heatJPerKg: 2.57e5, c0: 0.15 } as const;
const GRAPHITE_ANODE = {
  A: 2.5e13,
  eaJPerMol: 1.3508e5,
  heatJPerKg: 1.714e6,
  c0: 0.75,
  z0: 0.033,
  zRef: 0.033,
} as const;
/** Electrolyte decomposition. [Kim07] Table, from [Spotnitz03]. */
const ELECTROLYTE = { A: 5.14e25, eaJPerMol: 2.74e5, heatJPerKg: 1.55e5, c0: 1 } as const;

const NMC_OCV_SOC = [0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0] as const;
/** NMC/graphite OCV, shape after [Chen20] (LG M50 GITT), rounded to 10 mV; 0 % SOC taken at 3.0 V. */
const NMC_OCV_V = [3.0, 3.38, 3.48, 3.54, 3.58, 3.64, 3.7, 3.76, 3.84, 3.93, 4.01, 4.09, 4.18] as const;

export const CHEMISTRIES: Readonly<Record<ChemistryName, ChemistryPreset>> = {
  'nmc-18650': {
    name: 'nmc-18650',
    title: 'NMC/graphite 18650, 3.5 Ah (LG MJ1 class)',
    format: 'cylindrical',
    capacityAh: 3.5, // [datasheet] MJ1 nominal 3.5 Ah
    vMax: 4.2, // [datasheet]
    vMin: 2.5, // [datasheet]
    maxOperatingC: 60, // [datasheet] discharge −20…60 °C
    ocvSoc: NMC_OCV_SOC,
    ocvV: NMC_OCV_V,
    overchargeOcvA: 1.2, // estimate: ~4.45 V at 120 % and ~5 V at 150 % SOC, as overcharge tests show
    overchargeOcvB: 0.8,
    r0Ohm: 0.028, // [datasheet] AC IR ≤ 30 mΩ class; [Hu12] magnitudes
    r1Ohm: 0.012, // estimate after [Hu12]
    tau1S: 25, // estimate after [Hu12] (tens of seconds)
    r0EaJPerMol: 20e3, // estimate: ohmic resistance doubles from 25 °C to 0 °C
    r1EaJPerMol: 40e3, // estimate: charge-transfer resistance ×4 from 25 °C to 0 °C
    massKg: 0.047, // [datasheet] ≤ 49 g
    cpJPerKgK: 950, // estimate within the 830–1100 J kg⁻¹ K⁻¹ reported for 18650s ([Kim07], [Drake14])
    coreHeatFraction: 0.88, // estimate: can + outer turns ≈ 12 % ([Lin14] fits put Cs/Cc ≈ 0.05–0.1)
    // Radial conduction alone (k_r ≈ 0.2 W m⁻¹ K⁻¹ [Drake14]) gives 1/(8π k_r L) ≈ 3 K W⁻¹ mean-core to can;
    // the can ends, tabs and mandrel shunt it. [Lin14] fit ≈ 1.9 K W⁻¹ on a 26650: 2 K W⁻¹ (estimate).
    rCoreSurfaceKPerW: 2.0,
    surfaceAreaM2: 4.18e-3, // geometry: side + ends of Ø18 × 65 mm
    emissivity: 0.8, // [Kim07]
    volumeM3: 1.654e-5, // geometry
    ventC: 140, // [Golubkov14]: NMC/LCO 18650 vent around 130–160 °C
    ventElectrolyteFraction: 0.12, // estimate: a first vent loses a small part of the electrolyte
    separatorShutdownC: 130, // PE melting point
    separatorMeltC: 170, // PP/PE/PP trilayer meltdown ≈ 165–180 °C
    hardShortOhmAh: [0.1, 0.6], // estimate: tens of mΩ in an 18650
    hasCid: true,
    ejectaFraction: 0.25, // [Walker19]: a large, variable share of runaway heat leaves with ejecta
    kinetics: {
      sei: GRAPHITE_SEI,
      anode: GRAPHITE_ANODE,
      // [Tran24] NMC532 cathode decomposition; Ea converted from 2.64e-19 J per molecule.
      cathode: { A: 2.55e14, eaJPerMol: 2.64e-19 * N_A, heatJPerKg: 7.9e5, alpha0: 0.04 },
      electrolyte: ELECTROLYTE,
      carbonMassKg: 0.0105, // estimate: 3.5 Ah / ≈0.33 Ah g⁻¹ graphite
      cathodeMassKg: 0.0184, // estimate: 3.5 Ah / ≈0.19 Ah g⁻¹ NMC
      electrolyteMassKg: 0.0045, // estimate: ≈1.3 g Ah⁻¹
    },
  },
  'nmc-21700': {
    name: 'nmc-21700',
    title: 'NMC811/graphite-SiOx 21700, 5 Ah (LG M50 class)',
    format: 'cylindrical',
    capacityAh: 5.0, // [datasheet] M50; [Chen20]
    vMax: 4.2,
    vMin: 2.5,
    maxOperatingC: 60, // [datasheet]
    ocvSoc: NMC_OCV_SOC,
    ocvV: NMC_OCV_V, // [Chen20]
    overchargeOcvA: 1.2,
    overchargeOcvB: 0.8,
    r0Ohm: 0.02, // [datasheet] / [Chen20] pulse data: ≈ 20 mΩ ohmic
    r1Ohm: 0.009, // estimate after [Hu12]
    tau1S: 30,
    r0EaJPerMol: 20e3,
    r1EaJPerMol: 40e3,
    massKg: 0.068, // [datasheet] ≈ 68–69 g
    cpJPerKgK: 950,
    coreHeatFraction: 0.88,
    rCoreSurfaceKPerW: 1.9, // as the 18650, slightly longer and wider (estimate after [Drake14], [Lin14])
    surfaceAreaM2: 5.31e-3, // Ø21 × 70 mm
    emissivity: 0.8,
    volumeM3: 2.425e-5,
    ventC: 140,
    ventElectrolyteFraction: 0.12,
    separatorShutdownC: 130,
    separatorMeltC: 170,
    hardShortOhmAh: [0.1, 0.6],
    hasCid: true,
    ejectaFraction: 0.25,
    kinetics: {
      sei: GRAPHITE_SEI,
      anode: GRAPHITE_ANODE,
      cathode: { A: 2.55e14, eaJPerMol: 2.64e-19 * N_A, heatJPerKg: 7.9e5, alpha0: 0.04 }, // [Tran24]
      electrolyte: ELECTROLYTE,
      carbonMassKg: 0.015, // estimate from capacity as above
      cathodeMassKg: 0.026,
      electrolyteMassKg: 0.0065,
    },
  },
  'lfp-prismatic': {
    name: 'lfp-prismatic',
    title: 'LFP/graphite prismatic, 50 Ah (EV module cell)',
    format: 'prismatic',
    capacityAh: 50, // representative EV prismatic LFP cell
    vMax: 3.65,
    vMin: 2.5,
    maxOperatingC: 60, // typical LFP datasheet discharge limit
    ocvSoc: [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0],
    // Flat LFP plateau (≈3.2–3.33 V) with steep ends, as in Prada et al. 2013 (JES 160 A616) OCV data.
    ocvV: [2.7, 3.05, 3.17, 3.22, 3.25, 3.27, 3.28, 3.29, 3.3, 3.31, 3.33, 3.36, 3.45],
    overchargeOcvA: 3.0, // estimate: LFP overcharge voltage climbs quickly past 4 V
    overchargeOcvB: 2.0,
    r0Ohm: 0.0012, // estimate: ≈1 mΩ class for 50 Ah prismatic; [Hu12] LiFePO4 magnitudes scaled
    r1Ohm: 0.0006,
    tau1S: 40,
    r0EaJPerMol: 20e3,
    r1EaJPerMol: 40e3,
    massKg: 1.05, // 148 × 27 × 130 mm at ≈2.0 kg L⁻¹
    cpJPerKgK: 1050, // estimate, typical for LFP prismatic
    coreHeatFraction: 0.85,
    rCoreSurfaceKPerW: 0.15, // slab, half-thickness 13.5 mm, k ≈ 0.8 W m⁻¹ K⁻¹ through-plane
    surfaceAreaM2: 0.0535,
    emissivity: 0.9, // wrapped in polymer film
    volumeM3: 5.19e-4,
    ventC: 170, // estimate: prismatic LFP vents ≈150–200 °C
    ventElectrolyteFraction: 0.15,
    separatorShutdownC: 130,
    separatorMeltC: 190, // ceramic-coated separator: meltdown later than bare PE/PP
    hardShortOhmAh: [0.1, 0.6],
    hasCid: false,
    ejectaFraction: 0.2,
    kinetics: {
      sei: GRAPHITE_SEI,
      anode: GRAPHITE_ANODE,
      // estimate: a weak, late LiFePO4/electrolyte exotherm (onset ≈ 230–250 °C, ≈150 J g⁻¹), of the
      // order DSC studies report for LiFePO4; not a fit to one dataset.
      cathode: { A: 2.0e8, eaJPerMol: 1.0e5, heatJPerKg: 1.45e5, alpha0: 0.04 },
      electrolyte: ELECTROLYTE,
      carbonMassKg: 0.15, // 50 Ah / ≈0.33 Ah g⁻¹
      cathodeMassKg: 0.33, // 50 Ah / ≈0.15 Ah g⁻¹
      electrolyteMassKg: 0.09, // ≈1.8 g Ah⁻¹
    },
  },
  'lco-18650-kim': {
    name: 'lco-18650-kim',
    title: 'LiCoO2/graphite 18650, Hatchard/Kim reference cell (validation)',
    format: 'cylindrical',
    capacityAh: 2.2, // estimate: an LCO 18650 of that era (the kinetics do not depend on it)
    vMax: 4.2,
    vMin: 2.75,
    maxOperatingC: 60,
    ocvSoc: [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0],
    ocvV: [3.0, 3.55, 3.65, 3.72, 3.76, 3.79, 3.83, 3.88, 3.94, 4.01, 4.09, 4.18],
    overchargeOcvA: 1.2,
    overchargeOcvB: 0.8,
    r0Ohm: 0.04,
    r1Ohm: 0.015,
    tau1S: 20,
    r0EaJPerMol: 20e3,
    r1EaJPerMol: 40e3,
    // [Kim07]: ρ = 2580 kg m⁻³ over the can volume, c_p = 830 J kg⁻¹ K⁻¹.
    massKg: 2580 * 1.654e-5,
    cpJPerKgK: 830,
    coreHeatFraction: 0.88,
    rCoreSurfaceKPerW: 2.0,
    surfaceAreaM2: 4.18e-3,
    emissivity: 0.8, // [Kim07]
    volumeM3: 1.654e-5,
    // The published lumped model has no vent, separator or ejecta terms: keep them off so the oven
    // validation compares like with like.
    ventC: Infinity,
    ventElectrolyteFraction: 0,
    separatorShutdownC: Infinity,
    separatorMeltC: Infinity,
    hardShortOhmAh: [0.1, 0.6],
    hasCid: false,
    ejectaFraction: 0,
    kinetics: {
      sei: GRAPHITE_SEI,
      anode: GRAPHITE_ANODE,
      cathode: { A: 6.667e13, eaJPerMol: 1.396e5, heatJPerKg: 3.14e5, alpha0: 0.04 }, // [Kim07] LiCoO2
      electrolyte: ELECTROLYTE,
      carbonMassKg: 610.4 * 1.654e-5, // [Kim07] W_c = 610.4 kg m⁻³
      cathodeMassKg: 1221 * 1.654e-5, // [Kim07] W_p = 1221 kg m⁻³
      electrolyteMassKg: 406.9 * 1.654e-5, // [Kim07] W_e = 406.9 kg m⁻³
    },
  },
};

export const CHEMISTRY_NAMES = Object.keys(CHEMISTRIES) as ChemistryName[];

export function getChemistry(name: string): ChemistryPreset {
  const preset = (CHEMISTRIES as Record<string, ChemistryPreset | undefined>)[name];
  if (!preset) {
    throw new Error(`Unknown chemistry "${name}". Valid chemistries: ${CHEMISTRY_NAMES.join(', ')}.`);
  }
  return preset;
}

export { R_GAS };

/** Total heat (J) each reaction can release in one cell of this preset, from its initial state. */
export function availableReactionHeatJ(k: KineticsParams): {
  sei: number;
  anode: number;
  cathode: number;
  electrolyte: number;
} {
  return {
    sei: k.sei.heatJPerKg * k.carbonMassKg * k.sei.c0,
    anode: k.anode.heatJPerKg * k.carbonMassKg * k.anode.c0,
    cathode: k.cathode.heatJPerKg * k.cathodeMassKg * (1 - k.cathode.alpha0),
    electrolyte: k.electrolyte.heatJPerKg * k.electrolyteMassKg * k.electrolyte.c0,
  };
}
