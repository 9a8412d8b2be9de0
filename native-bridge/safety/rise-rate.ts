/**
 * The RISE alarm: a cell heating fast, told apart from a noisy probe. The runaway rule's criterion (c)
 * (runaway-onset.ts) takes dT/dt as a 1 s difference, as GB 38031 does, and only counts it beside a
 * voltage drop or the maximum temperature; on its own, a 1 s difference of a probe with 2 °C of noise
 * exceeds 1 °C/s about a third of the time, and three such seconds in a row come about every 20 s.
 * So RISE reads the heating rate as the least-squares slope over the last RISE_RULE.windowS and asks the
 * slope to clear the threshold by twice its own standard error (from the fit's residuals: the probe's
 * noise, measured, not assumed), held for holdS. A clean probe's standard error is a few mK/s, so the
 * rule then fires at the same 1 °C/s as before; a noisy one needs a rise its noise cannot make.
 *
 * Hysteresis, in step with the alarm book (which clears an alarm after its condition has been away for
 * its clear hold): once raised, RISE stays while the slope itself stays at or above clearRateCPerS, so
 * a rise that slows for a moment or a noisy reading does not drop it and raise it again.
 *
 * A missing reading or a clock that steps back (a reboot) empties the window: a rate across a gap is a
 * rate the rule did not see.
 */

import { ReadingRing } from './reading-ring.js';

export interface RiseRule {
  /** The heating rate the slope's lower bound must reach, °C/s. */
  riseRateCPerS: number;
  /** Standard errors the slope must clear the threshold by. */
  confidenceSe: number;
  /** Once raised, the alarm holds while the slope stays at or above this, °C/s. */
  clearRateCPerS: number;
  /** The fit's window, s. */
  windowS: number;
  /** The fit needs readings spanning at least this much of the window, s. */
  minSpanS: number;
  /** … and at least this many readings. */
  minReadings: number;
  /** The condition must hold this long before RISE is raised, s. */
  holdS: number;
  /** Readings further apart than this break the window (lost frames), s. */
  maxGapS: number;
}

export const RISE_RULE: Readonly<RiseRule> = Object.freeze({
  riseRateCPerS: 1,
  confidenceSe: 2,
  clearRateCPerS: 0.5,
  windowS: 10,
  minSpanS: 5,
  minReadings: 5,
  holdS: 3,
  maxGapS: 2.5,
});

/** Readings kept: a rig faster than 50 Hz fits over the newest RING readings (a shorter window). */
const RING = 512;

export interface SlopeFit {
  slopeCPerS: number;
  /** Standard error of the slope, °C/s (0 for a perfect line). */
  seCPerS: number;
}

/** Least-squares slope of the ring's readings and its standard error; null for fewer than 3 or no time span. */
export function fitSlope(ring: ReadingRing): SlopeFit | null {
  const n = ring.size;
  if (n < 3) return null;
  let mt = 0;
  let my = 0;
  for (let k = 0; k < n; k++) {
    mt += ring.t(k);
    my += ring.v(k);
  }
  mt /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let k = 0; k < n; k++) {
    const dt = ring.t(k) - mt;
    sxx += dt * dt;
    sxy += dt * (ring.v(k) - my);
  }
  if (!(sxx > 0)) return null;
  const slope = sxy / sxx;
  let sse = 0;
  for (let k = 0; k < n; k++) {
    const r = ring.v(k) - my - slope * (ring.t(k) - mt);
    sse += r * r;
  }
  return { slopeCPerS: slope, seCPerS: Math.sqrt(sse / (n - 2) / sxx) };
}

/** One cell's RISE rule, fed every reading (device time). */
export class RiseDetector {
  private readonly ring = new ReadingRing(RING);
  private lastTS = -Infinity;
  private fit: SlopeFit | null = null;
  private qualifyingSinceS: number | null = null;
  private raised = false;

  constructor(readonly rule: Readonly<RiseRule> = RISE_RULE) {}

  /** The newest fit, or null while the window is too short. */
  get slope(): SlopeFit | null {
    return this.fit;
  }

  /** RISE holds now. */
  get held(): boolean {
    return this.raised;
  }

  /** Feeds one reading; returns whether RISE holds. */
  push(tS: number, tempC: number | null): boolean {
    const r = this.rule;
    if (tempC === null || !Number.isFinite(tempC) || tS < this.lastTS || tS - this.lastTS > r.maxGapS) this.reset();
    if (tempC === null || !Number.isFinite(tempC)) return false;
    this.lastTS = tS;
    const ring = this.ring;
    ring.push(tS, tempC);
    while (ring.size > 1 && tS - ring.t(0) > r.windowS + 1e-9) ring.dropOldest();
    this.fit = ring.size >= r.minReadings && tS - ring.t(0) >= r.minSpanS - 1e-9 ? fitSlope(ring) : null;
    const f = this.fit;
    if (f === null) {
      this.qualifyingSinceS = null;
      this.raised = false;
      return false;
    }
    if (this.raised) {
      this.raised = f.slopeCPerS >= r.clearRateCPerS;
      if (!this.raised) this.qualifyingSinceS = null;
      return this.raised;
    }
    if (f.slopeCPerS - r.confidenceSe * f.seCPerS >= r.riseRateCPerS) this.qualifyingSinceS ??= tS;
    else this.qualifyingSinceS = null;
    this.raised = this.qualifyingSinceS !== null && tS - this.qualifyingSinceS >= r.holdS - 1e-9;
    return this.raised;
  }

  private reset(): void {
    this.ring.clear();
    this.fit = null;
    this.qualifyingSinceS = null;
    this.raised = false;
    this.lastTS = -Infinity;
  }
}
