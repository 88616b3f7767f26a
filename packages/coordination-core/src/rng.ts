/** Injected sources of time and randomness: core never reads the real clock or Math.random itself. */
export type Clock = () => number;
export type Random = () => number;

/** A small, fast seeded PRNG (mulberry32): same seed, same sequence. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Builds RFC 4122 version-4 UUIDs from an injected RNG, so ids are reproducible under a seed. */
export function uuidFromRandom(random: Random): () => string {
  return () => {
    const b: number[] = new Array(16);
    for (let i = 0; i < 16; i += 4) {
      const word = Math.floor(random() * 4294967296);
      b[i] = word & 0xff;
      b[i + 1] = (word >>> 8) & 0xff;
      b[i + 2] = (word >>> 16) & 0xff;
      b[i + 3] = (word >>> 24) & 0xff;
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    return (
      HEX[b[0]] + HEX[b[1]] + HEX[b[2]] + HEX[b[3]] + '-' + HEX[b[4]] + HEX[b[5]] + '-' + HEX[b[6]] + HEX[b[7]] + '-' +
      HEX[b[8]] + HEX[b[9]] + '-' + HEX[b[10]] + HEX[b[11]] + HEX[b[12]] + HEX[b[13]] + HEX[b[14]] + HEX[b[15]]
    );
  };
}

export interface Logger {
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
