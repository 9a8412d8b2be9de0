/**
 * Running maximum over a time window, O(1) amortised per sample: the reference voltage of the GB 38031
 * voltage-drop rule. A rescan of the window on every reading cost O(window) — 1,200 points per cell at
 * 10 Hz, 12,000 at 100 Hz — and was the largest single cost on the serial path.
 *
 * The window is exactly what the rescan kept: samples in arrival order, the oldest dropped while more
 * than `windowS` older than the newest one (never the newest itself). Arrival order, not time order,
 * matters when a device clock steps back (a reboot): older-stamped samples then stay until a later
 * sample is far enough past the front, as before. The maximum comes from a monotonic deque of sample
 * indices whose values fall from front to back.
 */
export class WindowMax {
  private times: number[] = [];
  private values: number[] = [];
  /** Index (into times/values) of the oldest sample still in the window. */
  private head = 0;
  /** Indices of candidates for the maximum, values strictly falling from front to back. */
  private deque: number[] = [];
  private dequeHead = 0;
  /** NaN samples in the window: Math.max over the window was NaN while any was in it. */
  private nanCount = 0;

  constructor(private readonly windowS: number) {}

  get size(): number {
    return this.times.length - this.head;
  }

  push(tS: number, value: number): void {
    const idx = this.times.length;
    this.times.push(tS);
    this.values.push(value);
    if (Number.isNaN(value)) this.nanCount++;
    else {
      const dq = this.deque;
      while (dq.length > this.dequeHead && this.values[dq[dq.length - 1]!]! <= value) dq.pop();
      dq.push(idx);
    }
    while (this.times.length - this.head > 1 && tS - this.times[this.head]! > this.windowS) {
      if (Number.isNaN(this.values[this.head]!)) this.nanCount--;
      this.head++;
    }
    while (this.dequeHead < this.deque.length && this.deque[this.dequeHead]! < this.head) this.dequeHead++;
    if (this.head > 1024 && this.head * 2 > this.times.length) this.compact();
  }

  /** max(0, every value in the window) — what `reduce((m, v) => Math.max(m, v), 0)` gave, NaN included. */
  max(): number {
    if (this.nanCount > 0) return NaN;
    if (this.dequeHead === this.deque.length) return 0;
    return Math.max(0, this.values[this.deque[this.dequeHead]!]!);
  }

  /** Drops the samples that left the window, so memory stays proportional to the window. */
  private compact(): void {
    const h = this.head;
    this.times = this.times.slice(h);
    this.values = this.values.slice(h);
    this.deque = this.deque.slice(this.dequeHead).map((i) => i - h);
    this.head = 0;
    this.dequeHead = 0;
  }
}
