import type { DimensionScores, SignalType, Weights } from './models';

/** Index of each signal type in the per-agent typed arrays. */
export const TYPE_INDEX: Readonly<Record<SignalType, number>> = {
  load: 0,
  capacity: 1,
  quality: 2,
  cost: 3,
  latency: 4,
  availability: 5,
};
export const TYPE_COUNT = 6;
const LOAD = TYPE_INDEX.load;
const CAPACITY = TYPE_INDEX.capacity;
const QUALITY = TYPE_INDEX.quality;
const COST = TYPE_INDEX.cost;
const LATENCY = TYPE_INDEX.latency;
const AVAILABILITY = TYPE_INDEX.availability;

/** The neutral prior: what every dimension scores when nothing is known. */
export const NEUTRAL = 0.5;

/**
 * How a signal's age reduces its weight: 1 when fresh, 0 at expiry. Quadratic so that a
 * signal reported on schedule (well inside its TTL) still counts almost fully, while one
 * close to expiry fades out instead of dropping off a cliff.
 */
export function decay(ageMs: number, ttlMs: number): number {
  if (ageMs <= 0) return 1;
  if (ageMs >= ttlMs) return 0;
  const x = ageMs / ttlMs;
  return 1 - x * x;
}

/**
 * The score a signal value implies on its dimension before confidence and age are applied.
 * Higher is better: load, cost and latency are inverted.
 */
export function impliedScore(type: SignalType, value: number): number {
  switch (type) {
    case 'load':
    case 'cost':
    case 'latency':
      return 1 - value;
    default:
      return value;
  }
}

/** Moves from the neutral prior toward `implied` by `weight` (confidence × decay). */
export function shrink(implied: number, weight: number): number {
  return NEUTRAL + weight * (implied - NEUTRAL);
}

/**
 * Tuning of the selection score beyond the weighted sum. The weighted sum is bounded, so on
 * its own it lets quality, cost and capacity outvote load: an agent past saturation could
 * still "win". The congestion factor keeps penalising effective load past `threshold`, and
 * grows with the agent's typical latency, since the expected wait of a queued task is
 * roughly (queued work × service time) — the same idea as Prequal's RIF × latency.
 */
export interface SelectionTuning {
  /** Effective load from which the congestion penalty starts. */
  congestionThreshold: number;
  /** How steeply the penalty grows per unit of effective load past the threshold. */
  congestionSteepness: number;
  /** How much the agent's latency (0..1) amplifies the congestion penalty. */
  latencyFactor: number;
  /** Candidates whose selection score is within this fraction of the best are a near-tie, broken at random. */
  tieEpsilon: number;
  /**
   * Strength of the quality factor: the selection score is multiplied by
   * quality_score^(qualityEmphasis × quality weight). Quality is the share of tasks an agent
   * does well — a probability of a good outcome — so a router that wants tasks done well
   * weighs it multiplicatively, as it does the chance of being on time; in a weighted sum a
   * cheap agent that botches half its tasks can outscore a good one. The exponent follows
   * the quality weight, so a profile that ignores quality (e.g. cost only) is unaffected;
   * with the default weights (quality 0.2) and emphasis 5 the exponent is 1. 0 turns it off.
   */
  qualityEmphasis: number;
}

export const DEFAULT_SELECTION_TUNING: Readonly<SelectionTuning> = Object.freeze({
  congestionThreshold: 0.7,
  congestionSteepness: 4,
  latencyFactor: 1,
  tieEpsilon: 0.01,
  qualityEmphasis: 5,
});

/** Per-dimension weights already applied (confidence × decay) to one agent's active signals. */
export interface AgentView {
  /** `value` of the active signal per type index, NaN when absent or expired. */
  values: Float64Array;
  /** confidence × decay per type index, 0 when absent or expired. */
  weights: Float64Array;
}

export interface ScoreBreakdown {
  scores: DimensionScores;
  routingScore: number;
  effectiveLoad: number;
  selectionScore: number;
}

/** Layout of the scratch array `scoreInto` fills: the six dimension scores, then the totals. */
export const SCORE_SLOT = {
  ...TYPE_INDEX,
  routing: 6,
  effectiveLoad: 7,
  selection: 8,
} as const;
export const SCORE_SLOTS = 9;

/**
 * Scores one agent into `out` (laid out as SCORE_SLOT) without allocating: selection scores
 * every candidate on every decision. `assignments` is the net work routed to the agent since
 * its last load signal — selections minus completions — so load keeps tracking the agent
 * between signals: up with each pick, down as tasks finish. It may be negative (work in flight
 * at the last report has finished since); effective load never goes below 0.
 */
export function scoreInto(
  view: AgentView,
  weights: Weights,
  assignments: number,
  capacityScale: number,
  tuning: SelectionTuning,
  out: Float64Array,
): void {
  const { values, weights: w } = view;
  const shrunkLoad = NEUTRAL + w[LOAD] * ((w[LOAD] > 0 ? values[LOAD] : NEUTRAL) - NEUTRAL);
  const capacity = shrink(w[CAPACITY] > 0 ? values[CAPACITY] : NEUTRAL, w[CAPACITY]);
  const slots = Math.max(1, capacity * capacityScale);
  const netLoad = shrunkLoad + assignments / slots;
  const effectiveLoad = netLoad > 0 ? netLoad : 0;
  const latency = NEUTRAL + w[LATENCY] * ((w[LATENCY] > 0 ? values[LATENCY] : NEUTRAL) - NEUTRAL);
  const load = clamp01(1 - effectiveLoad);
  const quality = shrink(w[QUALITY] > 0 ? values[QUALITY] : NEUTRAL, w[QUALITY]);
  const cost = shrink(w[COST] > 0 ? 1 - values[COST] : NEUTRAL, w[COST]);
  const latencyScore = 1 - latency;
  const availability = shrink(w[AVAILABILITY] > 0 ? values[AVAILABILITY] : NEUTRAL, w[AVAILABILITY]);
  // Normalised weights sum to 1 up to rounding; keep the result inside [0, 1] exactly.
  const routing = clamp01(
    weights.load * load +
      weights.capacity * capacity +
      weights.quality * quality +
      weights.cost * cost +
      weights.availability * availability +
      weights.latency * latencyScore,
  );
  const overload = effectiveLoad - tuning.congestionThreshold;
  const congestion =
    overload > 0 ? 1 / (1 + tuning.congestionSteepness * overload * (1 + tuning.latencyFactor * latency)) : 1;
  out[LOAD] = load;
  out[CAPACITY] = capacity;
  out[QUALITY] = quality;
  out[COST] = cost;
  out[LATENCY] = latencyScore;
  out[AVAILABILITY] = availability;
  out[SCORE_SLOT.routing] = routing;
  out[SCORE_SLOT.effectiveLoad] = effectiveLoad;
  const qualityExponent = tuning.qualityEmphasis * weights.quality;
  out[SCORE_SLOT.selection] = routing * congestion * (qualityExponent === 0 ? 1 : Math.pow(quality, qualityExponent));
}

const scratch = new Float64Array(SCORE_SLOTS);

/** Scores one agent, as objects: for explanations and state, where allocation does not matter. */
export function scoreAgent(
  view: AgentView,
  weights: Weights,
  assignments: number,
  capacityScale: number,
  tuning: SelectionTuning,
): ScoreBreakdown {
  scoreInto(view, weights, assignments, capacityScale, tuning, scratch);
  return {
    scores: dimensionScores(scratch),
    routingScore: scratch[SCORE_SLOT.routing],
    effectiveLoad: scratch[SCORE_SLOT.effectiveLoad],
    selectionScore: scratch[SCORE_SLOT.selection],
  };
}

/** The six dimension scores of a `scoreInto` result, as an object. */
export function dimensionScores(out: Float64Array): DimensionScores {
  return {
    load: out[LOAD],
    capacity: out[CAPACITY],
    quality: out[QUALITY],
    cost: out[COST],
    latency: out[LATENCY],
    availability: out[AVAILABILITY],
  };
}

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
