import { isSelectionFallback, SELECTION_FALLBACKS, type SelectionResult, type WeightProfile } from '@agentcore/coordination-core';

/**
 * Why a ripple decision went to the fallback strategy: coordination's own fallbacks (core's
 * SELECTION_FALLBACKS — nothing to rank the candidates by), plus the ripple-side ones: turned
 * off, or the scores could not be had or trusted.
 */
export const FALLBACK_REASONS = ['disabled', ...SELECTION_FALLBACKS, 'error', 'timeout', 'stale', 'circuit_open'] as const;
export type FallbackReason = (typeof FALLBACK_REASONS)[number];

export interface SourceSelectOptions {
  weights?: WeightProfile;
  explain: boolean;
  /** Ask whether any candidate should take more work now (the result may say `admitted: false`). */
  admission?: boolean;
}

export type SourceSelection =
  | { kind: 'selected'; result: SelectionResult }
  | { kind: 'fallback'; reason: FallbackReason; detail?: string };

/**
 * Where ripple gets its scores. Synchronous on purpose: a routing decision never waits on
 * the network; a remote source answers from its local cache and refreshes in the background.
 */
export interface ScoreSource {
  readonly mode: 'in-process' | 'remote';
  select(candidateIds: readonly string[], options: SourceSelectOptions): SourceSelection;
  /** Counts a task routed to the agent (also when the fallback picked it), for herding protection. */
  recordAssignment(agentId: string): void;
  /** Counts a task that left the agent (delivered and done, failed or timed out). */
  recordCompletion(agentId: string): void;
  start?(): Promise<void>;
  close?(): Promise<void>;
}

/** Maps core's own fallbacks (nothing to go on) to ripple's fallback reasons. */
export function fromCoreSelection(result: SelectionResult): SourceSelection {
  return isSelectionFallback(result.reason) ? { kind: 'fallback', reason: result.reason } : { kind: 'selected', result };
}

/**
 * Runs a selection on a core service and maps its result; a throw (invalid weights,
 * corrupt state) becomes an 'error' fallback, so it is counted by ripple and never
 * escapes to the router.
 */
export function selectFromCore(select: () => SelectionResult): SourceSelection {
  try {
    return fromCoreSelection(select());
  } catch (error) {
    return { kind: 'fallback', reason: 'error', detail: error instanceof Error ? error.message : String(error) };
  }
}
