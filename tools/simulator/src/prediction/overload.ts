/**
 * Whether the true load, averaged over `windowSeconds`, reached `threshold` at some point
 * after `atMs` up to the horizon. Window 1 with per-second maxima is the strict reading (any
 * instant at the threshold); a 10 s mean is "overloaded" in the sense a load trend can
 * forecast — a 4-slot agent touches 100 % for a moment far more often than it is overloaded.
 */
export function crossedWithin(
  loadBySecond: Float32Array,
  atMs: number,
  horizonSeconds: number,
  threshold: number,
  windowSeconds = 1,
): boolean {
  const from = Math.floor(atMs / 1000) + 1;
  const to = Math.min(loadBySecond.length - 1, Math.floor(atMs / 1000 + horizonSeconds));
  for (let end = from; end <= to; end++) {
    let sum = 0;
    const start = Math.max(0, end - windowSeconds + 1);
    for (let s = start; s <= end; s++) sum += loadBySecond[s];
    if (sum / (end - start + 1) >= threshold) return true;
  }
  return false;
}
