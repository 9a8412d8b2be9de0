/**
 * The newest readings of one channel, (time, value) pairs oldest first, in fixed storage: the rate
 * windows of the runaway rule and the RISE rule. Full, it drops the oldest reading.
 */
export class ReadingRing {
  private readonly tt: Float64Array;
  private readonly tv: Float64Array;
  private head = 0;
  private n = 0;

  constructor(private readonly capacity: number) {
    this.tt = new Float64Array(capacity);
    this.tv = new Float64Array(capacity);
  }

  get size(): number {
    return this.n;
  }

  /** Time of the k-th oldest reading. */
  t(k: number): number {
    return this.tt[(this.head + k) % this.capacity]!;
  }

  /** Value of the k-th oldest reading. */
  v(k: number): number {
    return this.tv[(this.head + k) % this.capacity]!;
  }

  push(tS: number, value: number): void {
    const i = (this.head + this.n) % this.capacity;
    this.tt[i] = tS;
    this.tv[i] = value;
    if (this.n < this.capacity) this.n++;
    else this.head = (this.head + 1) % this.capacity;
  }

  dropOldest(): void {
    this.head = (this.head + 1) % this.capacity;
    this.n--;
  }

  clear(): void {
    this.head = 0;
    this.n = 0;
  }
}
