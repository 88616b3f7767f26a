/** Linear-interpolated percentile of an already sorted array; 0 when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const rank = (p / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/**
 * Jain's fairness index (Σx)² / (n·Σx²): 1 when every agent carries the same share, 1/n when
 * one carries everything. Fed with utilisation (busy slot-time ÷ slot-time), so an agent with
 * four times the slots is expected to do four times the work.
 */
export function jainIndex(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return 1;
  let sum = 0;
  let sumSq = 0;
  for (const v of values) {
    sum += v;
    sumSq += v * v;
  }
  return sumSq === 0 ? 1 : (sum * sum) / (n * sumSq);
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((s, x) => s + x, 0) / values.length;
}
