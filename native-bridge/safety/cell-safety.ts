/**
 * Rule-based safety for one cell, run on every reading and outranking the model. Pure: readings in,
 * findings out. The RUNAWAY finding is the station's one onset definition (runaway-onset.ts: GB 38031
 * annex C on the sensor readings); RISE is a held heating rate of 1 °C/s that the probe's noise cannot
 * explain (rise-rate.ts); the limits are the cell's own (safety-limits.ts: its chemistry's window).
 */
import type { AlarmSeverity } from '../contract/index.js';
import { ONSET_RULE, OnsetDetector, type OnsetRule } from './runaway-onset.js';
import { RISE_RULE, RiseDetector, type RiseRule } from './rise-rate.js';
import { DEFAULT_LIMITS, type SafetyLimits } from './safety-limits.js';

export interface SafetyFinding {
  code: 'T_WARN' | 'T_ALARM' | 'T_MAX' | 'V_LOW' | 'V_HIGH' | 'RISE' | 'RUNAWAY' | 'SENSOR' | 'SELF_HEAT';
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
  /** Raised by the module-wide self-heating rule (self-heat.ts), not by CellSafety. */
  SELF_HEAT: 256,
};

/**
 * A voltage limit held for a delay: raised once the reading has stayed beyond `beyond` for holdS, and
 * cleared once it is back inside the cell's window (`inside`), so a reading sitting on the raise line
 * does not raise and clear it every second.
 */
class HeldLimit {
  private sinceS: number | null = null;
  raised = false;

  update(tS: number, beyond: boolean, inside: boolean, holdS: number): boolean {
    if (this.raised) {
      if (inside) this.reset();
      return this.raised;
    }
    if (!beyond) {
      this.sinceS = null;
      return false;
    }
    this.sinceS ??= tS;
    this.raised = tS - this.sinceS >= holdS - 1e-9;
    return this.raised;
  }

  reset(): void {
    this.sinceS = null;
    this.raised = false;
  }
}

/**
 * A temperature limit with a clear hysteresis: raised at the threshold, cleared only once the reading
 * has stayed at or below the threshold minus the margin for the hold. A hot, stable cell hovering on its
 * limit with a noisy probe dips under the margin for a second now and then; without the hold each dip
 * ended the finding, the alarm cleared and the next reading over the limit raised a new one.
 */
class TempLatch {
  private belowSinceS: number | null = null;
  active = false;

  update(tS: number, tempC: number, thresholdC: number, marginC: number, holdS: number): boolean {
    if (tempC >= thresholdC) {
      this.active = true;
      this.belowSinceS = null;
    } else if (this.active) {
      if (tempC > thresholdC - marginC) this.belowSinceS = null;
      else {
        this.belowSinceS ??= tS;
        if (tS - this.belowSinceS >= holdS - 1e-9) this.reset();
      }
    }
    return this.active;
  }

  reset(): void {
    this.belowSinceS = null;
    this.active = false;
  }
}

export class CellSafety {
  private readonly onset: OnsetDetector;
  private readonly rise: RiseDetector;
  private readonly vLow = new HeldLimit();
  private readonly vHigh = new HeldLimit();
  private readonly tMax = new TempLatch();
  private readonly tAlarm = new TempLatch();
  private readonly tWarn = new TempLatch();
  private lastTS = -Infinity;

  constructor(
    readonly label: string,
    /** The cell's own limits (its chemistry's window), which the UI colours values against too. */
    private ownLimits: Readonly<SafetyLimits> = DEFAULT_LIMITS,
    onsetRule: Readonly<OnsetRule> = ONSET_RULE,
    riseRule: Readonly<RiseRule> = RISE_RULE,
  ) {
    this.onset = new OnsetDetector(onsetRule);
    this.rise = new RiseDetector(riseRule);
  }

  get limits(): Readonly<SafetyLimits> {
    return this.ownLimits;
  }

  /**
   * Judges the cell by new limits from its next reading on (the operator corrected the session's
   * chemistry or window mid-run), keeping what the rules have seen: a held rise or a latched
   * temperature alarm does not start over because a number changed.
   */
  rejudge(limits: Readonly<SafetyLimits>, maxOperatingC: number): void {
    this.ownLimits = limits;
    this.onset.rule = { ...this.onset.rule, maxOperatingC };
  }

  /** dT/dt in °C/s as the onset rule measures it, or null without a reference reading. */
  riseRate(): number | null {
    return this.onset.rate;
  }

  /** The RISE rule's fitted heating rate, °C/s, or null while its window is too short. */
  fittedRiseRate(): number | null {
    return this.rise.slope?.slopeCPerS ?? null;
  }

  isRunaway(): boolean {
    return this.onset.onset !== null;
  }

  /** Which criterion fired with the held rise, once the runaway rule has fired. */
  onsetCriterion(): 'voltage-drop' | 'max-temperature' | null {
    return this.onset.onset?.criterion ?? null;
  }

  /** Feeds one reading (device time in ms); returns every finding that currently holds. */
  update(tDevMs: number, tempC: number | null, voltageV: number | null): readonly SafetyFinding[] {
    const L = this.limits;
    const out: SafetyFinding[] = [];
    const d = this.onset;
    const tS = tDevMs / 1000;
    d.push(tS, tempC, voltageV);
    const rising = this.rise.push(tS, tempC);
    const fired = d.onset;
    const rule = d.rule;
    if (tS < this.lastTS || voltageV === null || !Number.isFinite(voltageV)) {
      this.vLow.reset();
      this.vHigh.reset();
    }
    if (tS < this.lastTS || tempC === null || !Number.isFinite(tempC))
      for (const l of [this.tMax, this.tAlarm, this.tWarn]) l.reset();
    this.lastTS = tS;

    if (fired)
      out.push({
        code: 'RUNAWAY',
        severity: 'critical',
        message: `${this.label}: THERMAL RUNAWAY (GB 38031: ${fired.criterion === 'voltage-drop' ? `voltage drop > ${rule.voltageDropFraction * 100} %` : `temperature ≥ ${rule.maxOperatingC} °C`} with dT/dt ≥ ${rule.riseRateCPerS} °C/s for ${rule.riseHoldS} s)`,
      });
    if (tempC === null)
      out.push({
        code: 'SENSOR',
        severity: 'warning',
        message: `${this.label}: no temperature reading (sensor fault) — this cell is not monitored`,
      });
    else {
      // Every latch follows its own limit, so T_ALARM still stands when T_MAX below it clears.
      const m = L.clearMarginC;
      const h = L.tempClearHoldS;
      const overMax = this.tMax.update(tS, tempC, L.tempMaxC, m, h);
      const overAlarm = this.tAlarm.update(tS, tempC, L.tempAlarmC, m, h);
      const overWarn = this.tWarn.update(tS, tempC, L.tempWarnC, m, h);
      if (overMax)
        out.push({
          code: 'T_MAX',
          severity: 'critical',
          message: `${this.label}: ${tempC.toFixed(1)} °C, above the ${L.tempMaxC} °C maximum`,
        });
      else if (overAlarm)
        out.push({
          code: 'T_ALARM',
          severity: 'alarm',
          message: `${this.label}: ${tempC.toFixed(1)} °C, above the ${L.tempAlarmC} °C limit`,
        });
      else if (overWarn)
        out.push({
          code: 'T_WARN',
          severity: 'warning',
          message: `${this.label}: ${tempC.toFixed(1)} °C, above ${L.tempWarnC} °C`,
        });
    }
    if (rising && !fired)
      out.push({
        code: 'RISE',
        severity: 'alarm',
        message: `${this.label}: heating at ${this.rise.slope!.slopeCPerS.toFixed(2)} °C/s (over ${this.rise.rule.windowS} s) for ${this.rise.rule.holdS} s or more`,
      });
    if (voltageV !== null && Number.isFinite(voltageV)) {
      const lowLine = L.voltMinV - L.voltLowMarginV;
      if (this.vLow.update(tS, voltageV < lowLine, voltageV >= L.voltMinV, L.voltLowHoldS))
        out.push({
          code: 'V_LOW',
          severity: 'alarm',
          message: `${this.label}: ${voltageV.toFixed(3)} V, below the cell's ${L.voltMinV} V cut-off (under ${lowLine.toFixed(2)} V for ${L.voltLowHoldS} s)`,
        });
      const highLine = L.voltMaxV + L.voltHighMarginV;
      if (this.vHigh.update(tS, voltageV > highLine, voltageV <= L.voltMaxV, L.voltHighHoldS))
        out.push({
          code: 'V_HIGH',
          severity: 'alarm',
          message: `${this.label}: ${voltageV.toFixed(3)} V, above the cell's ${L.voltMaxV} V charge limit (overcharge)`,
        });
    }
    return out.length === 0 ? NO_FINDINGS : out;
  }
}
