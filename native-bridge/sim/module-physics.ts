/**
 * Electro-thermal-chemical physics of a series string of cells in one module: the equivalent circuit
 * of each cell, its two thermal nodes, neighbour conduction, the Hatchard/Kim abuse kinetics, venting,
 * separator shutdown and meltdown, internal shorts and the current-interrupt device. No I/O, no
 * randomness: scenarios draw the parameters and drive the inputs; this advances time.
 *
 * Integration: each call is cut into substeps. A substep is short enough that the core would rise by at
 * most `maxCoreRiseK` from its heat sources and no reaction extent moves by more than `maxExtentStep`;
 * in normal operation that is the 1 s cap, in a runaway it falls to milliseconds. Within a substep the
 * electrical state advances exactly (RC exponential), the reactions advance exactly at a frozen
 * mid-step temperature (kinetics.ts), and the thermal network by backward Euler (thermal-network.ts).
 * Every joule is booked in a per-cell ledger, so the first law can be checked at any time.
 */
import type { ChemistryPreset, KineticsParams } from './chemistry.js';
import { activeMaterialFactor, arrheniusFactor, ocvAt, shutdownFactor, socResistanceFactor } from './ecm.js';
import {
  advanceReactions,
  emptyHeats,
  initialReactionState,
  rateConstants,
  reactionPower,
  type RateConstants,
  type ReactionHeats,
  type ReactionState,
} from './kinetics.js';
import { ThermalSolver, type NeighbourPair } from './thermal-network.js';

const K0 = 273.15;
const SIGMA = 5.670374419e-8;
/** Heat of vaporisation of a carbonate electrolyte blend, J kg⁻¹ (DMC ≈ 3.8e5, EC ≈ 6e5; estimate). */
const ELECTROLYTE_LATENT_J_PER_KG = 4.0e5;
/** A vent empties its first burst of electrolyte vapour over a few seconds. */
const VENT_DURATION_S = 3;
/** Ejecta carry heat away once the cell is venting hard, i.e. in the runaway proper. */
const EJECTA_ONSET_C = 200;

export interface CellSpec {
  preset: ChemistryPreset;
  kinetics: KineticsParams;
  capacityAh: number;
  r0Ohm: number;
  r1Ohm: number;
  tau1S: number;
  ventC: number;
  separatorMeltC: number;
  hardShortOhm: number;
  /** The CID works (a scenario may model a cell whose CID fails or is absent). */
  cidEnabled: boolean;
  initialSoc: number;
  initialTempC: number;
}

export interface IntegratorSettings {
  maxStepS: number;
  maxCoreRiseK: number;
  maxExtentStep: number;
  minStepS: number;
}

export const DEFAULT_INTEGRATOR: IntegratorSettings = {
  maxStepS: 1,
  maxCoreRiseK: 0.5,
  maxExtentStep: 0.01,
  minStepS: 1e-5,
};

export type AirInput = { kind: 'prescribed'; tC: number } | { kind: 'node'; c: number; gRoom: number; roomC: number };

/** What the scenario drives; read at every substep. */
export interface PhysicsInputs {
  /** String current requested by the cycler, A, positive = discharge. */
  requestedCurrentA: number;
  /** Charging stops raising the current once a cell's terminal voltage would pass this (CV or compliance). */
  chargeLimitV: number;
  /** Discharging is limited so that no cell falls below this. */
  dischargeLimitV: number;
  relayOpen: boolean;
  /** Convection coefficient at each cell's surface, W m⁻² K⁻¹ (the cooling a scenario can fail). */
  hConv: Float64Array;
  /** External heater power into each cell's surface (heater pad), W. */
  heaterW: Float64Array;
  /**
   * Share of a surface that radiates to the surroundings rather than to neighbours at nearly its own
   * temperature: 1 for a cell standing alone, ≈0.2 inside a packed module.
   */
  radiationView: number;
  air: AirInput;
}

export interface CellLedger {
  reactionJ: ReactionHeats;
  jouleJ: number;
  shortJ: number;
  sideReactionJ: number;
  heaterJ: number;
  ejectaOutJ: number;
  ejectaInJ: number;
  ventLatentJ: number;
  airLossJ: number;
  neighbourOutJ: number;
}

export interface CellState {
  soc: number;
  v1: number;
  reactions: ReactionState;
  vented: boolean;
  ventTimeS: number | null;
  ventVapourLeftKg: number;
  cidOpen: boolean;
  separatorCollapsed: boolean;
  /** Internal short resistance set by a scenario (a growing defect), Ω; Infinity = none. */
  defectShortOhm: number;
  terminalV: number;
  ocvV: number;
  /** Current through the electrochemistry, A, positive = discharge (external + internal short). */
  cellCurrentA: number;
  shortCurrentA: number;
  reactionPowerW: number;
  electricalHeatW: number;
  coreRateKPerS: number;
  /**
   * First moment the cell's own decomposition heat alone would raise it by ≥ 1 °C/s (Σ reaction power
   * ≥ 1 K/s × heat capacity): the self-heating runaway trigger, as an adiabatic calorimeter sees it.
   */
  selfHeatingTrigger: { tS: number; coreC: number; surfaceC: number; meanC: number } | null;
  ledger: CellLedger;
}

function emptyLedger(): CellLedger {
  return {
    reactionJ: emptyHeats(),
    jouleJ: 0,
    shortJ: 0,
    sideReactionJ: 0,
    heaterJ: 0,
    ejectaOutJ: 0,
    ejectaInJ: 0,
    ventLatentJ: 0,
    airLossJ: 0,
    neighbourOutJ: 0,
  };
}

export interface PhysicsConfig {
  cells: CellSpec[];
  pairs: NeighbourPair[];
  /** Share of a cell's ejecta heat that lands on its neighbours' surfaces (the rest leaves the module). */
  ejectaToNeighbours: number;
  /** ln-multiplier of anode/cathode reactivity per unit of SOC above 100 % (plated Li, delithiated cathode). */
  overchargeReactivityGain: number;
  initialAir: AirInput;
  initialAirC: number;
  integrator?: Partial<IntegratorSettings>;
}

export class ModulePhysics {
  readonly n: number;
  readonly specs: readonly CellSpec[];
  readonly cells: CellState[];
  readonly tCore: Float64Array;
  readonly tSurf: Float64Array;
  readonly inputs: PhysicsInputs;
  readonly pairs: readonly NeighbourPair[];
  /** Temperature of the air around the cells, °C. */
  airC: number;
  timeS = 0;
  packCurrentA = 0;
  /** Energy stored in the air node (J relative to start) and lost from it to the room. */
  airStoredJ = 0;
  airToRoomJ = 0;
  substeps = 0;

  private readonly cfg: PhysicsConfig;
  private readonly integ: IntegratorSettings;
  private readonly solver = new ThermalSolver();
  private readonly cCore: Float64Array;
  private readonly cSurf: Float64Array;
  private readonly gCore: Float64Array;
  private readonly gAir: Float64Array;
  private readonly pCore: Float64Array;
  private readonly pSurf: Float64Array;
  private readonly tCoreStart: Float64Array;
  private readonly tSurfStart: Float64Array;
  private readonly neighbourCount: Int32Array;
  private readonly ejectaIn: Float64Array;
  private readonly rc: RateConstants[];
  /** Ohmic resistance of the electrochemistry (Arrhenius, SOC), Ω. */
  private readonly r0Int: Float64Array;
  /** Extra series resistance of a shut-down separator on the path to the terminals, Ω. */
  private readonly rShutdown: Float64Array;
  private readonly ocvEff: Float64Array;
  private readonly shortOhm: Float64Array;
  private readonly prevCore: Float64Array;
  private readonly pSurfInternal: Float64Array;

  constructor(cfg: PhysicsConfig) {
    this.cfg = cfg;
    this.integ = { ...DEFAULT_INTEGRATOR, ...cfg.integrator };
    this.specs = cfg.cells;
    this.n = cfg.cells.length;
    this.pairs = cfg.pairs;
    const n = this.n;
    this.tCore = new Float64Array(n);
    this.tSurf = new Float64Array(n);
    this.cCore = new Float64Array(n);
    this.cSurf = new Float64Array(n);
    this.gCore = new Float64Array(n);
    this.gAir = new Float64Array(n);
    this.pCore = new Float64Array(n);
    this.pSurf = new Float64Array(n);
    this.tCoreStart = new Float64Array(n);
    this.tSurfStart = new Float64Array(n);
    this.neighbourCount = new Int32Array(n);
    this.ejectaIn = new Float64Array(n);
    this.r0Int = new Float64Array(n);
    this.rShutdown = new Float64Array(n);
    this.ocvEff = new Float64Array(n);
    this.shortOhm = new Float64Array(n);
    this.prevCore = new Float64Array(n);
    this.pSurfInternal = new Float64Array(n);
    this.rc = [];
    for (const p of cfg.pairs) {
      this.neighbourCount[p.i] = this.neighbourCount[p.i]! + 1;
      this.neighbourCount[p.j] = this.neighbourCount[p.j]! + 1;
    }
    this.cells = cfg.cells.map((s, i) => {
      const cTot = s.preset.massKg * s.preset.cpJPerKgK;
      this.cCore[i] = cTot * s.preset.coreHeatFraction;
      this.cSurf[i] = cTot * (1 - s.preset.coreHeatFraction);
      this.gCore[i] = 1 / s.preset.rCoreSurfaceKPerW;
      this.tCore[i] = s.initialTempC;
      this.tSurf[i] = s.initialTempC;
      this.tCoreStart[i] = s.initialTempC;
      this.tSurfStart[i] = s.initialTempC;
      this.rc.push({ sei: 0, anode: 0, cathode: 0, electrolyte: 0 });
      const ocv = ocvAt(s.preset, s.initialSoc);
      return {
        soc: s.initialSoc,
        v1: 0,
        reactions: initialReactionState(s.kinetics),
        vented: false,
        ventTimeS: null,
        ventVapourLeftKg: 0,
        cidOpen: false,
        separatorCollapsed: false,
        defectShortOhm: Infinity,
        terminalV: ocv,
        ocvV: ocv,
        cellCurrentA: 0,
        shortCurrentA: 0,
        reactionPowerW: 0,
        electricalHeatW: 0,
        coreRateKPerS: 0,
        selfHeatingTrigger: null,
        ledger: emptyLedger(),
      };
    });
    this.airC = cfg.initialAirC;
    this.inputs = {
      requestedCurrentA: 0,
      chargeLimitV: Math.max(...cfg.cells.map((c) => c.preset.vMax)),
      dischargeLimitV: Math.min(...cfg.cells.map((c) => c.preset.vMin)),
      relayOpen: false,
      hConv: new Float64Array(n).fill(10),
      heaterW: new Float64Array(n),
      radiationView: 1,
      air: cfg.initialAir,
    };
    this.refreshElectrical();
  }

  /** Heat capacity of cell i (J K⁻¹). */
  heatCapacity(i: number): number {
    return this.cCore[i]! + this.cSurf[i]!;
  }

  /** Thermal energy of cell i relative to its start (J). */
  storedJ(i: number): number {
    return (
      this.cCore[i]! * (this.tCore[i]! - this.tCoreStart[i]!) + this.cSurf[i]! * (this.tSurf[i]! - this.tSurfStart[i]!)
    );
  }

  /** First-law residual of cell i (J): stored − (sources − sinks). Zero up to rounding. */
  ledgerResidualJ(i: number): number {
    const l = this.cells[i]!.ledger;
    const r = l.reactionJ;
    const sources =
      r.sei + r.anode + r.cathode + r.electrolyte + l.jouleJ + l.shortJ + l.sideReactionJ + l.heaterJ + l.ejectaInJ;
    const sinks = l.ejectaOutJ + l.ventLatentJ + l.airLossJ + l.neighbourOutJ;
    return this.storedJ(i) - (sources - sinks);
  }

  /** Advances the physics by `dtS` simulated seconds. */
  step(dtS: number): void {
    let remaining = dtS;
    while (remaining > 1e-12) {
      const h = this.chooseStep(remaining);
      this.substep(h);
      remaining -= h;
      this.timeS += h;
    }
  }

  private chooseStep(remaining: number): number {
    const { maxStepS, maxCoreRiseK, maxExtentStep, minStepS } = this.integ;
    let h = Math.min(remaining, maxStepS);
    for (let i = 0; i < this.n; i++) {
      const spec = this.specs[i]!;
      const c = this.cells[i]!;
      const boost = this.boost(c.soc);
      const rc = rateConstants(spec.kinetics, this.tCore[i]! + K0, boost, this.rc[i]);
      const { powerW, maxExtentRate } = reactionPower(spec.kinetics, c.reactions, rc);
      c.reactionPowerW = powerW;
      const p = powerW + c.electricalHeatW;
      if (p > 0) h = Math.min(h, (maxCoreRiseK * this.cCore[i]!) / p);
      if (maxExtentRate > 0) h = Math.min(h, maxExtentStep / maxExtentRate);
      // A vent evaporates its burst over seconds: resolve it.
      if (c.ventVapourLeftKg > 0) h = Math.min(h, 0.1);
    }
    return Math.min(remaining, Math.max(h, minStepS));
  }

  private boost(soc: number): { anode: number; cathode: number } {
    if (soc <= 1) return { anode: 1, cathode: 1 };
    const m = Math.exp(this.cfg.overchargeReactivityGain * (soc - 1));
    return { anode: m, cathode: m };
  }

  /**
   * Resistances, OCV and short resistance of every cell at its present state. Circuit: the source e
   * (OCV − RC voltage) feeds the electrodes through R0; an internal short bridges the electrodes
   * (a defect, a nail or a molten separator is local, so a shut-down separator does not throttle it);
   * the terminals hang off the electrodes through the shut-down separator's extra resistance.
   */
  private refreshElectrical(): void {
    for (let i = 0; i < this.n; i++) {
      const s = this.specs[i]!;
      const c = this.cells[i]!;
      const tK = this.tCore[i]! + K0;
      const r0 = s.r0Ohm * arrheniusFactor(s.preset.r0EaJPerMol, tK) * socResistanceFactor(c.soc);
      this.r0Int[i] = r0;
      this.rShutdown[i] = r0 * (shutdownFactor(s.preset, this.tCore[i]!) - 1);
      const k = s.kinetics;
      const anodeLeft = c.reactions.cAnode / k.anode.c0;
      const cathodeLeft = (1 - c.reactions.alpha) / (1 - k.cathode.alpha0);
      c.ocvV = ocvAt(s.preset, c.soc);
      this.ocvEff[i] = c.ocvV * activeMaterialFactor(anodeLeft, cathodeLeft);
      this.shortOhm[i] = Math.min(c.defectShortOhm, c.separatorCollapsed ? s.hardShortOhm : Infinity);
    }
  }

  /** The string current the cycler gets, limited by every cell's voltage window and by open circuits. */
  private stringCurrent(): number {
    const inp = this.inputs;
    if (inp.relayOpen || inp.requestedCurrentA === 0) return 0;
    for (const c of this.cells) if (c.cidOpen) return 0;
    let i = inp.requestedCurrentA;
    for (let k = 0; k < this.n; k++) {
      const r0 = this.r0Int[k]!;
      const rs = this.shortOhm[k]!;
      const div = Number.isFinite(rs) ? 1 + r0 / rs : 1;
      const e = this.ocvEff[k]! - this.cells[k]!.v1;
      // Terminal voltage V = e/div − I·rEff.
      const rEff = r0 / div + this.rShutdown[k]!;
      if (i < 0) {
        const maxCharge = Math.max(0, (inp.chargeLimitV - e / div) / rEff);
        i = Math.max(i, -maxCharge);
      } else {
        const maxDischarge = Math.max(0, (e / div - inp.dischargeLimitV) / rEff);
        i = Math.min(i, maxDischarge);
      }
    }
    return i;
  }

  private substep(h: number): void {
    this.substeps++;
    const n = this.n;
    const inp = this.inputs;
    this.refreshElectrical();
    const iString = this.stringCurrent();
    this.packCurrentA = iString;
    this.ejectaIn.fill(0);
    const airNow = inp.air.kind === 'prescribed' ? inp.air.tC : this.airC;

    for (let i = 0; i < n; i++) {
      const s = this.specs[i]!;
      const c = this.cells[i]!;
      const tc = this.tCore[i]!;
      const tK = tc + K0;

      // Abuse events triggered by the core temperature at the start of the substep.
      if (!c.vented && tc >= s.ventC) {
        c.vented = true;
        c.ventTimeS = this.timeS;
        const vapour = s.preset.ventElectrolyteFraction * c.reactions.cElectrolyte;
        c.reactions.cElectrolyte -= vapour;
        c.ventVapourLeftKg = vapour * s.kinetics.electrolyteMassKg;
        if (s.cidEnabled) c.cidOpen = true;
      }
      // The separator runs through the whole roll, the outer turns included: a can heated from outside
      // (a burning neighbour, a heater) melts it there first and the short forms locally.
      if (!c.separatorCollapsed && Math.max(tc, this.tSurf[i]!) >= s.separatorMeltC) c.separatorCollapsed = true;

      // Electrical: terminal voltage with an internal short across the electrodes, then the RC pair
      // and coulomb counting over the substep.
      const r0 = this.r0Int[i]!;
      const rSd = this.rShutdown[i]!;
      const rs = this.shortOhm[i]!;
      const iExt = c.cidOpen ? 0 : iString;
      const e = this.ocvEff[i]! - c.v1;
      const vElectrodes = Number.isFinite(rs) ? (e - iExt * r0) / (1 + r0 / rs) : e - iExt * r0;
      const iShort = Number.isFinite(rs) ? Math.max(0, vElectrodes) / rs : 0;
      const iCell = iExt + iShort;
      const r1 = s.r1Ohm * arrheniusFactor(s.preset.r1EaJPerMol, tK);
      const c1 = s.tau1S / s.r1Ohm;
      const decay = Math.exp(-h / (r1 * c1));
      const v1Old = c.v1;
      c.v1 = v1Old * decay + r1 * iCell * (1 - decay);
      // Above 100 % SOC part of a charging current drives electrolyte oxidation instead of
      // intercalation: it adds no charge and all its energy turns to heat.
      const sideFraction = iCell < 0 && c.soc > 1.05 ? Math.min(0.9, (c.soc - 1.05) / 0.3) : 0;
      c.soc -= (iCell * (1 - sideFraction) * h) / (3600 * s.capacityAh);
      const vMid = 0.5 * (v1Old + c.v1);
      const qJoule = (iCell * iCell * r0 + iExt * iExt * rSd + (vMid * vMid) / r1) * h;
      const qShort = iShort * iShort * rs * h || 0;
      const qSide = sideFraction * -iCell * c.ocvV * h;
      c.cellCurrentA = iCell;
      c.shortCurrentA = iShort;
      c.terminalV = c.cidOpen ? 0 : Math.max(0, vElectrodes - iExt * rSd);
      c.electricalHeatW = (qJoule + qShort + qSide) / h;

      // Kinetics at the mid-substep temperature estimate (previous substep's core rate).
      const tMid = tK + 0.5 * h * c.coreRateKPerS;
      const rc =
        Math.abs(tMid - tK) > 0.01 ? rateConstants(s.kinetics, tMid, this.boost(c.soc), this.rc[i]) : this.rc[i]!;
      const qRxn = advanceReactions(s.kinetics, c.reactions, rc, h, c.ledger.reactionJ);
      c.reactionPowerW = qRxn / h;

      // Vent: the burst of electrolyte vapour takes its heat of vaporisation with it.
      let qLatent = 0;
      if (c.ventVapourLeftKg > 0) {
        const kg = Math.min(
          c.ventVapourLeftKg,
          ((s.preset.ventElectrolyteFraction * s.kinetics.electrolyteMassKg) / VENT_DURATION_S) * h,
        );
        c.ventVapourLeftKg -= kg;
        if (c.ventVapourLeftKg < 1e-12) c.ventVapourLeftKg = 0;
        qLatent = kg * ELECTROLYTE_LATENT_J_PER_KG;
      }

      // Ejecta: once a vented cell runs away, part of its reaction heat leaves with the vent jet; some
      // of that lands on the neighbours.
      let qEjecta = 0;
      if (c.vented && tc >= EJECTA_ONSET_C) qEjecta = s.preset.ejectaFraction * qRxn;
      if (qEjecta > 0 && this.neighbourCount[i]! > 0 && this.cfg.ejectaToNeighbours > 0) {
        const share = (qEjecta * this.cfg.ejectaToNeighbours) / this.neighbourCount[i]!;
        for (const p of this.pairs) {
          if (p.i === i) this.ejectaIn[p.j] = this.ejectaIn[p.j]! + share;
          else if (p.j === i) this.ejectaIn[p.i] = this.ejectaIn[p.i]! + share;
        }
      }

      // Heat generated in the jelly roll is spread through its volume: the outer turns lumped with the
      // can get their share, so in a fast runaway the can heats with the core instead of lagging it
      // by P·Rc. Vent and ejecta losses leave from the core.
      const qInternal = qRxn + qJoule + qShort + qSide;
      const fCore = s.preset.coreHeatFraction;
      this.pCore[i] = (fCore * qInternal - qEjecta - qLatent) / h;
      this.pSurfInternal[i] = ((1 - fCore) * qInternal) / h;
      const l = c.ledger;
      l.jouleJ += qJoule;
      l.shortJ += qShort;
      l.sideReactionJ += qSide;
      l.ejectaOutJ += qEjecta;
      l.ventLatentJ += qLatent;

      // Convection plus radiation, linearised about the present surface temperature.
      const tsK = this.tSurf[i]! + K0;
      const taK = airNow + K0;
      const hRad = inp.radiationView * s.preset.emissivity * SIGMA * (tsK * tsK + taK * taK) * (tsK + taK);
      this.gAir[i] = (inp.hConv[i]! + hRad) * s.preset.surfaceAreaM2;
    }
    for (let i = 0; i < n; i++) {
      const heater = inp.heaterW[i]!;
      this.pSurf[i] = this.pSurfInternal[i]! + heater + this.ejectaIn[i]! / h;
      this.cells[i]!.ledger.heaterJ += heater * h;
      this.cells[i]!.ledger.ejectaInJ += this.ejectaIn[i]!;
    }

    const prevCore = this.prevCore;
    prevCore.set(this.tCore);
    const air =
      inp.air.kind === 'prescribed'
        ? ({ kind: 'prescribed', tEndC: inp.air.tC } as const)
        : ({ kind: 'node', tC: this.airC, c: inp.air.c, gRoom: inp.air.gRoom, roomC: inp.air.roomC } as const);
    const airBefore = this.airC;
    const airEnd = this.solver.step(
      {
        h,
        cCore: this.cCore,
        cSurf: this.cSurf,
        gCore: this.gCore,
        gAir: this.gAir,
        pairs: this.pairs,
        pCore: this.pCore,
        pSurf: this.pSurf,
        air,
      },
      this.tCore,
      this.tSurf,
    );

    for (let i = 0; i < n; i++) {
      const c = this.cells[i]!;
      c.ledger.airLossJ += this.gAir[i]! * (this.tSurf[i]! - airEnd) * h;
      c.coreRateKPerS = (this.tCore[i]! - prevCore[i]!) / h;
      if (c.selfHeatingTrigger === null && c.reactionPowerW >= this.cCore[i]! + this.cSurf[i]!) {
        const cc = this.cCore[i]!;
        const cs = this.cSurf[i]!;
        c.selfHeatingTrigger = {
          tS: this.timeS + h,
          coreC: this.tCore[i]!,
          surfaceC: this.tSurf[i]!,
          meanC: (cc * this.tCore[i]! + cs * this.tSurf[i]!) / (cc + cs),
        };
      }
    }
    for (const p of this.pairs) {
      const q = p.g * (this.tSurf[p.i]! - this.tSurf[p.j]!) * h;
      this.cells[p.i]!.ledger.neighbourOutJ += q;
      this.cells[p.j]!.ledger.neighbourOutJ -= q;
    }
    if (inp.air.kind === 'node') {
      this.airStoredJ += inp.air.c * (airEnd - airBefore);
      this.airToRoomJ += inp.air.gRoom * (airEnd - inp.air.roomC) * h;
    }
    this.airC = airEnd;
  }
}
