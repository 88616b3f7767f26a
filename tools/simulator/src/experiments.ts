import type { CoordinationConfig, CoordinationService, SelectionTuning } from '@agentcore/coordination-core';
import type { RoutingStrategyImpl } from '@agentcore/message-router';
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
  coordination?: Partial<CoordinationConfig>;
  selection?: Partial<SelectionTuning>;
}

export const NO_FEEDBACK_VARIANT = 'ripple (no completion feedback)';
export const QUALITY_VARIANT = 'ripple+quality';
export const NO_QUALITY_FACTOR_VARIANT = 'ripple (no quality factor)';

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
];

/** Ripple as router-ripple builds it, optionally with delivery outcomes withheld from it. */
export function variantStrategy(service: CoordinationService, variant: RippleVariant): RoutingStrategyImpl {
  const ripple = createRippleStrategy({ source: new InProcessScoreSource(service) });
  if (variant.withoutCompletionFeedback !== true) return ripple;
  // No onOutcome at all: the router has nothing to forward, exactly like a strategy without feedback.
  return { name: ripple.name, select: (ctx) => ripple.select(ctx) };
}
