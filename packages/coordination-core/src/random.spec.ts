import { seededRandom, uuidFromRandom } from './random';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('seededRandom', () => {
  it('repeats its sequence for the same seed and stays in [0, 1)', () => {
    const a = seededRandom(99);
    const b = seededRandom(99);
    const xs = Array.from({ length: 1_000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1_000 }, () => b()));
    for (const x of xs) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    expect(seededRandom(100)()).not.toBe(seededRandom(99)());
  });
});

describe('uuidFromRandom', () => {
  it('builds RFC 4122 version-4 UUIDs, reproducible under a seed', () => {
    const next = uuidFromRandom(seededRandom(5));
    const again = uuidFromRandom(seededRandom(5));
    for (let i = 0; i < 1_000; i++) {
      const id = next();
      expect(id).toMatch(UUID_V4);
      expect(again()).toBe(id);
    }
  });

  it('lays out the 16 random bytes in order, setting version and variant bits', () => {
    const words = [0x33221100, 0x77665544, 0xbbaa9988, 0xffeeddcc];
    let i = 0;
    const next = uuidFromRandom(() => words[i++ % 4] / 4294967296);
    expect(next()).toBe('00112233-4455-4677-8899-aabbccddeeff');
  });
});
