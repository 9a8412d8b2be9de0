/**
 * The station's one definition of thermal-runaway onset, from what the sensors show: the safety layer's
 * RUNAWAY alarm, the risk model's labels (tools/dataset runs this detector over the decoded readings),
 * the evaluation (it reads the onsets the dataset wrote) and a session report's lead time (the RUNAWAY
 * alarm) all come from this file.
 *
 * GB 38031-2020, annex C (thermal propagation test), judges thermal runaway when (a) the voltage drops
 * by more than 25 % of the initial voltage, or (b) the monitored temperature reaches the maximum
 * operating temperature the manufacturer specifies, together with (c) a temperature rise rate
 * dT/dt ≥ 1 °C/s held for 3 s. The standard samples at 1 Hz or faster. What it leaves open is fixed here:
 *
 * - dT/dt is the difference quotient over the trailing RATE_SPAN_S (1 s): the newest reading against the
 *   newest one at least 1 s older. On a 1 Hz logger that is the consecutive difference; a 10 Hz rig
 *   gives the same figure for the same heating, and its noise is not divided by a 0.1 s step. A
 *   reference more than MAX_RATE_SPAN_S old (lost frames) gives no rate: the hold cannot claim a rise
 *   it did not see. A missing reading breaks the hold, and a clock that steps back (a reboot) starts it
 *   afresh.
 * - "Held for 3 s": from the start of the first qualifying interval, so at 1 Hz the rule fires at the end
 *   of the third consecutive second that rose by ≥ 1 °C.
 * - The "initial voltage" of (a) is the highest voltage of the last VOLTAGE_REF_WINDOW_S (120 s): a test
 *   on a bench may cycle for hours before anything happens, and a fixed start-of-session voltage would
 *   call every discharge a drop. No healthy cycle loses 25 % of its voltage within two minutes.
 * - (b) uses the cell's maximum operating temperature (its datasheet's discharge limit, 60 °C for the
 *   NMC, NCA and LFP cells the station knows); it is a parameter, because an LTO cell or another
 *   datasheet says otherwise.
 * - The onset is the moment the rule fires (what a GB monitor reports); the trigger is the start of the
 *   held rise. Once fired it stays fired: a runaway does not un-happen when the probe melts.
 */
import { ReadingRing } from './reading-ring.js';
import { WindowMax } from './window-max.js';

/** The safety finding (and alarm code) that reports an onset. */
export const RUNAWAY_CODE = 'RUNAWAY';

export interface OnsetRule {
  /** (b): the cell's maximum operating temperature, °C. */
  maxOperatingC: number;
  /** (a): a drop of more than this share of the reference voltage. */
  voltageDropFraction: number;
  /** Window of the reference voltage of (a), s. */
  voltageRefWindowS: number;
  /** (c): dT/dt at or above this, °C/s … */
  riseRateCPerS: number;
  /** … held this long, s. */
  riseHoldS: number;
  /** dT/dt is taken over this span, s. */
  rateSpanS: number;
  /** A reference reading older than this gives no rate (lost frames), s. */
  maxRateSpanS: number;
}

export const ONSET_RULE: Readonly<OnsetRule> = Object.freeze({
  maxOperatingC: 60,
  voltageDropFraction: 0.25,
  voltageRefWindowS: 120,
  riseRateCPerS: 1,
  riseHoldS: 3,
  rateSpanS: 1,
  maxRateSpanS: 2.5,
});

export interface Onset {
  /** When the rule fired, s of device time. */
  tS: number;
  /** Start of the held rise, s. */
  triggerS: number;
  tempC: number;
  /** Which of (a) and (b) held with (c). */
  criterion: 'voltage-drop' | 'max-temperature';
}

/** Readings kept for the rate: a rig faster than 250 Hz would outrun it and read no rate. */
const RING = 256;

/**
 * One cell's onset detector, fed every reading (any rate, device time). O(1) amortised per reading: a
 * ring of recent temperatures for the rate, a running maximum (window-max.ts) for the reference voltage.
 */
export class OnsetDetector {
  private readonly ring = new ReadingRing(RING);
  private lastTS = -Infinity;
  private holdStartS: number | null = null;
  private currentRate: number | null = null;
  private vRef: WindowMax;
  private fired: Onset | null = null;
  private dropped = false;
  private hot = false;

  /** Replaced, not edited, when the cell's chemistry changes (CellSafety.rejudge). */
  constructor(public rule: Readonly<OnsetRule> = ONSET_RULE) {
    this.vRef = new WindowMax(rule.voltageRefWindowS);
  }

  /** dT/dt of the newest reading, °C/s, or null (no reference reading in reach). */
  get rate(): number | null {
    return this.currentRate;
  }

  /** Criterion (c) holds now: the rise has been held for the full hold time. */
  get riseHeld(): boolean {
    return this.holdStartS !== null && this.lastTS - this.holdStartS >= this.rule.riseHoldS - 1e-9;
  }

  /** Criterion (a) on the newest reading. */
  get voltageDropped(): boolean {
    return this.dropped;
  }

  /** Criterion (b) on the newest reading. */
  get atMaxTemperature(): boolean {
    return this.hot;
  }

  get onset(): Onset | null {
    return this.fired;
  }

  /** Feeds one reading; returns the onset on the reading that fires the rule, else null. */
  push(tS: number, tempC: number | null, voltageV: number | null): Onset | null {
    const r = this.rule;
    if (tS < this.lastTS) this.restart();
    this.lastTS = tS;
    if (voltageV !== null && Number.isFinite(voltageV)) this.vRef.push(tS, voltageV);
    const ref = this.vRef.max();
    this.dropped = voltageV !== null && ref > 0 && voltageV < ref * (1 - r.voltageDropFraction);
    this.hot = tempC !== null && tempC >= r.maxOperatingC;
    if (tempC === null || !Number.isFinite(tempC)) {
      this.ring.clear();
      this.holdStartS = null;
      this.currentRate = null;
      return null;
    }
    this.remember(tS, tempC);
    const k = this.reference(tS);
    if (k < 0) {
      this.currentRate = null;
      this.holdStartS = null;
    } else {
      const t0 = this.ring.t(k);
      this.currentRate = (tempC - this.ring.v(k)) / (tS - t0);
      if (this.currentRate >= r.riseRateCPerS) this.holdStartS ??= t0;
      else this.holdStartS = null;
    }
    if (this.fired === null && this.riseHeld && (this.dropped || this.hot)) {
      this.fired = {
        tS,
        triggerS: this.holdStartS!,
        tempC,
        criterion: this.dropped ? 'voltage-drop' : 'max-temperature',
      };
      return this.fired;
    }
    return null;
  }

  private restart(): void {
    this.ring.clear();
    this.holdStartS = null;
    this.currentRate = null;
    this.vRef = new WindowMax(this.rule.voltageRefWindowS);
  }

  private remember(tS: number, tempC: number): void {
    const ring = this.ring;
    ring.push(tS, tempC);
    // Only the newest reading at least rateSpanS old can still serve as a reference: drop the ones before it.
    while (ring.size > 2 && tS - ring.t(1) >= this.rule.rateSpanS) ring.dropOldest();
  }

  /** Ring position of the newest reading at least rateSpanS older than tS within reach (the oldest), or −1. */
  private reference(tS: number): number {
    if (this.ring.size < 2) return -1;
    const age = tS - this.ring.t(0);
    return age >= this.rule.rateSpanS - 1e-9 && age <= this.rule.maxRateSpanS + 1e-9 ? 0 : -1;
  }
}

/** Runs the detector over a whole trace (1 value per time; null = missing): the onset, or null. */
export function detectOnset(
  tS: readonly number[],
  tempC: readonly (number | null)[],
  voltageV: readonly (number | null)[],
  rule: Readonly<OnsetRule> = ONSET_RULE,
): Onset | null {
  const d = new OnsetDetector(rule);
  for (let k = 0; k < tS.length; k++) {
    const o = d.push(tS[k]!, tempC[k] ?? null, voltageV[k] ?? null);
    if (o) return o;
  }
  return null;
}
