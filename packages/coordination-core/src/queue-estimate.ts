import type { AgentRecord } from './agent-record';
import { FLOW_TIME_CONSTANT_MS, type PickFlow } from './pick-flow';
import type { ReportForecaster, ReportForecastParams } from './queue-forecast';
import { TYPE_INDEX, type AgentView } from './scoring';

const LOAD = TYPE_INDEX.load;
const CAPACITY = TYPE_INDEX.capacity;
const LATENCY = TYPE_INDEX.latency;

/** The chain follows at most this many servers; a bigger agent is followed in groups of slots. */
export const MAX_CHAIN_SLOTS = 8;
/** States of the chain at most (in-flight 0…MAX_STATES−1): keeps a forecast's cost bounded. */
export const MAX_STATES = 11;
/** Report interval assumed before two reports have been seen, and its spread. */
const PRIOR_INTERVAL_SECONDS = 10;
const PRIOR_JITTER_SECONDS = 2;
/** A latency signal at full confidence counts as this many observed task ends when blended with the service rate seen. */
const LATENCY_SIGNAL_TASKS = 20;
/** Task time assumed when neither the latency signal nor the flows tell it. */
const PRIOR_TASK_SECONDS = 10;
/** A latency signal at or above this share of the scale is capped: it says "at least the scale". */
const LATENCY_CAP = 0.98;
/** Recent reports the mean load is taken over. */
const RECENT_REPORTS = 6;
/** Report gaps the cadence is taken over. */
const CADENCE_GAPS = 8;
/** Our share of the agent's work below which our picks say too little about its arrivals. */
export const MIN_SHARE = 0.2;
/** Below this share of our picks whose end we hear of, our outstanding work says nothing about the agent's. */
const MIN_END_SHARE = 0.8;
/** How much one busy slot seen in a recent report counts, against one pick, in the arrival rate. */
const FLUID_WEIGHT = 0.5;
/** Picks seen before the arrival rate of our picks is trusted. */
const MIN_PICKS = 5;

export interface QueueEstimate {
  params: ReportForecastParams;
  /** Expected load now (E[min(N, c)] ÷ c). */
  currentLoad: number;
  /** Load samples the estimate used. */
  samples: number;
  /** The agent's slots, expected in-flight count now (both in tasks) and service rate per slot (per s). */
  slots: number;
  inFlight: number;
  serviceRate: number;
}

/**
 * What the service knows about one agent, turned into an M/M/c/K queue and a starting state
 * (see docs/coordination-core.md, Overload prediction):
 * - slots c: the capacity signal × capacity scale; without one, the lattice its load reports sit on;
 * - task time 1/μ: the latency signal (unless capped at its scale), else completions ÷ busy slots
 *   (busy slots from the load reports), else a prior of 10 s;
 * - arrival rate λ: our picks' rate ÷ our share of the agent's work when we route enough of it,
 *   else the throughput the reports imply (μ × busy slots);
 * - the in-flight count now: the last report plus our picks minus our ends since (scaled by our
 *   share, with the spread of the work we do not see), or the last report carried forward by the
 *   chain when we see no picks;
 * - the report cadence: the mean and spread of recent gaps between load reports.
 * Fills `forecaster.start` and returns the parameters, or null without an active load signal.
 */
export function estimateQueue(
  record: AgentRecord,
  view: AgentView,
  nowMs: number,
  horizonSeconds: number,
  threshold: number,
  scales: { capacityScale: number; latencyScaleMs: number },
  forecaster: ReportForecaster,
): QueueEstimate | null {
  const load = record.slots[LOAD];
  // Expired is absent, here as in the scores: without an active load signal there is nothing to start from.
  // A load its reporter gave confidence 0 is absent too.
  if (load.signal === undefined || load.expiresAtMs <= nowMs || load.signal.confidence <= 0) return null;
  record.fillView(view, nowMs);
  const lastLoad = load.signal.value;
  const lastLoadMs = load.timestampMs;
  const trace = record.loadTrace;

  const slots = slotsOf(record, view, scales.capacityScale);

  // Recent reports: mean load, cadence.
  let recentSum = 0;
  let recentCount = 0;
  let recentT = 0;
  let recentTT = 0;
  let recentTY = 0;
  let gapSum = 0;
  let gapSquares = 0;
  let gaps = 0;
  let newestMs = -Infinity;
  let previousMs = Number.NaN;
  const size = trace.size;
  const from = Math.max(0, size - Math.max(RECENT_REPORTS, CADENCE_GAPS + 1));
  for (let i = from; i < size; i++) {
    const at = trace.slot(i);
    if (trace.weights[at] <= 0) continue;
    // Stamped slightly ahead (clock skew): counts as now.
    const t = trace.times[at] < nowMs ? trace.times[at] : nowMs;
    if (i >= size - RECENT_REPORTS) {
      recentSum += trace.values[at];
      recentCount++;
      const x = (t - nowMs) / 1000;
      recentT += x;
      recentTT += x * x;
      recentTY += x * trace.values[at];
    }
    if (previousMs === previousMs) {
      const gap = (t - previousMs) / 1000;
      if (gap > 0.2) {
        gapSum += gap;
        gapSquares += gap * gap;
        gaps++;
      }
    }
    previousMs = t;
    if (t > newestMs) newestMs = t;
  }
  const meanLoad = recentCount > 0 ? recentSum / recentCount : lastLoad;
  // The recent reports' trend (load per second): a queue that grows takes more than it serves.
  const spreadT = recentTT - (recentT * recentT) / Math.max(1, recentCount);
  const loadSlope = recentCount >= 3 && spreadT > 1 ? (recentTY - (recentT * recentSum) / recentCount) / spreadT : 0;
  let interval = PRIOR_INTERVAL_SECONDS;
  let jitter = PRIOR_JITTER_SECONDS;
  if (gaps >= 1) {
    interval = gapSum / gaps;
    const variance = gaps >= 2 ? (gapSquares - (gapSum * gapSum) / gaps) / (gaps - 1) : 0;
    // With few gaps the spread is unknown: lean towards a fifth of the interval.
    jitter = (Math.sqrt(Math.max(0, variance)) * gaps + 0.2 * interval * 2) / (gaps + 2);
  }
  if (!(newestMs > -Infinity)) newestMs = lastLoadMs;

  // Task time: the long-run service rate of the work we saw end, blended with the latency signal.
  const flow = record.pickFlow;
  const share = flow.shareSamples > 0 ? flow.share : 0;
  const busy = meanLoad * slots;
  const stats = record.queueStats;
  const latency = view.values[LATENCY];
  const latencyWeight = view.weights[LATENCY];
  const latencyUsable = latencyWeight > 0 && latency < LATENCY_CAP;
  const seen = stats.serviceRate;
  let mu: number;
  if (seen === seen) {
    mu = seen;
    if (latencyUsable) {
      const trust = latencyWeight * LATENCY_SIGNAL_TASKS;
      const evidence = stats.serviceEvidence;
      mu = Math.exp((trust * Math.log(serviceRateOf(latency, scales.latencyScaleMs)) + evidence * Math.log(seen)) / (trust + evidence));
    }
  } else if (latencyUsable) mu = serviceRateOf(latency, scales.latencyScaleMs);
  // A capped latency signal says "at least the scale".
  else if (latencyWeight > 0) mu = 1000 / (1.5 * scales.latencyScaleMs);
  else mu = 1 / PRIOR_TASK_SECONDS;

  // Arrival rate: our picks' rate scaled up by our share, when we route enough of the agent's work
  // and hear of its ends; else what the reports imply — the throughput (μ × busy slots) plus the
  // growth of the in-flight count (a queue that grows takes in more than it serves).
  const flowsUsable = flowsTell(flow);
  const throughput = mu * Math.max(0.05, busy);
  const fluid = Math.max(0.2 * throughput, throughput + loadSlope * slots);
  let lambda = fluid;
  if (flowsUsable) {
    const picked = flow.arrivals.rate(nowMs);
    if (picked > 0) {
      // Both are noisy: weigh their logs by the counts behind them — the picks in the meter's
      // window, and the busy slots the recent reports saw (which say little once saturated).
      const wPicks = 2 * picked * (FLOW_TIME_CONSTANT_MS / 1000) * share;
      const wFluid = FLUID_WEIGHT * recentCount * Math.max(0.05, busy) * (1 - meanLoad * meanLoad);
      lambda = Math.exp((wPicks * Math.log(picked / share) + wFluid * Math.log(fluid)) / (wPicks + wFluid));
    }
  }

  // The chain's units: at most MAX_CHAIN_SLOTS servers, each standing for `group` slots.
  const chainSlots = chainSlotsFor(slots, threshold);
  const group = slots / chainSlots;
  const m = Math.max(1, Math.ceil(threshold * chainSlots - 1e-9));
  const saturated = lastLoad >= 1 - 1e-9;
  // The in-flight count now (in tasks), and its spread.
  const now = inFlightNow(record, lastLoad, slots, flowsUsable);
  const mean = now.mean;
  const spread = now.spread;
  const elapsed = Math.max(0, (nowMs - lastLoadMs) / 1000);
  const queue = Math.max(2, chainSlots);
  let states = Math.min(MAX_STATES, chainSlots + queue + 1);
  const meanUnits = mean / group;
  if (meanUnits + 1 > states - 1) states = Math.min(MAX_STATES, Math.ceil(meanUnits) + 2);

  const params: ReportForecastParams = {
    slots: chainSlots,
    thresholdCount: m,
    states,
    arrivalRate: clampRate(lambda / group, mu),
    serviceRate: mu,
    firstReportSeconds: Math.max(0.1 * interval, (newestMs - nowMs) / 1000 + interval),
    reportIntervalSeconds: interval,
    jitterSeconds: jitter,
    horizonSeconds,
  };
  forecaster.prepare(params);
  const start = forecaster.start;
  if (saturated && !flowsUsable) {
    // At or beyond every slot, depth unknown: the chain's own weights on the saturated states.
    forecaster.chain.stationary(start);
    let total = 0;
    for (let i = 0; i < states; i++) {
      if (i < chainSlots) start[i] = 0;
      else total += start[i];
    }
    for (let i = 0; i < states; i++) start[i] = total > 0 ? start[i] / total : i === chainSlots ? 1 : 0;
  } else {
    fillStart(start, states, meanUnits, spread / group);
  }
  if (!flowsUsable && elapsed > 0) forecaster.chain.advance(start, elapsed);

  let expected = 0;
  let count = 0;
  for (let i = 0; i < states; i++) {
    expected += start[i] * (i < chainSlots ? i : chainSlots);
    count += start[i] * i;
  }
  return { params, currentLoad: expected / chainSlots, samples: size, slots, inFlight: count * group, serviceRate: mu };
}

/** Whether our picks and ends say enough about the agent's work: we route enough of it and hear of its ends. */
export function flowsTell(flow: PickFlow): boolean {
  return flow.shareSamples > 0 && flow.share >= MIN_SHARE && flow.totalPicks >= MIN_PICKS && flow.endShare >= MIN_END_SHARE;
}

/**
 * The agent's in-flight count now (tasks) and its spread: the last report (`lastLoad` × slots)
 * plus our picks minus our ends since, scaled by our share of the work, when `flowsUsable`;
 * the last report alone otherwise (the caller carries it forward).
 */
export function inFlightNow(record: AgentRecord, lastLoad: number, slots: number, flowsUsable: boolean): { mean: number; spread: number } {
  const reported = lastLoad * slots;
  if (!flowsUsable) return { mean: reported, spread: 0 };
  const flow = record.pickFlow;
  const share = flow.share;
  const picks = flow.picksSinceReport;
  const ends = flow.endsSinceReport;
  let mean = reported + (picks - ends) / share;
  // Saturated: the agent may be queueing beyond its slots; our outstanding work says how deep.
  if (lastLoad >= 1 - 1e-9) mean = Math.max(mean, flow.outstanding / share, slots);
  return { mean, spread: Math.sqrt((1 / share - 1) * (picks + ends)) };
}

/** Keeps λ/μ within a range the chain's stationary weights stay finite in. */
function clampRate(lambda: number, mu: number): number {
  const low = mu * 1e-3;
  const high = mu * 1e3;
  return lambda < low ? low : lambda > high ? high : lambda;
}

/**
 * The chain's servers for an agent with `slots`: the agent itself up to MAX_CHAIN_SLOTS, else
 * the group count whose threshold share comes closest to the agent's.
 */
function chainSlotsFor(slots: number, threshold: number): number {
  if (slots <= MAX_CHAIN_SLOTS) return slots;
  const target = Math.ceil(threshold * slots - 1e-9) / slots;
  let best = MAX_CHAIN_SLOTS;
  let bestGap = Infinity;
  for (let c = MAX_CHAIN_SLOTS; c >= 4; c--) {
    const gap = Math.abs(Math.ceil(threshold * c - 1e-9) / c - target);
    if (gap < bestGap - 1e-9) {
      best = c;
      bestGap = gap;
    }
  }
  return best;
}

/**
 * The agent's slots: its capacity signal × the capacity scale (the signal's own value, not the
 * score shrunk towards neutral: a slot count is a fact), or without one the lattice its load
 * reports sit on. `view` holds the agent's signals as of now.
 */
export function slotsOf(record: AgentRecord, view: AgentView, capacityScale: number): number {
  const capacity = view.values[CAPACITY];
  if (capacity === capacity) return Math.max(1, Math.round(capacity * capacityScale));
  return latticeSlots(record);
}

/** Slots inferred from the load reports: the smallest count that puts every recent report on a whole number of tasks. */
function latticeSlots(record: AgentRecord): number {
  const trace = record.loadTrace;
  const from = Math.max(0, trace.size - 20);
  for (let c = 1; c <= 16; c++) {
    let fits = true;
    for (let i = from; i < trace.size && fits; i++) {
      const x = trace.values[trace.slot(i)] * c;
      fits = Math.abs(x - Math.round(x)) < 0.02;
    }
    if (fits) return c;
  }
  return MAX_CHAIN_SLOTS;
}

/** A discretised normal (mean, sd) over 0…states−1; a point mass split between neighbours when sd is small. */
function fillStart(p: Float64Array, states: number, mean: number, sd: number): void {
  const top = states - 1;
  const x = mean < 0 ? 0 : mean > top ? top : mean;
  if (sd < 0.35) {
    p.fill(0, 0, states);
    const low = Math.floor(x);
    const frac = x - low;
    p[low] += 1 - frac;
    if (low + 1 <= top) p[low + 1] += frac;
    else p[low] += frac;
    return;
  }
  let total = 0;
  for (let i = 0; i < states; i++) {
    const z = (i - x) / sd;
    p[i] = Math.exp(-0.5 * z * z);
    total += p[i];
  }
  for (let i = 0; i < states; i++) p[i] /= total;
}

/** Tasks per second per slot for a latency signal value (task time = value × scale, at least 50 ms). */
function serviceRateOf(latency: number, latencyScaleMs: number): number {
  return 1000 / Math.max(50, latency * latencyScaleMs);
}
