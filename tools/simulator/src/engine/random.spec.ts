import { clamp, Sampler } from './random';

describe('Sampler', () => {
  it('is deterministic per seed and stream', () => {
    const a = new Sampler(Sampler.streamSeed(7, 'arrivals'));
    const b = new Sampler(Sampler.streamSeed(7, 'arrivals'));
    const c = new Sampler(Sampler.streamSeed(7, 'service'));
    const seqA = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(seqA);
  });

  it('draws from distributions with the requested moments', () => {
    const s = new Sampler(42);
    const n = 20_000;
    const mean = (f: () => number) => Array.from({ length: n }, f).reduce((x, y) => x + y, 0) / n;
    expect(mean(() => s.exponential(3))).toBeCloseTo(3, 0);
    expect(mean(() => s.normal(2, 1))).toBeCloseTo(2, 1);
    expect(mean(() => s.logNormal(5, 0.5))).toBeCloseTo(5, 0);
    expect(mean(() => s.between(1, 3))).toBeCloseTo(2, 1);
    expect(mean(() => (s.chance(0.25) ? 1 : 0))).toBeCloseTo(0.25, 1);
    const ints = new Set(Array.from({ length: 200 }, () => s.int(4)));
    expect([...ints].sort()).toEqual([0, 1, 2, 3]);
  });

  it('clamps', () => {
    expect(clamp(-1, 0, 1)).toBe(0);
    expect(clamp(2, 0, 1)).toBe(1);
    expect(clamp(0.5, 0, 1)).toBe(0.5);
  });
});
