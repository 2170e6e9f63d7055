/**
 * Seeded randomness for the generator: a sequential generator for drawing
 * noise in order, and a stateless hash for values that must be the same
 * whichever order they are asked for (a day's shock, hour by hour).
 */

/** Mixes 32-bit integers into a uniform value in (0, 1). */
export function hashUnit(seed: number, a: number, b = 0): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(a, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 15), 0x27d4eb2f) ^ Math.imul(b + 0x165667b1, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 13), 0x85ebca6b);
  h ^= h >>> 16;
  return ((h >>> 0) + 0.5) / 4294967296;
}

/** Standard normal value determined by (seed, a, b). */
export function hashNormal(seed: number, a: number, b = 0): number {
  const u = hashUnit(seed, a, b);
  const v = hashUnit(seed ^ 0x5bd1e995, a, b + 1);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Poisson mean above which a normal draw replaces exact counting. */
const POISSON_NORMAL_MEAN = 100;

/** Sequential seeded generator (a Weyl sequence through a 32-bit mixer). */
export class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed | 0;
  }

  /** Uniform value in (0, 1). */
  next(): number {
    this.#state = (this.#state + 0x9e3779b9) | 0;
    let z = this.#state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return ((z >>> 0) + 0.5) / 4294967296;
  }

  /** Uniform value in [low, high). */
  between(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Uniform integer in [low, high]. */
  integer(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  normal(): number {
    return Math.sqrt(-2 * Math.log(this.next())) * Math.cos(2 * Math.PI * this.next());
  }

  /** Gamma(shape, 1) by Marsaglia and Tsang's squeeze method. */
  gamma(shape: number): number {
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.next(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const v = (1 + c * x) ** 3;
      if (v <= 0) continue;
      const u = this.next();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  }

  /** Poisson count; exact below 100, a rounded normal draw above. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean >= POISSON_NORMAL_MEAN) {
      return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    }
    const limit = Math.exp(-mean);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count += 1;
      product *= this.next();
    }
    return count;
  }

  /** Negative binomial with variance mean + alpha * mean^2. */
  negativeBinomial(mean: number, alpha: number): number {
    if (alpha <= 0) return this.poisson(mean);
    return this.poisson((mean * this.gamma(1 / alpha)) * alpha);
  }
}
