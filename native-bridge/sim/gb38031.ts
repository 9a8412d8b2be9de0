/**
 * GB 38031-2020 thermal-runaway determination, as an online detector over a sampled trace: runaway is
 * declared when the temperature rise rate dT/dt ≥ 1 °C/s has been held for 3 s AND, at that moment,
 * either (a) the cell voltage has dropped by more than 25 % or (b) the temperature has reached the
 * maximum temperature.
 *
 * Choices the standard leaves to the implementer, fixed here and in README.md:
 *  - "Maximum temperature" is the manufacturer's maximum operating temperature of the cell (its
 *    datasheet's upper discharge limit, 60 °C for every preset), as the standard words criterion (b).
 *  - The voltage drop is measured against the highest voltage of the cell in the preceding 60 s. The
 *    standard's reference is the voltage at the start of the abuse test; a rolling reference keeps the
 *    criterion meaningful in sessions that cycle for hours before anything happens.
 *  - dT/dt is the difference quotient between consecutive samples (1 s apart in the simulator's truth
 *    log). The hold starts at the beginning of the first qualifying interval: with 1 s samples the rule
 *    fires at the end of the third consecutive second that rose by ≥ 1 °C.
 *  - The onset time is the moment the rule fires (what a GB monitor would report). The trigger time is
 *    the start of the hold, and the trigger temperature the temperature there: "the temperature at which
 *    dT/dt reached 1 °C/s", as the NREL Battery Failure Databank style statistics use it.
 *  - A missing sample (null) breaks the hold: a rule cannot claim 3 s of rise it did not see.
 */

export interface GbRuleConfig {
  maxTempC: number;
  voltageDropFraction: number;
  riseRateCPerS: number;
  holdS: number;
  voltageRefWindowS: number;
}

export const GB38031_DEFAULTS: Omit<GbRuleConfig, 'maxTempC'> = {
  voltageDropFraction: 0.25,
  riseRateCPerS: 1,
  holdS: 3,
  voltageRefWindowS: 60,
};

export interface GbOnset {
  /** Time the rule fired, s. */
  onsetS: number;
  /** Start of the held dT/dt ≥ 1 °C/s rise, s. */
  triggerS: number;
  triggerTempC: number;
  onsetTempC: number;
  voltageDrop: boolean;
  maxTemperature: boolean;
}

export class GbOnsetDetector {
  readonly config: GbRuleConfig;
  private prevT: number | null = null;
  private prevTemp: number | null = null;
  private holdStartS: number | null = null;
  private holdStartTemp = 0;
  private readonly vTimes: number[] = [];
  private readonly vValues: number[] = [];
  private head = 0;
  private result: GbOnset | null = null;

  constructor(config: Partial<GbRuleConfig> & { maxTempC: number }) {
    this.config = { ...GB38031_DEFAULTS, ...config };
  }

  get onset(): GbOnset | null {
    return this.result;
  }

  /** Feeds one sample; returns the onset the first time the rule fires, else null. */
  push(tS: number, tempC: number | null, voltageV: number | null): GbOnset | null {
    if (this.result) return null;
    const cfg = this.config;
    this.trackVoltage(tS, voltageV);

    if (tempC === null || !Number.isFinite(tempC)) {
      this.prevT = null;
      this.prevTemp = null;
      this.holdStartS = null;
      return null;
    }
    if (this.prevT !== null && this.prevTemp !== null && tS > this.prevT) {
      const rate = (tempC - this.prevTemp) / (tS - this.prevT);
      if (rate >= cfg.riseRateCPerS) {
        if (this.holdStartS === null) {
          this.holdStartS = this.prevT;
          this.holdStartTemp = this.prevTemp;
        }
      } else {
        this.holdStartS = null;
      }
    }
    this.prevT = tS;
    this.prevTemp = tempC;

    if (this.holdStartS !== null && tS - this.holdStartS >= cfg.holdS - 1e-9) {
      const vRef = this.maxVoltage();
      const voltageDrop =
        voltageV !== null && vRef !== null && vRef > 0 && voltageV < (1 - cfg.voltageDropFraction) * vRef;
      const maxTemperature = tempC >= cfg.maxTempC;
      if (voltageDrop || maxTemperature) {
        this.result = {
          onsetS: tS,
          triggerS: this.holdStartS,
          triggerTempC: this.holdStartTemp,
          onsetTempC: tempC,
          voltageDrop,
          maxTemperature,
        };
        return this.result;
      }
    }
    return null;
  }

  private trackVoltage(tS: number, v: number | null): void {
    if (v !== null && Number.isFinite(v)) {
      // Monotonic deque of (time, voltage): the front is the window's maximum.
      while (this.vValues.length > this.head && this.vValues[this.vValues.length - 1]! <= v) {
        this.vValues.pop();
        this.vTimes.pop();
      }
      this.vTimes.push(tS);
      this.vValues.push(v);
    }
    const from = tS - this.config.voltageRefWindowS;
    while (this.head < this.vTimes.length && this.vTimes[this.head]! < from) this.head++;
    if (this.head > 1024 && this.head * 2 > this.vTimes.length) {
      this.vTimes.splice(0, this.head);
      this.vValues.splice(0, this.head);
      this.head = 0;
    }
  }

  private maxVoltage(): number | null {
    return this.head < this.vValues.length ? this.vValues[this.head]! : null;
  }
}

export interface Trace {
  tS: readonly number[];
  tempC: readonly (number | null)[];
  voltageV: readonly (number | null)[];
}

/** Runs the detector over a whole trace. */
export function detectGbOnset(trace: Trace, config: Partial<GbRuleConfig> & { maxTempC: number }): GbOnset | null {
  const d = new GbOnsetDetector(config);
  for (let k = 0; k < trace.tS.length; k++) {
    const r = d.push(trace.tS[k]!, trace.tempC[k] ?? null, trace.voltageV[k] ?? null);
    if (r) return r;
  }
  return null;
}
