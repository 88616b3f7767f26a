import type { AgentRecord } from './agent-record';
import { estimateQueue } from './queue-estimate';
import type { PredictionContext } from './prediction';

/** A cached outlook is trusted this long before a selection refreshes it. */
export const OUTLOOK_REFRESH_MS = 1_000;
/** Stale outlooks a selection refreshes at most: the rest wait for later selections or the scan. */
export const REFRESHES_PER_SELECTION = 1;
/** Retry-after bounds (ms) of a held selection. */
const MIN_RETRY_MS = 100;
const MAX_RETRY_MS = 30_000;

/**
 * One agent's overload outlook for a task sent now: the chance that its load is at or above the
 * threshold at some look across the task's expected duration (now, half-way, the end — the
 * queue model's in-flight count, not its reports: a task cares about the agent while it runs),
 * the duration, and when a slot is expected to free. Cached on the agent, refreshed lazily.
 */
export class OverloadOutlook {
  probability = Number.NaN;
  durationSeconds = Number.NaN;
  retryAfterMs = Number.NaN;
  computedAtMs = Number.NEGATIVE_INFINITY;
  /** The flow changes (picks, ends, load reports) the outlook was computed from. */
  flowMark = -1;
}

/** Recomputes the agent's outlook now; false (outlook unknown) without an active load signal. */
export function refreshOutlook(record: AgentRecord, nowMs: number, threshold: number, context: PredictionContext): boolean {
  const outlook = record.outlook;
  outlook.computedAtMs = nowMs;
  outlook.flowMark = record.pickFlow.changes;
  // A provisional horizon: the estimate sizes the chain; the task's duration is known after it.
  const estimate = estimateQueue(record, context.view, nowMs, 60, threshold, context, context.forecaster);
  if (estimate === null) {
    outlook.probability = Number.NaN;
    return false;
  }
  const { slots, inFlight, serviceRate } = estimate;
  const drain = slots * serviceRate;
  const ahead = Math.max(0, inFlight - slots + 1);
  const duration = clamp(1 / serviceRate + ahead / drain, 0.1, 600);
  const params = estimate.params;
  params.firstReportSeconds = 0;
  params.reportIntervalSeconds = duration / 2;
  params.jitterSeconds = 0;
  params.horizonSeconds = duration;
  context.forecaster.run(params);
  outlook.probability = context.forecaster.probabilityWithin(duration);
  outlook.durationSeconds = duration;
  outlook.retryAfterMs = clamp(((Math.max(0, inFlight - slots) + 1) / drain) * 1000, MIN_RETRY_MS, MAX_RETRY_MS);
  return true;
}

/** Whether the cached outlook is out of date: too old, or the agent reported, was picked or finished work since. */
export function outlookStale(record: AgentRecord, nowMs: number): boolean {
  const o = record.outlook;
  return nowMs - o.computedAtMs > OUTLOOK_REFRESH_MS || o.flowMark !== record.pickFlow.changes;
}

/**
 * Admission for one selection: hold (no candidate should take more work now) when every
 * candidate with an outlook is likely to be overloaded during the task — probability at or above
 * `holdAt`; a candidate with no outlook (no load signal) admits. Refreshes at most
 * REFRESHES_PER_SELECTION stale outlooks; the others are read as cached. Returns the retry-after
 * (the soonest a slot is expected to free) when holding, else undefined.
 */
export function admissionHold(
  records: ReadonlyArray<AgentRecord | undefined>,
  nowMs: number,
  threshold: number,
  holdAt: number,
  context: PredictionContext,
): number | undefined {
  let refreshes = 0;
  let retry = Number.POSITIVE_INFINITY;
  for (const record of records) {
    if (record === undefined) return undefined;
    if (refreshes < REFRESHES_PER_SELECTION && outlookStale(record, nowMs)) {
      refreshes++;
      refreshOutlook(record, nowMs, threshold, context);
    }
    const p = record.outlook.probability;
    if (!(p >= holdAt)) return undefined;
    if (record.outlook.retryAfterMs < retry) retry = record.outlook.retryAfterMs;
  }
  return records.length > 0 ? retry : undefined;
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
