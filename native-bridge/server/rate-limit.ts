/**
 * Token buckets per client address: login attempts (a guessed token costs a wait) and ingest
 * requests (a runaway device loop cannot crowd out the station). A refused request is answered 429
 * with Retry-After; the table of addresses is bounded, oldest first out.
 */
export interface RateLimitOptions {
  /** Requests allowed at once. */
  burst: number;
  /** Requests regained per second. */
  perSecond: number;
  maxClients?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;

  constructor(private readonly o: RateLimitOptions) {
    this.now = o.now ?? Date.now;
  }

  /** 0 when the request may go ahead (and is counted), else the seconds to wait. */
  take(client: string): number {
    const t = this.now();
    let b = this.buckets.get(client);
    if (b) {
      b.tokens = Math.min(this.o.burst, b.tokens + ((t - b.atMs) / 1000) * this.o.perSecond);
      b.atMs = t;
      // Re-inserted so the map's order is least recently seen first.
      this.buckets.delete(client);
    } else b = { tokens: this.o.burst, atMs: t };
    this.buckets.set(client, b);
    if (this.buckets.size > (this.o.maxClients ?? 10_000))
      this.buckets.delete(this.buckets.keys().next().value as string);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.o.perSecond));
  }
}
