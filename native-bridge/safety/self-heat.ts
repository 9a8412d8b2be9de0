/**
 * The SELF_HEAT alarm: a cell heating by itself, before any limit is reached (issue 13: "warn from
 * self-heating, not from a threshold"). Its alarm is a warning (the banner, the tone); the class it holds
 * the cell at is Watch below the T_WARN line and Warning past it (ml/rule-floor.ts). A cell's heat balance is C·dT/dt = Q_internal + I²R − G·(T − T_amb)
 * (+ heat from a hotter neighbour). So when a cell is warmer than its air, heats faster than its air does,
 * and the cells beside it (same string current, same air) do not, the heat comes from inside it:
 * decomposition reactions, an internal short, or a heat source on it that the rig does not see (an oven
 * or a heater pad; both are on the way to a runaway, and the GB 38031 propagation test's heater is
 * exactly that). The rule reads the excess heating rate
 *
 *   excess = own LSQ slope − reference slope,
 *
 * where the reference is the median slope of the device's other cells (they carry the same current and
 * sit in the same air: their slope is what I²R and the ambient explain), or, on a one-cell rig, the
 * ambient probe's slope while the cell rests (no current: nothing but the air and itself can heat it).
 * A one-cell rig under current is not judged: its I²R depends on a resistance the station does not know.
 *
 * SELF_HEAT is raised when the excess, on both horizons (shortS, longS), clears minExcessCPerS by
 * confidenceSe standard errors of the fits (the probe's noise, measured from the fit's residuals, as
 * RISE does), the short excess has cleared it at now, now − stepS and now − 2·stepS without falling
 * below notFallingRatio of the one before, the cell is at least
 * minAboveAmbientC above its air, and no other cell of the device is warmer by more than
 * hotterNeighbourC (a cell warmed by a burning neighbour is propagation, not self-heating: RUNAWAY on the
 * neighbour already stands). It must hold for holdS. Once raised, it stays while the short excess stays
 * at or above clearExcessCPerS (hysteresis in step with the alarm book's clear hold).
 *
 * Why these values (1 Hz NTC/thermocouple rigs, 18650 to prismatic):
 * - minExcessCPerS 0.02 °C/s (1.2 °C/min): a healthy cell's rate differs from its neighbours' by a few
 *   mK/s (contact, position in the air flow); an aged cell with several times the resistance at a 2–3 C
 *   pulse stays under it once compared with the string; an oven or a self-heating cell before its knee
 *   runs at 0.05–0.3 °C/s (Hatchard 2001 oven tests; ARC's 0.02 °C/min onset is far below what a probe
 *   at 0.1 °C resolution can see in a minute).
 * - shortS 60 s, longS 180 s: long enough that one probe step or a frame's noise moves the slope little
 *   (a 2 °C step inside the short window adds ~0.05 °C/s, but only while it sits inside, and the long
 *   window must agree); short enough to leave minutes before the knee.
 * - holdS 30 s, notFallingRatio 0.95 over stepS 60 s: a rate step (a current step, a fan failing) lifts
 *   the short slope for a while, never keeps a heating rate up that nothing drives; a passive warm-up
 *   toward a fixed air temperature decays, so its excess falls from one step to the next.
 * - Gaps: readings further apart than maxGapS or a clock that steps back (a reboot) empty the windows:
 *   a slope across a gap is a slope the rule did not see, and a new boot needs longS of history again.
 *
 * Measured (rules alone, the false-alarm sets of fresh seeds 75001–75005, 2,021 cell-h of cells without
 * an onset): Warning+ episodes 249 before and 249 after (123.2 per 1000 cell-h; SELF_HEAT held 16 times on
 * such cells, oven and benign internal-short cells, each inside an episode a limit rule had opened);
 * normal cycling, high ambient, cooling failure and sensor faults: none. It moved the first Warning
 * earlier in 5 of 138 runaways (oven 1799 → 2392 s, 1649 → 2334, 1354 → 1910; internal short 691 → 1152,
 * 1349 → 1753); in a pre-heated oven the oven pushes the cell through 60 °C before any self-heating, so
 * T_ALARM comes first there and SELF_HEAT cannot add a Warning before it.
 */
import { fitSlope } from './rise-rate.js';
import { ReadingRing } from './reading-ring.js';
import { medianLeavingOut } from './sorted-median.js';

export interface SelfHeatRule {
  /** The excess heating rate both horizons' lower bounds must reach, °C/s. */
  minExcessCPerS: number;
  /** Standard errors (of the cell's fit and the reference's, combined) the excess must clear it by. */
  confidenceSe: number;
  /** The short and the long fit window, s. */
  shortS: number;
  longS: number;
  /**
   * "Not falling": the short excess now must be at least this share of itself stepS ago, and that of
   * itself 2·stepS ago, each of the three clearing the threshold.
   */
  notFallingRatio: number;
  stepS: number;
  /** The cell must be this much warmer than its air, °C. */
  minAboveAmbientC: number;
  /** Another cell of the device warmer than this by more than this: not judged, °C. */
  hotterNeighbourC: number;
  /** A one-cell rig is judged only at rest: |pack current| at most this, A. */
  restCurrentA: number;
  /** The condition must hold this long before SELF_HEAT is raised, s. */
  holdS: number;
  /** Once raised, it holds while the short excess stays at or above this, °C/s. */
  clearExcessCPerS: number;
  /** Readings further apart than this break the windows (lost frames), s. */
  maxGapS: number;
}

export const SELF_HEAT_RULE: Readonly<SelfHeatRule> = Object.freeze({
  minExcessCPerS: 0.02,
  confidenceSe: 2,
  shortS: 60,
  longS: 180,
  notFallingRatio: 0.95,
  stepS: 60,
  minAboveAmbientC: 5,
  hotterNeighbourC: 2,
  restCurrentA: 0.1,
  holdS: 30,
  clearExcessCPerS: 0.01,
  maxGapS: 5,
});

/** One sample a second at most is kept: a 50 Hz rig costs the same as a 1 Hz one. */
const MIN_STEP_S = 0.999;
/** 1 Hz over the long window and a margin. */
const RING = 256;

/** A fitted slope and its standard error, °C/s. */
interface Rate {
  slope: number;
  se: number;
}

/** One channel's readings (a cell's probe or the air's) thinned to ≤ 1 Hz over the long window. */
class RateWindow {
  private readonly ring = new ReadingRing(RING);
  private lastTS = -Infinity;
  private readonly part = new ReadingRing(RING);
  /**
   * The fits since the window last changed, by span: at 10 Hz nine frames in ten add no sample (≤ 1 Hz
   * kept), and each frame asks every cell's fit again for its neighbours' reference.
   */
  private readonly fits = new Map<number, Rate | null>();

  clear(): void {
    this.ring.clear();
    this.lastTS = -Infinity;
    this.fits.clear();
  }

  get newest(): number | null {
    return this.ring.size === 0 ? null : this.ring.v(this.ring.size - 1);
  }

  /** Feeds one reading; a gap, a clock stepping back or a missing value empties the window first. */
  push(tS: number, v: number | null, rule: Readonly<SelfHeatRule>): void {
    if (v === null || !Number.isFinite(v) || tS < this.lastTS || tS - this.lastTS > rule.maxGapS) this.clear();
    if (v === null || !Number.isFinite(v)) return;
    if (tS - this.lastTS < MIN_STEP_S) return;
    this.lastTS = tS;
    this.fits.clear();
    this.ring.push(tS, v);
    while (this.ring.size > 1 && tS - this.ring.t(0) > rule.longS + 1e-9) this.ring.dropOldest();
  }

  /** The slope over the newest spanS, or null while the window does not span it (90 %). */
  rate(spanS: number): Rate | null {
    let r = this.fits.get(spanS);
    if (r === undefined) this.fits.set(spanS, (r = this.fit(spanS)));
    return r;
  }

  private fit(spanS: number): Rate | null {
    const n = this.ring.size;
    if (n < 3) return null;
    const tEnd = this.ring.t(n - 1);
    if (tEnd - this.ring.t(0) < 0.9 * spanS) return null;
    const p = this.part;
    p.clear();
    for (let k = 0; k < n; k++) if (tEnd - this.ring.t(k) <= spanS + 1e-9) p.push(this.ring.t(k), this.ring.v(k));
    const f = fitSlope(p);
    return f === null ? null : { slope: f.slopeCPerS, se: f.seCPerS };
  }
}

/** One cell's windows: its probe and its air. */
export class SelfHeatCell {
  readonly temp = new RateWindow();
  readonly air = new RateWindow();
  private sinceS: number | null = null;
  private raised = false;
  /** The short excess and its lower bound (excess − confidenceSe·SE) at each judged second. */
  private readonly pastExcess = new ReadingRing(RING);
  private readonly pastLower = new ReadingRing(RING);
  /** The newest short and long excess, °C/s, for the message and the tests. */
  excessShort: number | null = null;
  excessLong: number | null = null;

  get held(): boolean {
    return this.raised;
  }

  /** Feeds one reading's channels. */
  push(tS: number, tempC: number | null, ambientC: number | null, rule: Readonly<SelfHeatRule>): void {
    this.temp.push(tS, tempC, rule);
    this.air.push(tS, ambientC, rule);
  }

  /** Records the short excess judged at tS (null: not judged, which breaks the record). */
  record(tS: number, excess: number | null, lower: number | null, rule: Readonly<SelfHeatRule>): void {
    const n = this.pastExcess.size;
    if (
      excess === null ||
      lower === null ||
      (n > 0 && (tS < this.pastExcess.t(n - 1) || tS - this.pastExcess.t(n - 1) > rule.maxGapS))
    ) {
      this.pastExcess.clear();
      this.pastLower.clear();
    }
    if (excess === null || lower === null) return;
    const m = this.pastExcess.size;
    if (m > 0 && tS - this.pastExcess.t(m - 1) < MIN_STEP_S) return;
    this.pastExcess.push(tS, excess);
    this.pastLower.push(tS, lower);
    while (this.pastExcess.size > 1 && tS - this.pastExcess.t(0) > 2 * rule.stepS + rule.maxGapS) {
      this.pastExcess.dropOldest();
      this.pastLower.dropOldest();
    }
  }

  /** The short excess has cleared the threshold and not fallen at tS − 2·stepS, tS − stepS and tS. */
  climbing(tS: number, rule: Readonly<SelfHeatRule>): boolean {
    // Asked of every cell every frame: indices, not arrays of them (issue 17, allocation).
    const k0 = this.indexAt(tS, 2 * rule.stepS, rule);
    const k1 = this.indexAt(tS, rule.stepS, rule);
    const k2 = this.indexAt(tS, 0, rule);
    if (k0 < 0 || k1 < 0 || k2 < 0) return false;
    const e = this.pastExcess;
    const lo = this.pastLower;
    return (
      lo.v(k0) >= rule.minExcessCPerS &&
      lo.v(k1) >= rule.minExcessCPerS &&
      lo.v(k2) >= rule.minExcessCPerS &&
      e.v(k1) >= rule.notFallingRatio * e.v(k0) &&
      e.v(k2) >= rule.notFallingRatio * e.v(k1)
    );
  }

  /** The newest record at or before tS − back (half a second's slack), or −1 when it is missing or stale. */
  private indexAt(tS: number, back: number, rule: Readonly<SelfHeatRule>): number {
    const ring = this.pastExcess;
    for (let k = ring.size - 1; k >= 0; k--)
      if (ring.t(k) <= tS - back + 0.5) return tS - back - ring.t(k) <= rule.maxGapS ? k : -1;
    return -1;
  }

  /** Decides this reading: `ok` when the condition holds now, and the excess it was judged on. */
  decide(
    tS: number,
    ok: boolean,
    excessShort: number | null,
    excessLong: number | null,
    rule: Readonly<SelfHeatRule>,
  ): boolean {
    this.excessShort = excessShort;
    this.excessLong = excessLong;
    if (this.raised) {
      this.raised = excessShort !== null && excessShort >= rule.clearExcessCPerS;
      if (!this.raised) this.sinceS = null;
      return this.raised;
    }
    if (ok) this.sinceS ??= tS;
    else this.sinceS = null;
    this.raised = this.sinceS !== null && tS - this.sinceS >= rule.holdS - 1e-9;
    return this.raised;
  }

  reset(): void {
    this.temp.clear();
    this.air.clear();
    this.sinceS = null;
    this.raised = false;
    this.excessShort = this.excessLong = null;
    this.pastExcess.clear();
    this.pastLower.clear();
  }
}

export interface SelfHeatInput {
  tempC: number | null;
  ambientC: number | null;
  currentA: number | null;
}

/**
 * One device's cells, judged together (each cell's reference is its neighbours). Feed one frame's
 * readings (every cell at one device time); returns, per cell in the order given, whether SELF_HEAT holds.
 */
export class SelfHeatModule {
  private readonly cells = new Map<number, SelfHeatCell>();
  private lastTS = -Infinity;
  private frame = new FrameScratch(16);

  constructor(readonly rule: Readonly<SelfHeatRule> = SELF_HEAT_RULE) {}

  cell(cell: number): SelfHeatCell | undefined {
    return this.cells.get(cell);
  }

  update(tS: number, readings: readonly (SelfHeatInput & { cell: number })[]): boolean[] {
    const r = this.rule;
    if (tS < this.lastTS) for (const c of this.cells.values()) c.reset();
    this.lastTS = tS;
    const n = readings.length;
    const f = this.frameOf(n);
    // One pass gathers the frame: each cell's fits, its temperature, the device's two hottest cells and
    // the sorted fits of the cells that have both (their medians are every other cell's reference).
    let ref = 0;
    let top1 = -Infinity;
    let top1At = -1;
    let top2 = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = readings[i]!;
      let c = this.cells.get(x.cell);
      if (!c) this.cells.set(x.cell, (c = new SelfHeatCell()));
      c.push(tS, x.tempC, x.ambientC, r);
      f.own[i] = c;
      const s = (f.short[i] = c.temp.rate(r.shortS));
      const l = (f.long[i] = c.temp.rate(r.longS));
      const t = x.tempC === null ? null : c.temp.newest;
      f.hasTemp[i] = t === null ? 0 : 1;
      f.temp[i] = t ?? NaN;
      if (t !== null) {
        if (t > top1) {
          top2 = top1;
          top1 = t;
          top1At = i;
        } else if (t > top2) top2 = t;
      }
      if (s !== null && l !== null) {
        f.shortSlope[ref] = s.slope;
        f.shortSe[ref] = s.se;
        f.longSlope[ref] = l.slope;
        f.longSe[ref] = l.se;
        ref++;
      }
    }
    f.shortSlope.subarray(0, ref).sort();
    f.shortSe.subarray(0, ref).sort();
    f.longSlope.subarray(0, ref).sort();
    f.longSe.subarray(0, ref).sort();
    const out = new Array<boolean>(n);
    for (let i = 0; i < n; i++) {
      const c = f.own[i]!;
      const x = readings[i]!;
      const s = f.short[i] ?? null;
      const l = f.long[i] ?? null;
      const isRef = s !== null && l !== null;
      let refShort: number;
      let refShortSe: number;
      let refLong: number;
      let refLongSe: number;
      if (ref - (isRef ? 1 : 0) > 0) {
        // The median, not the mean: one other cell heating (or a faulty probe) does not move it.
        refShort = medianLeavingOut(f.shortSlope, ref, isRef, s?.slope ?? NaN);
        refShortSe = medianLeavingOut(f.shortSe, ref, isRef, s?.se ?? NaN);
        refLong = medianLeavingOut(f.longSlope, ref, isRef, l?.slope ?? NaN);
        refLongSe = medianLeavingOut(f.longSe, ref, isRef, l?.se ?? NaN);
      } else if (x.currentA !== null && Math.abs(x.currentA) <= r.restCurrentA) {
        const as = c.air.rate(r.shortS);
        const al = c.air.rate(r.longS);
        refShort = as?.slope ?? NaN;
        refShortSe = as?.se ?? NaN;
        refLong = al?.slope ?? NaN;
        refLongSe = al?.se ?? NaN;
        if (as === null || al === null) refShort = refLong = NaN;
      } else refShort = refShortSe = refLong = refLongSe = NaN;
      // NaN marks "no reference" here: a fit never has a NaN slope (fitSlope returns null instead).
      if (s === null || l === null || Number.isNaN(refShort) || Number.isNaN(refLong) || f.hasTemp[i] === 0) {
        c.record(tS, null, null, r);
        out[i] = c.decide(tS, false, null, null, r);
        continue;
      }
      const eS = s.slope - refShort;
      const eL = l.slope - refLong;
      const seS = Math.hypot(s.se, refShortSe);
      const seL = Math.hypot(l.se, refLongSe);
      c.record(tS, eS, eS - r.confidenceSe * seS, r);
      const t = f.temp[i]!;
      const air = x.ambientC;
      const hottestOther = i === top1At ? top2 : top1;
      const ok =
        c.climbing(tS, r) &&
        eL - r.confidenceSe * seL >= r.minExcessCPerS &&
        air !== null &&
        t - air >= r.minAboveAmbientC &&
        !(hottestOther - t > r.hotterNeighbourC);
      out[i] = c.decide(tS, ok, eS, eL, r);
    }
    return out;
  }

  /** The frame's scratch arrays, grown to the largest frame seen and reused (issue 17: allocation). */
  private frameOf(n: number): FrameScratch {
    if (this.frame.own.length < n) this.frame = new FrameScratch(Math.max(n, 2 * this.frame.own.length));
    return this.frame;
  }
}

/** One frame's working set: per cell its fits and temperature, and the sorted fits of the reference cells. */
class FrameScratch {
  readonly own: (SelfHeatCell | undefined)[];
  readonly short: (Rate | null)[];
  readonly long: (Rate | null)[];
  readonly temp: Float64Array;
  readonly hasTemp: Uint8Array;
  readonly shortSlope: Float64Array;
  readonly shortSe: Float64Array;
  readonly longSlope: Float64Array;
  readonly longSe: Float64Array;

  constructor(n: number) {
    this.own = new Array<SelfHeatCell | undefined>(n).fill(undefined);
    this.short = new Array<Rate | null>(n).fill(null);
    this.long = new Array<Rate | null>(n).fill(null);
    this.temp = new Float64Array(n);
    this.hasTemp = new Uint8Array(n);
    this.shortSlope = new Float64Array(n);
    this.shortSe = new Float64Array(n);
    this.longSlope = new Float64Array(n);
    this.longSe = new Float64Array(n);
  }
}
