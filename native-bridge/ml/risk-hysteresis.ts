/**
 * Keeps one cell's shown risk class from flickering: a higher class is shown at once (a late alarm
 * costs more than a false one), a lower class only after the model has stayed at or below it for
 * `holdMs` of device time. Device time, not wall time, so a replay at 1000× de-escalates after the
 * same recorded seconds as the live run did. Pure: classes and times in, class out.
 */

export const DEFAULT_HOLD_MS = 10_000;

export class RiskHysteresis {
  private shown: number | null = null;
  /** Device time the raw class first fell below the shown one, and the highest raw class since. */
  private lowSinceMs: number | null = null;
  private lowMax = 0;
  private lastMs: number | null = null;

  constructor(private readonly holdMs = DEFAULT_HOLD_MS) {
    if (!(holdMs >= 0)) throw new RangeError(`holdMs must be ≥ 0, got ${holdMs}`);
  }

  /** Feeds the model's class at device time `tMs`; returns the class to show. */
  update(rawClass: number, tMs: number): number {
    // A device that rebooted restarts its clock: the hold would never end, so start over from this run.
    if (this.lastMs !== null && tMs < this.lastMs) this.lowSinceMs = null;
    this.lastMs = tMs;
    if (this.shown === null || rawClass >= this.shown) {
      this.shown = Math.max(this.shown ?? rawClass, rawClass);
      this.lowSinceMs = null;
      return this.shown;
    }
    if (this.lowSinceMs === null) {
      this.lowSinceMs = tMs;
      this.lowMax = rawClass;
    } else this.lowMax = Math.max(this.lowMax, rawClass);
    if (tMs - this.lowSinceMs >= this.holdMs) {
      this.shown = this.lowMax;
      // Still lower than the new class: the next step down needs its own full hold.
      this.lowSinceMs = rawClass < this.shown ? tMs : null;
      this.lowMax = rawClass;
    }
    return this.shown;
  }

  get current(): number | null {
    return this.shown;
  }
}
