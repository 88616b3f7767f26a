import type { AgentRecord } from './agent-record';
import { normalCdf } from './normal';
import type { PredictionContext } from './prediction';
import { estimateQueue, flowsTell, inFlightNow, slotsOf, type QueueEstimate } from './queue-estimate';
import { TYPE_INDEX } from './scoring';

const LOAD = TYPE_INDEX.load;

/** A cached outlook is trusted this long before a selection refreshes it. */
export const OUTLOOK_REFRESH_MS = 1_000;
/** Stale outlooks a selection refreshes at most: the rest wait for later selections or the scan. */
export const REFRESHES_PER_SELECTION = 1;
/** Retry-after bounds (ms) of a held selection. */
const MIN_RETRY_MS = 100;
const MAX_RETRY_MS = 30_000;

/**
 * One agent's outlook for a task sent now, from the queue model's in-flight count (not its
 * reports: a task cares about the agent now): the chance that every slot is busy, so the task
 * would wait; the task's expected duration (its time plus the wait behind the expected queue);
 * and when a slot is expected to free. Cached on the agent, refreshed lazily.
 */
export class OverloadOutlook {
  probability = Number.NaN;
  durationSeconds = Number.NaN;
  retryAfterMs = Number.NaN;
  /** Tasks per second per slot, as the queue model had it. */
  serviceRate = Number.NaN;
  computedAtMs = Number.NEGATIVE_INFINITY;
  /** The flow changes (picks, ends, load reports) the outlook was computed from. */
  flowMark = -1;
}

/** Recomputes the agent's outlook now; false (outlook unknown) without an active load signal. */
export function refreshOutlook(record: AgentRecord, nowMs: number, threshold: number, context: PredictionContext): boolean {
  const estimate = estimateQueue(record, context.view, nowMs, 60, threshold, context, context.forecaster);
  if (estimate === null) {
    record.outlook.computedAtMs = nowMs;
    record.outlook.flowMark = record.pickFlow.changes;
    record.outlook.probability = Number.NaN;
    return false;
  }
  outlookFrom(record, estimate, nowMs, context);
  return true;
}

/** Sets the agent's outlook from an estimate whose start distribution `context.forecaster` holds (the scan reuses its forecast's). */
export function outlookFrom(record: AgentRecord, estimate: QueueEstimate, nowMs: number, context: PredictionContext): void {
  const outlook = record.outlook;
  outlook.computedAtMs = nowMs;
  outlook.flowMark = record.pickFlow.changes;
  const { slots, inFlight, serviceRate } = estimate;
  outlook.serviceRate = serviceRate;
  const drain = slots * serviceRate;
  const ahead = Math.max(0, inFlight - slots + 1);
  outlook.durationSeconds = clamp(1 / serviceRate + ahead / drain, 0.1, 600);
  // A task sent now waits when every slot is busy: the mass of the in-flight count at or above the slots.
  const params = estimate.params;
  const start = context.forecaster.start;
  let busy = 0;
  for (let i = params.slots; i < params.states; i++) busy += start[i];
  outlook.probability = busy;
  outlook.retryAfterMs = clamp(((Math.max(0, inFlight - slots) + 1) / drain) * 1000, MIN_RETRY_MS, MAX_RETRY_MS);
}

/** Whether the cached outlook is out of date: too old, or the agent reported, was picked or finished work since. */
export function outlookStale(record: AgentRecord, nowMs: number): boolean {
  const o = record.outlook;
  return nowMs - o.computedAtMs > OUTLOOK_REFRESH_MS || o.flowMark !== record.pickFlow.changes;
}

/**
 * Admission for one selection: hold (no candidate should take more work now) when on every
 * candidate with an outlook a task sent now would likely wait — probability at or above
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
    const load = record.slots[LOAD];
    if (load.signal === undefined || load.expiresAtMs <= nowMs) return undefined;
    let p: number;
    let retryAfterMs: number;
    if (flowsTell(record.pickFlow)) {
      // We see the agent's work come and go: its in-flight count now is known without a forecast.
      record.fillView(context.view, nowMs);
      const slots = slotsOf(record, context.view, context.capacityScale);
      const { mean, spread } = inFlightNow(record, load.signal.value, slots, true);
      p = normalCdf((mean - (slots - 0.5)) / Math.max(0.2, spread));
      // The service rate is the cached outlook's (it changes slowly); without one yet, ask again in a second.
      const drain = slots * record.outlook.serviceRate;
      retryAfterMs = drain > 0 ? clamp(((Math.max(0, mean - slots) + 1) / drain) * 1000, MIN_RETRY_MS, MAX_RETRY_MS) : 1_000;
    } else {
      if (refreshes < REFRESHES_PER_SELECTION && outlookStale(record, nowMs)) {
        refreshes++;
        refreshOutlook(record, nowMs, threshold, context);
      }
      p = record.outlook.probability;
      retryAfterMs = record.outlook.retryAfterMs;
    }
    if (!(p >= holdAt)) return undefined;
    if (retryAfterMs < retry) retry = retryAfterMs;
  }
  return records.length > 0 ? retry : undefined;
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
