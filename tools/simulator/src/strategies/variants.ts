import type { CoordinationConfig, CoordinationService, SelectionTuning } from '@agentcore/coordination-core';
import type { AgentRegistration, RoutingStrategy } from '@agentcore/message-router';
import { createRippleStrategy, InProcessScoreSource } from '@agentcore/router-ripple';

/**
 * A ripple variant run beside the shipped strategies: either the product with one change
 * taken back (to show what that change bought) or a proposed change tried out through core's
 * public API before anyone edits core. Applied to every scenario alike: a variant never
 * knows which scenario it runs in.
 */
export interface RippleVariant {
  name: string;
  description: string;
  /** What the variant is for: `baseline` takes a shipped change back, `proposal` tries a new one. */
  kind: 'baseline' | 'proposal';
  /**
   * Hide settled deliveries from ripple (its `onOutcome` is not called), so core never hears
   * of completions: ripple as it was before completion feedback shipped.
   */
  withoutCompletionFeedback?: boolean;
  /**
   * Exclude candidates whose quality score is below the task's minimum quality while at least
   * one candidate meets it (otherwise leave the candidates alone): a per-message minimum
   * quality as a hard filter, tried from outside through core's `getStates`.
   */
  minQualityFilter?: boolean;
  coordination?: Partial<CoordinationConfig>;
  selection?: Partial<SelectionTuning>;
}

export const NO_FEEDBACK_VARIANT = 'ripple (no completion feedback)';
export const QUALITY_VARIANT = 'ripple+quality';
export const NO_QUALITY_FACTOR_VARIANT = 'ripple (no quality factor)';
export const MIN_QUALITY_VARIANT = 'ripple+min-quality';

/** Default weights shifted towards quality: the proposal measured as `ripple+quality`. */
export const QUALITY_WEIGHTS = { load: 0.25, capacity: 0.15, quality: 0.35, cost: 0.1, availability: 0.15, latency: 0 } as const;

export const RIPPLE_VARIANTS: readonly RippleVariant[] = [
  {
    name: NO_FEEDBACK_VARIANT,
    kind: 'baseline',
    description:
      'The shipped ripple strategy with its onOutcome never called, so picks count as work on an agent until its next load signal and completions never subtract: ripple before completion feedback.',
    withoutCompletionFeedback: true,
  },
  {
    name: QUALITY_VARIANT,
    kind: 'proposal',
    description: 'The shipped ripple strategy (completion feedback, quality factor) with default weights load .25, capacity .15, quality .35, cost .10, availability .15.',
    coordination: { weights: { ...QUALITY_WEIGHTS } },
  },
  {
    name: NO_QUALITY_FACTOR_VARIANT,
    kind: 'baseline',
    description:
      'The shipped ripple strategy with the quality factor off (selection tuning qualityEmphasis 0): quality enters only through the weighted sum, as before the quality factor shipped.',
    selection: { qualityEmphasis: 0 },
  },
  {
    name: MIN_QUALITY_VARIANT,
    kind: 'proposal',
    description:
      "The shipped ripple strategy, with candidates whose quality score (shrunk, 0.5 when unknown) is below the task's minimum quality excluded while at least one available candidate meets it.",
    minQualityFilter: true,
  },
];

/**
 * Ripple as router-ripple builds it, optionally with delivery outcomes withheld from it or
 * with candidates below the task's minimum quality filtered out before it decides.
 */
export function variantStrategy(service: CoordinationService, variant: RippleVariant): RoutingStrategy {
  const ripple = createRippleStrategy({ source: new InProcessScoreSource(service) });
  if (variant.minQualityFilter === true) {
    return {
      name: ripple.name,
      select: (ctx) => ripple.select({ ...ctx, candidates: meetingMinQuality(service, ctx.candidates, taskMinQuality(ctx.message.payload)) }),
      onOutcome: (agentId, outcome) => ripple.onOutcome?.(agentId, outcome),
    };
  }
  if (variant.withoutCompletionFeedback !== true) return ripple;
  // No onOutcome at all: the router has nothing to forward, exactly like a strategy without feedback.
  return { name: ripple.name, select: (ctx) => ripple.select(ctx) };
}

/** The simulator's tasks carry their bar in the payload (`{ minQuality }`). */
export function taskMinQuality(payload: unknown): number | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const value = (payload as { minQuality?: unknown }).minQuality;
  return typeof value === 'number' ? value : undefined;
}

/**
 * The candidates whose quality score meets `minQuality`, among those core could pick (known,
 * not reporting availability 0); all of them when none meets it or no bar is given.
 */
export function meetingMinQuality(
  service: CoordinationService,
  candidates: readonly AgentRegistration[],
  minQuality: number | undefined,
): readonly AgentRegistration[] {
  if (minQuality === undefined) return candidates;
  const meets = new Set(
    service
      .getStates(candidates.map((c) => c.id))
      .filter((s) => s.signals.availability?.value !== 0 && s.quality_score >= minQuality)
      .map((s) => s.agent_id),
  );
  return meets.size === 0 ? candidates : candidates.filter((c) => meets.has(c.id));
}
