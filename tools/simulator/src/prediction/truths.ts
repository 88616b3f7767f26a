import { crossedWithin } from './overload';
import type { AgentTrace } from './queue-run';

/**
 * The three readings of "the agent overloads within the horizon" a forecast is scored against:
 * - `reported` (what predictOverload promises): a load report timestamped after the forecast and
 *   within the horizon is at or above the threshold;
 * - `instant`: the true load (in-flight ÷ slots, 1 when queueing) is at or above it at any instant;
 * - `mean10s`: the true load averaged over 10 s is at or above it at some point.
 */
export const TRUTHS = ['reported', 'instant', 'mean10s'] as const;
export type Truth = (typeof TRUTHS)[number];

/** Index of the first report after `atMs` (reports are in time order). */
function firstReportAfter(times: readonly number[], atMs: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= atMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Seconds from `atMs` to the first report within the horizon at or above the threshold; NaN when there is none. */
export function firstHighReportSeconds(trace: AgentTrace, atMs: number, horizonSeconds: number, threshold: number): number {
  const { reportTimes, reportValues } = trace;
  const end = atMs + horizonSeconds * 1000;
  for (let i = firstReportAfter(reportTimes, atMs); i < reportTimes.length && reportTimes[i] <= end; i++) {
    if (reportValues[i] >= threshold) return (reportTimes[i] - atMs) / 1000;
  }
  return Number.NaN;
}

export function happened(truth: Truth, trace: AgentTrace, atMs: number, horizonSeconds: number, threshold: number): boolean {
  switch (truth) {
    case 'reported':
      return !Number.isNaN(firstHighReportSeconds(trace, atMs, horizonSeconds, threshold));
    case 'instant': {
      const from = Math.floor(atMs / 1000);
      const to = Math.min(trace.maxLoad.length - 1, Math.floor((atMs + horizonSeconds * 1000) / 1000));
      for (let s = from; s <= to; s++) if (trace.maxLoad[s] >= threshold) return true;
      return false;
    }
    case 'mean10s':
      // Per-second means are stored as fractions; a tiny tolerance keeps a full second at 0.8 from reading as 0.7999.
      return crossedWithin(trace.meanLoad, atMs, horizonSeconds, threshold - 1e-6, 10);
  }
}
