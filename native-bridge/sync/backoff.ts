/**
 * Exponential backoff with jitter for an unreachable server: each failure doubles the wait up to a
 * ceiling, and each wait is drawn between half and all of it, so a fleet of stations that lost the
 * same server do not all come back in the same second.
 */
export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  random?: () => number;
}

export class Backoff {
  private failures = 0;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly random: () => number;

  constructor(o: BackoffOptions = {}) {
    this.baseMs = o.baseMs ?? 1000;
    this.maxMs = o.maxMs ?? 60_000;
    this.random = o.random ?? Math.random;
  }

  /** The wait before the next attempt, after one more failure. */
  next(): number {
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.failures, 30));
    this.failures++;
    return Math.round(ceiling * (0.5 + 0.5 * this.random()));
  }

  reset(): void {
    this.failures = 0;
  }

  get attempts(): number {
    return this.failures;
  }
}
