/**
 * Rule-based safety for one cell, run on every reading and outranking the model. Pure: readings in,
 * findings out. Includes the GB 38031-2020 thermal-runaway criterion: (a voltage drop > 25 % OR the
 * maximum operating temperature reached) AND dT/dt ≥ 1 °C/s held for 3 s.
 */
import type { AlarmSeverity } from '../contract/index.js';
import { DEFAULT_LIMITS, type SafetyLimits } from './safety-limits.js';
import { WindowMax } from './window-max.js';

export interface SafetyFinding {
  code: 'T_WARN' | 'T_ALARM' | 'T_MAX' | 'V_LOW' | 'V_HIGH' | 'RISE' | 'RUNAWAY' | 'SENSOR';
  severity: AlarmSeverity;
  message: string;
}

/** What update() returns for a cell with nothing to report (most readings): one shared empty list. */
const NO_FINDINGS: readonly SafetyFinding[] = Object.freeze([]);

/** One bit per finding code: the set of codes that hold, kept without a Set per reading. */
export const CODE_BIT: Readonly<Record<SafetyFinding['code'], number>> = {
  T_WARN: 1,
  T_ALARM: 2,
  T_MAX: 4,
  V_LOW: 8,
  V_HIGH: 16,
  RISE: 32,
  RUNAWAY: 64,
  SENSOR: 128,
};

/** Window for the dT/dt slope: long enough to average NTC noise, short enough to react in seconds. */
const SLOPE_WINDOW_S = 3;
/** Voltage reference for the 25 % drop: the highest voltage of the last two minutes. */
const VREF_WINDOW_S = 120;

/**
 * The temperature points of the slope window, oldest first, in a ring of two typed arrays: no object per
 * reading and no Array.shift (a 10 ms rig keeps 300 points in 3 s). Points leave exactly as the array
 * version dropped them: the oldest while more than two are kept and it is over the window behind the
 * newest, in arrival order.
 */
class SlopePoints {
  private t = new Float64Array(64);
  private v = new Float64Array(64);
  private head = 0;
  count = 0;

  push(tS: number, tempC: number): void {
    if (this.count === this.t.length) this.grow();
    const cap = this.t.length;
    const i = (this.head + this.count) % cap;
    this.t[i] = tS;
    this.v[i] = tempC;
    this.count++;
    while (this.count > 2 && tS - this.t[this.head]! > SLOPE_WINDOW_S) {
      this.head = (this.head + 1) % cap;
      this.count--;
    }
  }

  private grow(): void {
    const cap = this.t.length;
    const t = new Float64Array(cap * 2);
    const v = new Float64Array(cap * 2);
    for (let k = 0; k < this.count; k++) {
      t[k] = this.t[(this.head + k) % cap]!;
      v[k] = this.v[(this.head + k) % cap]!;
    }
    this.t = t;
    this.v = v;
    this.head = 0;
  }

  /** Least-squares slope, summed oldest first like the array version, so the figures are the same. */
  slope(): number | null {
    const n = this.count;
    if (n < 3) return null;
    const cap = this.t.length;
    const t0 = this.t[this.head]!;
    const span = this.t[(this.head + n - 1) % cap]! - t0;
    if (span < SLOPE_WINDOW_S * 0.6) return null;
    let sx = 0,
      sy = 0,
      sxx = 0,
      sxy = 0;
    for (let k = 0, i = this.head; k < n; k++, i = i + 1 === cap ? 0 : i + 1) {
      const x = this.t[i]! - t0;
      const y = this.v[i]!;
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    const den = n * sxx - sx * sx;
    return den === 0 ? null : (n * sxy - sx * sy) / den;
  }
}

export class CellSafety {
  private readonly temps = new SlopePoints();
  /** Voltage reference for the 25 % drop rule, kept as a running max (see window-max.ts). */
  private readonly vRefWindow = new WindowMax(VREF_WINDOW_S);
  private riseSinceS: number | null = null;
  /** Codes that held on the previous reading (CODE_BIT), for the temperature hysteresis. */
  private activeMask = 0;
  /** Latched once the GB criterion fires: a runaway does not un-happen when the sensor melts. */
  private runaway = false;

  constructor(
    readonly label: string,
    private readonly limits: SafetyLimits = DEFAULT_LIMITS,
  ) {}

  /** dT/dt in °C/s by least squares over the slope window, or null with too few points. */
  riseRate(): number | null {
    return this.temps.slope();
  }

  isRunaway(): boolean {
    return this.runaway;
  }

  /** A temperature alarm holds at its threshold and, once on, until the hysteresis margin below it. */
  private tempHolds(codeBit: number, thresholdC: number, tempC: number): boolean {
    return tempC >= thresholdC || ((this.activeMask & codeBit) !== 0 && tempC > thresholdC - this.limits.clearMarginC);
  }

  /** Feeds one reading (device time in ms); returns every finding that currently holds. */
  update(tDevMs: number, tempC: number | null, voltageV: number | null): readonly SafetyFinding[] {
    const tS = tDevMs / 1000;
    const L = this.limits;
    const out: SafetyFinding[] = [];
    if (tempC !== null) this.temps.push(tS, tempC);
    if (voltageV !== null) this.vRefWindow.push(tS, voltageV);

    const rate = this.riseRate();
    if (rate !== null && rate >= L.riseRateCPerS) this.riseSinceS ??= tS;
    else this.riseSinceS = null;
    const riseHeld = this.riseSinceS !== null && tS - this.riseSinceS >= L.riseHoldS - 1e-9;

    const vRef = this.vRefWindow.max();
    const voltDropped = voltageV !== null && vRef > 0 && voltageV < vRef * (1 - L.voltDropFraction);
    const atMaxTemp = tempC !== null && tempC >= L.tempMaxC;
    if (riseHeld && (voltDropped || atMaxTemp)) this.runaway = true;

    if (this.runaway)
      out.push({
        code: 'RUNAWAY',
        severity: 'critical',
        message: `${this.label}: THERMAL RUNAWAY (GB 38031: ${voltDropped ? 'voltage drop > 25 %' : `temperature ≥ ${L.tempMaxC} °C`} with dT/dt ≥ ${L.riseRateCPerS} °C/s for ${L.riseHoldS} s)`,
      });
    if (tempC === null)
      out.push({
        code: 'SENSOR',
        severity: 'warning',
        message: `${this.label}: no temperature reading (sensor fault) — this cell is not monitored`,
      });
    else {
      if (this.tempHolds(CODE_BIT.T_MAX, L.tempMaxC, tempC))
        out.push({
          code: 'T_MAX',
          severity: 'critical',
          message: `${this.label}: ${tempC.toFixed(1)} °C, above the ${L.tempMaxC} °C maximum`,
        });
      else if (this.tempHolds(CODE_BIT.T_ALARM, L.tempAlarmC, tempC))
        out.push({
          code: 'T_ALARM',
          severity: 'alarm',
          message: `${this.label}: ${tempC.toFixed(1)} °C, above the ${L.tempAlarmC} °C limit`,
        });
      else if (this.tempHolds(CODE_BIT.T_WARN, L.tempWarnC, tempC))
        out.push({
          code: 'T_WARN',
          severity: 'warning',
          message: `${this.label}: ${tempC.toFixed(1)} °C, above ${L.tempWarnC} °C`,
        });
    }
    if (rate !== null && rate >= L.riseRateCPerS && !this.runaway)
      out.push({ code: 'RISE', severity: 'alarm', message: `${this.label}: heating at ${rate.toFixed(2)} °C/s` });
    if (voltageV !== null && voltageV < L.voltMinV)
      out.push({
        code: 'V_LOW',
        severity: 'alarm',
        message: `${this.label}: ${voltageV.toFixed(3)} V, below ${L.voltMinV} V`,
      });
    if (voltageV !== null && voltageV > L.voltMaxV)
      out.push({
        code: 'V_HIGH',
        severity: 'alarm',
        message: `${this.label}: ${voltageV.toFixed(3)} V, above ${L.voltMaxV} V (overcharge)`,
      });
    let mask = 0;
    for (const f of out) mask |= CODE_BIT[f.code];
    this.activeMask = mask;
    return out.length === 0 ? NO_FINDINGS : out;
  }
}
