/** Uniform [0, 1). Injected: core never calls Math.random itself, so a seed reproduces every decision. */
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

const HEX_DIGIT: readonly number[] = Array.from({ length: 16 }, (_, i) => i.toString(16).charCodeAt(0));
/** Where each of the 16 bytes starts in the 36-character textual form. */
const BYTE_OFFSET: readonly number[] = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
const DASH = 0x2d;

/**
 * Builds RFC 4122 version-4 UUIDs from an injected RNG, so ids are reproducible under a seed.
 * The text is produced in one String.fromCharCode call: concatenating 20 pieces leaves a rope
 * of ~20 heap objects behind every stored id (≈ 0.5 KB each), which dominated ingest cost and heap.
 */
export function uuidFromRandom(random: Random): () => string {
  const codes: number[] = new Array<number>(36).fill(DASH);
  return () => {
    for (let i = 0; i < 16; i += 4) {
      const word = Math.floor(random() * 4294967296);
      for (let k = 0; k < 4; k++) {
        const j = i + k;
        let byte = (word >>> (8 * k)) & 0xff;
        if (j === 6) byte = (byte & 0x0f) | 0x40; // version 4
        else if (j === 8) byte = (byte & 0x3f) | 0x80; // RFC 4122 variant
        const at = BYTE_OFFSET[j];
        codes[at] = HEX_DIGIT[byte >>> 4];
        codes[at + 1] = HEX_DIGIT[byte & 0x0f];
      }
    }
    return String.fromCharCode.apply(null, codes);
  };
}
