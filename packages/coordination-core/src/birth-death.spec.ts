import { BirthDeathChain, MODE_CACHE_SIZE } from './birth-death';

/** e^{Qt}·p by uniformisation, the slow reference. */
function uniformised(n: number, c: number, lambda: number, mu: number, p0: number[], t: number): number[] {
  const rate = lambda + c * mu;
  let p = p0.slice();
  const out = new Array<number>(n).fill(0);
  let weight = Math.exp(-rate * t);
  for (let k = 0; k < 2_000; k++) {
    for (let i = 0; i < n; i++) out[i] += weight * p[i];
    const next = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      const birth = i < n - 1 ? lambda : 0;
      const death = mu * Math.min(i, c);
      next[i] += p[i] * (1 - (birth + death) / rate);
      if (i < n - 1) next[i + 1] += (p[i] * birth) / rate;
      if (i > 0) next[i - 1] += (p[i] * death) / rate;
    }
    p = next;
    weight *= (rate * t) / (k + 1);
  }
  return out;
}

describe('BirthDeathChain', () => {
  it.each([
    [4, 1, 0.1, 0.2, 10],
    [11, 8, 3.2, 0.5, 10],
    [9, 4, 0.05, 0.05, 30],
    [11, 6, 9, 1, 7],
  ])('matches uniformisation: %i states, %i slots, λ %p, μ %p, %p s', (n, c, lambda, mu, t) => {
    const chain = new BirthDeathChain(11);
    // λ/μ on the cache's grid, so the comparison is exact.
    const step = Math.round(Math.log(lambda / mu) / 0.04);
    const onGrid = Math.exp(step * 0.04) * mu;
    chain.prepare(n, c, onGrid, mu);
    const p = new Float64Array(n);
    p[Math.floor(n / 3)] = 1;
    const reference = uniformised(n, c, onGrid, mu, Array.from(p), t);
    chain.advance(p, t);
    for (let i = 0; i < n; i++) expect(p[i]).toBeCloseTo(reference[i], 10);
  });

  it('relaxes to its stationary distribution', () => {
    const chain = new BirthDeathChain(8);
    chain.prepare(6, 2, 1, 1);
    const pi = new Float64Array(6);
    chain.stationary(pi);
    expect(pi.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const p = new Float64Array(6);
    p[5] = 1;
    chain.advance(p, 1_000);
    for (let i = 0; i < 6; i++) expect(p[i]).toBeCloseTo(pi[i], 9);
    // M/M/2 at λ = μ: π_i ∝ 1, 1, ½, ¼, …
    expect(pi[1] / pi[0]).toBeCloseTo(1, 9);
    expect(pi[2] / pi[1]).toBeCloseTo(0.5, 9);
  });

  it('reuses one decomposition for the same λ/μ at any μ, and keeps a bounded cache', () => {
    const chain = new BirthDeathChain(6);
    const slow = new Float64Array([1, 0, 0, 0]);
    const fast = new Float64Array([1, 0, 0, 0]);
    chain.prepare(4, 1, 0.5, 1);
    chain.advance(slow, 2);
    chain.prepare(4, 1, 5, 10); // same ratio, ten times faster: 0.2 s is the same as 2 s above
    chain.advance(fast, 0.2);
    for (let i = 0; i < 4; i++) expect(fast[i]).toBeCloseTo(slow[i], 12);
    for (let k = 0; k < MODE_CACHE_SIZE + 10; k++) chain.prepare(3, 1, Math.exp(k * 0.05 - 20), 1);
    const p = new Float64Array([0, 0, 1]);
    chain.advance(p, 1);
    expect(p[0] + p[1] + p[2]).toBeCloseTo(1, 9);
  });

  it('refuses a state count it has no room for', () => {
    expect(() => new BirthDeathChain(4).prepare(5, 1, 1, 1)).toThrow(RangeError);
    expect(() => new BirthDeathChain(4).prepare(1, 1, 1, 1)).toThrow(RangeError);
  });
});
