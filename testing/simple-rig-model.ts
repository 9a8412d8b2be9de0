/**
 * A deliberately simple rig: cells cycled by a slow charge/discharge current, heated by I²R and cooled
 * to ambient, with sensor noise. The station runs the physics simulator (native-bridge/sim); this one
 * stays as a cheap, predictable fixture for store, history and transport tests that need frames, not physics.
 */
import type { RigModel, RigSample } from '../native-bridge/sim/rig-model.js';
import { Rng } from '../native-bridge/sim/prng.js';

export class SimpleRigModel implements RigModel {
  private tS = 0;
  private readonly rng: Rng;
  private readonly soc: number[];
  private readonly tempC: number[];
  private readonly offsets: number[];
  private relayOpen = false;

  constructor(
    readonly cellCount: number,
    seed = 1,
    private readonly ambientC = 23,
  ) {
    this.rng = new Rng(seed);
    this.soc = Array.from({ length: cellCount }, () => 0.8 + 0.05 * this.rng.next());
    this.tempC = Array.from({ length: cellCount }, () => ambientC + this.rng.next());
    this.offsets = Array.from({ length: cellCount }, () => 0.004 * this.rng.normal());
  }

  setRelayOpen(open: boolean): void {
    this.relayOpen = open;
  }

  private currentA(): number {
    if (this.relayOpen) return 0;
    // 40-minute cycle: 2 A discharge, then 1.5 A charge.
    return Math.sin((2 * Math.PI * this.tS) / 2400) >= 0 ? 2 : -1.5;
  }

  step(dtS: number): void {
    const i = this.currentA();
    for (let c = 0; c < this.cellCount; c++) {
      this.soc[c] = Math.min(1, Math.max(0, this.soc[c]! - (i * dtS) / (3.0 * 3600)));
      const heatW = i * i * 0.03;
      const dT = (heatW - 0.15 * (this.tempC[c]! - this.ambientC)) / 45;
      this.tempC[c]! += dT * dtS;
    }
    this.tS += dtS;
  }

  sample(): RigSample {
    const i = this.currentA();
    return {
      cellVoltageV: this.soc.map((s, c) => 3.0 + 1.2 * s - 0.03 * i + this.offsets[c]! + 0.001 * this.rng.normal()),
      cellTempC: this.tempC.map((t) => t + 0.05 * this.rng.normal()),
      packCurrentA: i + 0.01 * this.rng.normal(),
      ambientC: this.ambientC + 0.3 * Math.sin(this.tS / 900),
      humidityPct: 45 + 3 * Math.sin(this.tS / 1300),
      socPct: null,
      status: 0,
    };
  }
}
