/**
 * Mulberry32: a tiny 32-bit seeded PRNG. Good enough for load-balancing choices and
 * simulations, and the same seed always yields the same sequence, which is what makes
 * routing decisions reproducible. Not for anything security related.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
