/**
 * Seeded randomness for the rig simulator. Every random choice of a run (scenario parameters, cell
 * spread, fault schedule, sensor noise) comes from here, so a seed reproduces a run bit for bit.
 *
 * xoshiro128** (Blackman & Vigna, 2018) is small, fast and passes BigCrush; splitmix32 spreads a
 * 32-bit seed over its 128-bit state, so seeds 1 and 2 give unrelated streams.
 */

/** splitmix32 finaliser: a 32-bit integer hash with full avalanche. */
export function hash32(x: number): number {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** Combines a seed with stream keys, so independent sub-streams never share a state. */
export function mixSeed(seed: number, ...keys: number[]): number {
  let h = hash32(seed >>> 0);
  for (const k of keys) h = hash32((h ^ Math.imul(k >>> 0, 0x27d4eb2d)) >>> 0);
  return h;
}

/** Stable 32-bit key for a name (FNV-1a), for sub-streams named by string. */
export function nameKey(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    let x = seed >>> 0;
    const next = () => (x = hash32(x));
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next 32-bit unsigned integer (xoshiro128**). */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Standard normal (Marsaglia polar method; the spare value is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * m;
    return u * m;
  }

  /** Normal with a mean and standard deviation, clipped to ±3σ so a spread never yields absurd cells. */
  gauss(mean: number, sd: number): number {
    const z = Math.max(-3, Math.min(3, this.normal()));
    return mean + sd * z;
  }

  /** Log-uniform in [lo, hi] (both > 0): for parameters known to an order of magnitude. */
  logUniform(lo: number, hi: number): number {
    return Math.exp(this.uniform(Math.log(lo), Math.log(hi)));
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * A smooth random signal of time, N(0,1) at knots every `periodS`, cosine-interpolated between them.
 * It is a pure function of (seed, t), so the ambient drift does not depend on how the caller slices
 * time into steps.
 */
export class SmoothNoise {
  private readonly seed: number;
  private readonly periodS: number;
  private cacheK = Number.NaN;
  private cacheA = 0;
  private cacheB = 0;

  constructor(seed: number, periodS: number) {
    this.seed = seed >>> 0;
    this.periodS = periodS;
  }

  at(tS: number): number {
    const x = tS / this.periodS;
    const k = Math.floor(x);
    if (k !== this.cacheK) {
      this.cacheK = k;
      this.cacheA = this.knot(k);
      this.cacheB = this.knot(k + 1);
    }
    const f = x - k;
    const w = 0.5 - 0.5 * Math.cos(Math.PI * f);
    return this.cacheA + (this.cacheB - this.cacheA) * w;
  }

  private knot(k: number): number {
    const r = new Rng(mixSeed(this.seed, k | 0, (k / 4294967296) | 0));
    return r.normal();
  }
}

/**
 * A uniform [0, 1) stream as a plain function, for callers that need no more than that (boot ids,
 * benches, test data): the same generator as the simulator, so the station has one PRNG.
 */
export function uniformStream(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}
