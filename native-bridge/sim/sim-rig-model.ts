/**
 * The physics-based simulated rig: a RigModel for the simulator source, plus the ground truth and the
 * GB 38031 labels of every simulated second for dataset generation and for judging the risk model.
 */
import type { RigModel, RigSample } from './rig-model.js';
import { availableReactionHeatJ, type ChemistryPreset } from './chemistry.js';
import { GbOnsetDetector, type GbOnset, type GbRuleConfig } from './gb38031.js';
import { heatFromState, reactionExtents, type ReactionHeats } from './kinetics.js';
import type { CellLedger } from './module-physics.js';
import { buildScenario, type BuiltScenario, type ScenarioInfo, type ScenarioOptions } from './scenarios.js';

export interface SimOptions extends ScenarioOptions {
  /**
   * Keep the per-second truth log and per-second label arrays (default true: datasets, tests). A live
   * station rig running for days should pass false: onsets, triggers and peaks are still tracked, the
   * per-second arrays stay empty.
   */
  recordHistory?: boolean;
}

export interface CellTruth {
  coreC: number;
  surfaceC: number;
  /** Temperature of the probe on the can before noise and quantisation (it lags the can). */
  probeC: number;
  soc: number;
  ocvV: number;
  /** Terminal voltage as a perfect voltmeter would read it (0 once the CID has opened). */
  voltageV: number;
  /** Current through the cell's electrochemistry, A, positive = discharge (includes any internal short). */
  currentA: number;
  shortCurrentA: number;
  internalShortOhm: number | null;
  reactionPowerW: number;
  electricalHeatW: number;
  /** Share of each reaction's initial reactant consumed, 0–1. */
  extents: ReactionHeats;
  /** Heat released by each reaction so far, J, and their sum (integrated substep by substep). */
  heatReleasedJ: ReactionHeats & { total: number };
  /** ΔH·m·(reactant consumed) from the present state alone: equals heatReleasedJ if the books close. */
  heatFromReactantsJ: ReactionHeats;
  vented: boolean;
  ventTimeS: number | null;
  cidOpen: boolean;
  separatorCollapsed: boolean;
  /** Cumulative energy ledger (J) and its first-law residual (stored − sources + sinks). */
  energy: CellLedger & { storedJ: number; residualJ: number };
}

export interface CellHistory {
  coreC: number[];
  surfaceC: number[];
  soc: number[];
  voltageV: number[];
  currentA: number[];
  reactionPowerW: number[];
  heatReleasedJ: number[];
  seiExtent: number[];
  anodeExtent: number[];
  cathodeExtent: number[];
  electrolyteExtent: number[];
}

/** One entry per whole simulated second since the start (t = 1, 2, …). */
export interface TruthHistory {
  tS: number[];
  airC: number[];
  roomC: number[];
  packCurrentA: number[];
  cells: CellHistory[];
}

export interface SimTruth {
  tS: number;
  /** Air around the cells (oven, chamber, enclosure or lab), °C. */
  airC: number;
  roomC: number;
  humidityPct: number;
  packCurrentA: number;
  cells: CellTruth[];
  history: TruthHistory;
  /** Physics substeps taken so far (the adaptive integrator's work). */
  substeps: number;
}

export interface CellLabels {
  /** GB 38031 onset on the cell's true surface temperature and terminal voltage (null: none so far). */
  onset: GbOnset | null;
  /**
   * When the cell's own decomposition heat alone reached 1 °C/s (see CellState.selfHeatingTrigger):
   * the calorimetric runaway trigger, independent of heaters, ovens and burning neighbours.
   */
  selfHeatingTrigger: { tS: number; coreC: number; surfaceC: number; meanC: number } | null;
  /** The cell's own chemistry has run away: over half of its available reaction heat is released. */
  thermalRunaway: boolean;
  /** Highest core and surface temperatures so far, °C. */
  peakCoreC: number;
  peakSurfaceC: number;
  /** Per recorded second (aligned with RunLabels.tS): runaway has begun (t ≥ onset). */
  runaway: boolean[];
  /**
   * Per recorded second: onset time minus t (s); negative after onset. `null` while no onset has
   * happened in this run: the cell did not run away within `horizonS` (right-censored).
   */
  timeToOnsetS: (number | null)[];
}

export interface RunLabels {
  /** Simulated seconds covered so far. */
  horizonS: number;
  /** The GB 38031 rule as applied (to the true surface temperature and terminal voltage at 1 Hz). */
  rule: GbRuleConfig;
  tS: number[];
  cells: CellLabels[];
}

export interface SimRigModel extends RigModel {
  readonly scenario: ScenarioInfo;
  readonly chemistry: ChemistryPreset;
  /** The scenario parameters this run drew (or was given). */
  readonly params: Readonly<Record<string, number>>;
  readonly timeS: number;
  truth(): SimTruth;
  labels(): RunLabels;
  /** The station's interlock: an open relay disconnects the string from the cycler. */
  setRelayOpen(open: boolean): void;
}

class PhysicsRig implements SimRigModel {
  readonly cellCount: number;
  readonly scenario: ScenarioInfo;
  readonly chemistry: ChemistryPreset;
  readonly params: Readonly<Record<string, number>>;
  private readonly b: BuiltScenario;
  private readonly record: boolean;
  private readonly history: TruthHistory;
  private readonly detectors: GbOnsetDetector[];
  private readonly labelTimes: number[] = [];
  private readonly runaway: boolean[][];
  private readonly timeToOnset: (number | null)[][];
  private readonly peakCore: number[];
  private readonly peakSurf: number[];
  private t = 0;
  private nextRecordS = 1;

  constructor(b: BuiltScenario, record: boolean) {
    this.b = b;
    this.record = record;
    this.cellCount = b.physics.n;
    this.scenario = b.info;
    this.chemistry = b.chemistry;
    this.params = b.params;
    const n = this.cellCount;
    this.history = {
      tS: [],
      airC: [],
      roomC: [],
      packCurrentA: [],
      cells: Array.from({ length: n }, () => ({
        coreC: [],
        surfaceC: [],
        soc: [],
        voltageV: [],
        currentA: [],
        reactionPowerW: [],
        heatReleasedJ: [],
        seiExtent: [],
        anodeExtent: [],
        cathodeExtent: [],
        electrolyteExtent: [],
      })),
    };
    this.detectors = b.physics.specs.map((s) => new GbOnsetDetector({ maxTempC: s.preset.maxOperatingC }));
    this.runaway = Array.from({ length: n }, () => []);
    this.timeToOnset = Array.from({ length: n }, () => []);
    this.peakCore = Array.from(b.physics.tCore);
    this.peakSurf = Array.from(b.physics.tSurf);
    b.program(0, 0);
  }

  get timeS(): number {
    return this.t;
  }

  step(dtS: number): void {
    if (!(dtS >= 0) || !Number.isFinite(dtS)) throw new Error(`step(dtS) needs a finite dtS ≥ 0, got ${dtS}`);
    const end = this.t + dtS;
    // Chunks end on whole seconds, so the truth log and the labels sample the same instants whatever
    // step size the caller uses.
    while (this.t < end - 1e-9) {
      const chunkEnd = Math.min(end, this.nextRecordS);
      const dt = chunkEnd - this.t;
      this.b.program(this.t, dt);
      this.b.physics.step(dt);
      this.b.sensors.advance(dt, this.b.physics.tSurf);
      this.t = chunkEnd;
      for (let i = 0; i < this.cellCount; i++) {
        this.peakCore[i] = Math.max(this.peakCore[i]!, this.b.physics.tCore[i]!);
        this.peakSurf[i] = Math.max(this.peakSurf[i]!, this.b.physics.tSurf[i]!);
      }
      if (Math.abs(this.t - this.nextRecordS) < 1e-9) {
        this.t = this.nextRecordS;
        this.recordSecond(this.nextRecordS);
        this.nextRecordS += 1;
      }
    }
  }

  sample(): RigSample {
    const ph = this.b.physics;
    const roomC = this.b.environment.roomC(this.t);
    return this.b.sensors.read({
      tS: this.t,
      surfaceC: ph.tSurf,
      terminalV: ph.cells.map((c) => c.terminalV),
      packCurrentA: ph.packCurrentA,
      ambientC: this.b.ambientSees === 'air' ? ph.airC : roomC,
      humidityPct: this.b.environment.humidityPct(this.t, roomC),
    });
  }

  setRelayOpen(open: boolean): void {
    this.b.physics.inputs.relayOpen = open;
  }

  truth(): SimTruth {
    const ph = this.b.physics;
    const roomC = this.b.environment.roomC(this.t);
    const cells: CellTruth[] = ph.cells.map((c, i) => {
      const spec = ph.specs[i]!;
      const heat = heatFromState(spec.kinetics, c.reactions);
      const rj = c.ledger.reactionJ;
      const shortOhm = Math.min(c.defectShortOhm, c.separatorCollapsed ? spec.hardShortOhm : Infinity);
      return {
        coreC: ph.tCore[i]!,
        surfaceC: ph.tSurf[i]!,
        probeC: this.b.sensors.probeTemp(i),
        soc: c.soc,
        ocvV: c.ocvV,
        voltageV: c.terminalV,
        currentA: c.cellCurrentA,
        shortCurrentA: c.shortCurrentA,
        internalShortOhm: Number.isFinite(shortOhm) ? shortOhm : null,
        reactionPowerW: c.reactionPowerW,
        electricalHeatW: c.electricalHeatW,
        extents: reactionExtents(spec.kinetics, c.reactions),
        heatReleasedJ: { ...rj, total: rj.sei + rj.anode + rj.cathode + rj.electrolyte },
        heatFromReactantsJ: heat,
        vented: c.vented,
        ventTimeS: c.ventTimeS,
        cidOpen: c.cidOpen,
        separatorCollapsed: c.separatorCollapsed,
        energy: {
          ...c.ledger,
          reactionJ: { ...rj },
          storedJ: ph.storedJ(i),
          residualJ: ph.ledgerResidualJ(i),
        },
      };
    });
    return {
      tS: this.t,
      airC: ph.airC,
      roomC,
      humidityPct: this.b.environment.humidityPct(this.t, roomC),
      packCurrentA: ph.packCurrentA,
      cells,
      history: this.history,
      substeps: ph.substeps,
    };
  }

  labels(): RunLabels {
    return {
      horizonS: this.t,
      rule: this.detectors[0]!.config,
      tS: this.labelTimes,
      cells: this.detectors.map((d, i) => ({
        onset: d.onset,
        selfHeatingTrigger: this.b.physics.cells[i]!.selfHeatingTrigger,
        thermalRunaway: this.ranAway(i),
        peakCoreC: this.peakCore[i]!,
        peakSurfaceC: this.peakSurf[i]!,
        runaway: this.runaway[i]!,
        timeToOnsetS: this.timeToOnset[i]!,
      })),
    };
  }

  private ranAway(i: number): boolean {
    const spec = this.b.physics.specs[i]!;
    const a = availableReactionHeatJ(spec.kinetics);
    const r = this.b.physics.cells[i]!.ledger.reactionJ;
    const released = r.sei + r.anode + r.cathode + r.electrolyte;
    return released > 0.5 * (a.sei + a.anode + a.cathode + a.electrolyte);
  }

  private recordSecond(tS: number): void {
    const ph = this.b.physics;
    if (this.record) this.labelTimes.push(tS);
    for (let i = 0; i < this.cellCount; i++) {
      const c = ph.cells[i]!;
      const d = this.detectors[i]!;
      const fired = d.push(tS, ph.tSurf[i]!, c.terminalV);
      if (!this.record) continue;
      const onset = d.onset;
      if (fired) {
        // Back-fill the time to onset of every earlier second now that the onset is known.
        const tto = this.timeToOnset[i]!;
        for (let k = 0; k < tto.length; k++) tto[k] = fired.onsetS - this.labelTimes[k]!;
      }
      this.runaway[i]!.push(onset !== null && tS >= onset.onsetS);
      this.timeToOnset[i]!.push(onset ? onset.onsetS - tS : null);
    }
    if (!this.record) return;
    const h = this.history;
    h.tS.push(tS);
    h.airC.push(ph.airC);
    h.roomC.push(this.b.environment.roomC(tS));
    h.packCurrentA.push(ph.packCurrentA);
    for (let i = 0; i < this.cellCount; i++) {
      const c = ph.cells[i]!;
      const spec = ph.specs[i]!;
      const hc = h.cells[i]!;
      const ext = reactionExtents(spec.kinetics, c.reactions);
      const rj = c.ledger.reactionJ;
      hc.coreC.push(ph.tCore[i]!);
      hc.surfaceC.push(ph.tSurf[i]!);
      hc.soc.push(c.soc);
      hc.voltageV.push(c.terminalV);
      hc.currentA.push(c.cellCurrentA);
      hc.reactionPowerW.push(c.reactionPowerW);
      hc.heatReleasedJ.push(rj.sei + rj.anode + rj.cathode + rj.electrolyte);
      hc.seiExtent.push(ext.sei);
      hc.anodeExtent.push(ext.anode);
      hc.cathodeExtent.push(ext.cathode);
      hc.electrolyteExtent.push(ext.electrolyte);
    }
  }
}

/**
 * Creates the simulated rig for a named scenario. Throws, listing the valid names, for an unknown
 * scenario or chemistry.
 */
export function createRigModel(scenario: string, opts: SimOptions): SimRigModel {
  return new PhysicsRig(buildScenario(scenario, opts), opts.recordHistory ?? true);
}
