/**
 * The rig's cycler: CC-CV charge, rest, constant-current or pulse discharge, rest, and again; or a
 * charger that has lost its voltage regulation (overcharge). It drives the string current the physics
 * then limits by each cell's voltage window, as a real cycler's CV loop and cut-offs do.
 */
import type { ModulePhysics } from './module-physics.js';

export type CyclerPhase = 'charge' | 'rest-charged' | 'discharge' | 'rest-discharged' | 'uncontrolled-charge' | 'idle';

export interface CyclerConfig {
  capacityAh: number;
  vMax: number;
  vMin: number;
  chargeC: number;
  /** CV phase ends when the current tapers below this C-rate. */
  cutoffC: number;
  restS: number;
  /** Constant-current discharge C-rate, used when `pulses` is empty. */
  dischargeC: number;
  /** Pulse discharge: [C-rate, seconds] pairs repeated until the cut-off (0 C = a rest in between). */
  pulses: Array<[number, number]>;
  startPhase: CyclerPhase;
  /** `uncontrolled-charge`: the per-cell voltage the charger can still push to (its compliance). */
  complianceV?: number;
}

export class Cycler {
  readonly cfg: CyclerConfig;
  phase: CyclerPhase;
  private phaseStartS = 0;
  private pulseIndex = 0;
  private pulseLeftS = 0;
  /** The request that produced the physics' present current, to tell a cut-off from a pulse edge. */
  private lastRequestA = 0;
  cycles = 0;

  constructor(cfg: CyclerConfig) {
    this.cfg = cfg;
    this.phase = cfg.startPhase;
  }

  /** Sets the physics' current request and voltage limits for the next interval. */
  update(tS: number, phys: ModulePhysics, dtS: number): void {
    const c = this.cfg;
    const inp = phys.inputs;
    const iC = c.capacityAh;
    let vMinCell = Infinity;
    let vMaxCell = -Infinity;
    for (const cell of phys.cells) {
      if (cell.cidOpen) continue;
      vMinCell = Math.min(vMinCell, cell.terminalV);
      vMaxCell = Math.max(vMaxCell, cell.terminalV);
    }
    const inPhase = tS - this.phaseStartS;
    const actual = phys.packCurrentA;

    switch (this.phase) {
      case 'idle':
        inp.requestedCurrentA = 0;
        return;
      case 'uncontrolled-charge':
        inp.requestedCurrentA = -c.chargeC * iC;
        inp.chargeLimitV = c.complianceV ?? 6;
        inp.dischargeLimitV = c.vMin;
        return;
      case 'charge':
        inp.requestedCurrentA = -c.chargeC * iC;
        inp.chargeLimitV = c.vMax;
        inp.dischargeLimitV = c.vMin;
        if (inPhase > 30 && vMaxCell >= c.vMax - 0.01 && -actual < c.cutoffC * iC) this.enter('rest-charged', tS);
        return;
      case 'rest-charged':
      case 'rest-discharged':
        inp.requestedCurrentA = 0;
        if (inPhase >= c.restS) {
          if (this.phase === 'rest-charged') {
            this.enter('discharge', tS);
            this.pulseIndex = 0;
            this.pulseLeftS = 0;
          } else {
            this.cycles++;
            this.enter('charge', tS);
          }
        }
        return;
      case 'discharge': {
        inp.chargeLimitV = c.vMax;
        inp.dischargeLimitV = c.vMin;
        let rate = c.dischargeC;
        if (c.pulses.length > 0) {
          if (this.pulseLeftS <= 0) {
            const [, dur] = c.pulses[this.pulseIndex % c.pulses.length]!;
            this.pulseLeftS = dur;
          }
          rate = c.pulses[this.pulseIndex % c.pulses.length]![0];
          this.pulseLeftS -= dtS;
          if (this.pulseLeftS <= 0) this.pulseIndex++;
        }
        const limited = this.lastRequestA > 0 && inPhase > 5 && actual < 0.5 * this.lastRequestA;
        inp.requestedCurrentA = rate * iC;
        this.lastRequestA = inp.requestedCurrentA;
        if (vMinCell <= c.vMin + 0.005 || limited) {
          this.enter('rest-discharged', tS);
          inp.requestedCurrentA = 0;
        }
        return;
      }
    }
  }

  private enter(phase: CyclerPhase, tS: number): void {
    this.phase = phase;
    this.lastRequestA = 0;
    this.phaseStartS = tS;
  }
}
