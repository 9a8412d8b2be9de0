/**
 * A time window of (t, value) samples for the feature tracker: a growable ring addressed by absolute
 * sample numbers, so cursors (the oldest sample inside a horizon) and the max-deque stay valid while old
 * samples are evicted. Every operation is O(1) amortised: each sample enters and leaves the ring, each
 * cursor and the deque, at most once.
 */

export class SampleWindow {
  private t: Float64Array;
  private v: Float64Array;
  private mask: number;
  /** Absolute number of the oldest kept sample and one past the newest. */
  private start = 0;
  private end = 0;
  private readonly cursorSpansMs: number[];
  private readonly cursors: number[];
  /** Absolute sample numbers with decreasing values: the front is the window's maximum. */
  private maxDeque: Int32Array | null;
  private dqHead = 0;
  private dqTail = 0;
  private sum = 0;

  /**
   * @param spanMs samples older than newest − spanMs are evicted
   * @param cursorSpansMs horizons whose oldest in-window sample is tracked (for rates)
   * @param trackMax keep a running maximum over the whole span
   */
  constructor(
    readonly spanMs: number,
    cursorSpansMs: readonly number[] = [],
    trackMax = false,
    capacity = 64,
  ) {
    let cap = 16;
    while (cap < capacity) cap <<= 1;
    this.t = new Float64Array(cap);
    this.v = new Float64Array(cap);
    this.mask = cap - 1;
    this.cursorSpansMs = [...cursorSpansMs];
    this.cursors = this.cursorSpansMs.map(() => 0);
    this.maxDeque = trackMax ? new Int32Array(cap) : null;
  }

  get size(): number {
    return this.end - this.start;
  }

  clear(): void {
    this.start = this.end = 0;
    this.cursors.fill(0);
    this.dqHead = this.dqTail = 0;
    this.sum = 0;
  }

  /** Appends a sample; `tMs` must not decrease (the tracker resets the window when time goes back). */
  push(tMs: number, value: number): void {
    if (this.end - this.start === this.t.length) this.grow();
    const i = this.end & this.mask;
    this.t[i] = tMs;
    this.v[i] = value;
    this.sum += value;
    if (this.maxDeque) {
      const dq = this.maxDeque;
      const m = this.mask;
      while (this.dqTail > this.dqHead && this.v[dq[(this.dqTail - 1) & m]! & m]! <= value) this.dqTail--;
      dq[this.dqTail & m] = this.end;
      this.dqTail++;
    }
    this.end++;
    this.evict(tMs - this.spanMs);
    for (let k = 0; k < this.cursors.length; k++) {
      const from = tMs - this.cursorSpansMs[k]!;
      let c = Math.max(this.cursors[k]!, this.start);
      while (c < this.end - 1 && this.t[c & this.mask]! < from) c++;
      this.cursors[k] = c;
    }
  }

  private evict(tMinMs: number): void {
    while (this.end - this.start > 1 && this.t[this.start & this.mask]! < tMinMs) {
      this.sum -= this.v[this.start & this.mask]!;
      this.start++;
    }
    if (this.maxDeque) {
      while (this.dqTail > this.dqHead && this.maxDeque[this.dqHead & this.mask]! < this.start) this.dqHead++;
    }
  }

  private grow(): void {
    const cap = this.t.length * 2;
    const t = new Float64Array(cap);
    const v = new Float64Array(cap);
    const m = cap - 1;
    for (let a = this.start; a < this.end; a++) {
      t[a & m] = this.t[a & this.mask]!;
      v[a & m] = this.v[a & this.mask]!;
    }
    if (this.maxDeque) {
      const dq = new Int32Array(cap);
      for (let a = this.dqHead; a < this.dqTail; a++) dq[a & m] = this.maxDeque[a & this.mask]!;
      this.maxDeque = dq;
    }
    this.t = t;
    this.v = v;
    this.mask = m;
  }

  newestT(): number {
    return this.size ? this.t[(this.end - 1) & this.mask]! : NaN;
  }

  newest(): number {
    return this.size ? this.v[(this.end - 1) & this.mask]! : NaN;
  }

  oldestT(): number {
    return this.size ? this.t[this.start & this.mask]! : NaN;
  }

  /** Oldest sample inside cursor k's horizon: [tMs, value], or null when the window is empty. */
  cursorT(k: number): number {
    return this.size ? this.t[Math.max(this.cursors[k]!, this.start) & this.mask]! : NaN;
  }

  cursorV(k: number): number {
    return this.size ? this.v[Math.max(this.cursors[k]!, this.start) & this.mask]! : NaN;
  }

  /**
   * Rate from the cursor-k sample to the newest, per second; NaN unless they lie at least
   * `minCoverage` of the horizon apart, so a fresh window does not report a 1 s difference as a 300 s rate.
   */
  rate(k: number, minCoverage = 0.5): number {
    if (this.size < 2) return NaN;
    const t1 = this.newestT();
    const t0 = this.cursorT(k);
    const dtMs = t1 - t0;
    if (!(dtMs > 0) || dtMs < this.cursorSpansMs[k]! * minCoverage) return NaN;
    return ((this.newest() - this.cursorV(k)) * 1000) / dtMs;
  }

  /** The horizon of cursor k, ms. */
  spanOf(k: number): number {
    return this.cursorSpansMs[k]!;
  }

  max(): number {
    if (!this.maxDeque || this.dqTail === this.dqHead) return NaN;
    return this.v[this.maxDeque[this.dqHead & this.mask]! & this.mask]!;
  }

  mean(): number {
    return this.size ? this.sum / this.size : NaN;
  }

  /** Running sum; re-summed now and then would only matter for windows of millions of samples. */
  total(): number {
    return this.sum;
  }
}
