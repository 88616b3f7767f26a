/** Uniform pick; the clamp guards against injected RNGs that can return exactly 1. */
export function randomIndex(length: number, random: () => number): number {
  return Math.min(length - 1, Math.floor(random() * length));
}

export function pickRandom<T>(items: readonly T[], random: () => number): T {
  return items[randomIndex(items.length, random)];
}

/** Key for per-capability state; messages without a capability share one cursor. */
export function capabilityKey(capability: string | undefined): string {
  return capability === undefined ? '\u0000any' : `cap:${capability}`;
}
