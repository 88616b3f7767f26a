import { mulberry32 } from '@agentcore/message-router';

/** Uniform [0, 1). Every source of randomness in a run is one of these, derived from the run's seed. */
export type Uniform = () => number;

/**
 * Seeded samplers for the distributions the model needs. Each independent concern (arrivals,
 * service times, signal noise, routing) gets its own stream, so adding a draw in one place
 * does not shift every other draw and make runs incomparable across strategies.
 */
export class Sampler {
  readonly uniform: Uniform;
  private spareNormal: number | undefined;

  constructor(seed: number) {
    this.uniform = mulberry32(seed);
  }

  /** Derives the seed of an independent stream from a run seed and a stream name. */
  static streamSeed(seed: number, stream: string): number {
    // FNV-1a over the name, mixed with the seed: stable across runs and platforms.
    let h = 0x811c9dc5 ^ (seed >>> 0);
    for (let i = 0; i < stream.length; i++) {
      h ^= stream.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
  }

  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  int(n: number): number {
    return Math.min(n - 1, Math.floor(this.uniform() * n));
  }

  exponential(mean: number): number {
    // 1 - u is in (0, 1], so the log is finite.
    return -mean * Math.log(1 - this.uniform());
  }

  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return mean + sd * z;
    }
    // Box–Muller; u1 in (0, 1] keeps the log finite.
    const u1 = 1 - this.uniform();
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spareNormal = r * Math.sin(2 * Math.PI * u2);
    return mean + sd * r * Math.cos(2 * Math.PI * u2);
  }

  /** Log-normal with the given mean and coefficient of variation: right-skewed, like real task durations. */
  logNormal(mean: number, cv: number): number {
    const sigma2 = Math.log(1 + cv * cv);
    const mu = Math.log(mean) - sigma2 / 2;
    return Math.exp(mu + Math.sqrt(sigma2) * this.normal());
  }

  chance(p: number): boolean {
    return this.uniform() < p;
  }
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
