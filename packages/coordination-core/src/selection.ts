import type { AgentRecord } from './agent-record';
import type { CandidateExplanation, SelectionReason, SelectionResult, WeightProfile, Weights } from './models';
import type { Random } from './random';
import { dimensionScores, SCORE_SLOT, SCORE_SLOTS, scoreInto, TYPE_INDEX, type AgentView, type SelectionTuning } from './scoring';

// Copied into locals: see agent-record.ts on imported bindings in per-candidate loops.
const score = scoreInto;
const ROUTING = SCORE_SLOT.routing;
const SELECTION = SCORE_SLOT.selection;

export interface SelectOptions {
  /** Per-request weight profile; dimensions left out weigh 0. Defaults to the configured weights. */
  weights?: WeightProfile;
  /** Attach the per-candidate breakdown and the reason for the pick. */
  explain?: boolean;
  /** Count the pick as work on the chosen agent (default true). */
  recordAssignment?: boolean;
  /**
   * Ask whether any candidate should take more work now: when every one is likely to be
   * overloaded during the task, the result says `admitted: false` with a `retry_after_ms`, and
   * the pick is not counted (see docs/coordination-core.md, Admission).
   */
  admission?: boolean;
}

export interface SelectionInputs {
  agents: ReadonlyMap<string, AgentRecord>;
  weights: Weights;
  now: number;
  random: Random;
  capacityScale: number;
  tuning: SelectionTuning;
  explain: boolean;
  view: AgentView;
}

const AVAILABILITY = TYPE_INDEX.availability;

// Reused between calls: selection runs thousands of times a second and must not allocate per candidate.
let scratchScores = new Float64Array(1024);
let scratchRouting = new Float64Array(1024);
let scratchEligible = new Uint8Array(1024);
const scratchBreakdown = new Float64Array(SCORE_SLOTS);

/**
 * Hard filters first (no active signals, availability 0) — unless they would leave nothing,
 * in which case the pick is random and flagged as a fallback. Then the best selection score
 * wins, and candidates within `tieEpsilon` of it are a near-tie broken at random, so equal
 * agents share the work instead of the first in the list taking all of it.
 */
let selectionMark = 0;

export function selectFrom(candidates: readonly string[], inputs: SelectionInputs): SelectionResult {
  const n = candidates.length;
  const mark = ++selectionMark;
  if (scratchScores.length < n) {
    scratchScores = new Float64Array(n * 2);
    scratchRouting = new Float64Array(n * 2);
    scratchEligible = new Uint8Array(n * 2);
  }
  const { agents, weights, now, capacityScale, tuning, view } = inputs;
  const explanations: CandidateExplanation[] | undefined = inputs.explain ? [] : undefined;
  let withSignals = 0;
  let eligible = 0;
  let best = -Infinity;
  const breakdown = scratchBreakdown;
  for (let i = 0; i < n; i++) {
    const record = agents.get(candidates[i]);
    const hasSignals = record !== undefined && record.fillView(view, now);
    if (!hasSignals) {
      view.values.fill(Number.NaN);
      view.weights.fill(0);
    }
    const assignments = record === undefined ? 0 : record.assignments;
    score(view, weights, assignments, capacityScale, tuning, breakdown);
    const unavailable = hasSignals && view.weights[AVAILABILITY] > 0 && view.values[AVAILABILITY] === 0;
    // An id listed twice is one agent: counting it twice would double its chance in a near-tie.
    const repeated = record !== undefined && record.selectionMark === mark;
    if (record !== undefined) record.selectionMark = mark;
    const ok = hasSignals && !unavailable && !repeated;
    const selectionScore = breakdown[SELECTION];
    scratchEligible[i] = ok ? 1 : 0;
    scratchScores[i] = selectionScore;
    scratchRouting[i] = breakdown[ROUTING];
    if (hasSignals) withSignals++;
    if (ok) {
      eligible++;
      if (selectionScore > best) best = selectionScore;
    }
    if (explanations !== undefined) {
      const entry: CandidateExplanation = {
        agent_id: candidates[i],
        routing_score: breakdown[ROUTING],
        selection_score: selectionScore,
        effective_load: breakdown[SCORE_SLOT.effectiveLoad],
        assignments_since_load_signal: assignments,
        scores: dimensionScores(breakdown),
      };
      if (!hasSignals) entry.excluded = 'no_signals';
      else if (unavailable) entry.excluded = 'unavailable';
      else if (repeated) entry.excluded = 'duplicate';
      explanations.push(entry);
    }
  }

  let chosen: number;
  let reason: SelectionReason;
  if (eligible === 0) {
    // Nothing to go on (or everyone said they are down): spread the risk evenly.
    chosen = Math.min(n - 1, Math.floor(inputs.random() * n));
    reason = withSignals === 0 ? 'no_signals' : 'all_unavailable';
  } else if (eligible === 1 && n === 1) {
    chosen = 0;
    reason = 'only_candidate';
  } else {
    // Relative, so that deep in congestion — where every score is small — a much busier agent
    // is not a "near-tie" of a less busy one.
    const floor = best - tuning.tieEpsilon * best;
    let ties = 0;
    for (let i = 0; i < n; i++) if (scratchEligible[i] === 1 && scratchScores[i] >= floor) ties++;
    let pick = ties > 1 ? Math.min(ties - 1, Math.floor(inputs.random() * ties)) : 0;
    chosen = -1;
    for (let i = 0; i < n; i++) {
      if (scratchEligible[i] === 1 && scratchScores[i] >= floor) {
        if (pick === 0) {
          chosen = i;
          break;
        }
        pick--;
      }
    }
    reason = ties > 1 ? 'near_tie_random' : 'highest_score';
  }

  const result: SelectionResult = {
    agent_id: candidates[chosen],
    routing_score: scratchRouting[chosen],
    selection_score: scratchScores[chosen],
    reason,
  };
  if (explanations !== undefined) {
    result.explanation = {
      reason,
      weights: { ...weights },
      tie_epsilon: tuning.tieEpsilon,
      candidates: explanations,
    };
  }
  return result;
}
