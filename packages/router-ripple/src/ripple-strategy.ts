import type { WeightProfile } from '@agentcore/coordination-core';
import {
  noopLogger,
  RandomStrategy,
  StrategyName,
  type DeliveryOutcome,
  type Logger,
  type RoutingContext,
  type RoutingDecision,
  type RoutingStrategy,
} from '@agentcore/message-router';
import type { RippleMetrics } from './metrics';
import { FALLBACK_REASONS, type FallbackReason, type ScoreSource } from './score-source';

export interface RippleStrategyOptions {
  source: ScoreSource;
  /** COORDINATION_ENABLE_REP: when false every decision goes to the fallback. Default true. */
  enabled?: boolean;
  /** Used when coordination cannot decide. Default RANDOM. */
  fallback?: RoutingStrategy;
  /** Weight profile for every decision; the source's configured weights when absent. */
  weights?: WeightProfile;
  /** Attach every candidate's score breakdown to each decision (costs time; meant for tracing). */
  explain?: boolean;
  /**
   * RIPPLE_ADMISSION: ask coordination whether any candidate should take more work; when a task
   * sent now would more likely than not wait on every one, the decision holds the message
   * (`hold.retryAfterMs`), for a router with admission control to queue. Default false.
   */
  admission?: boolean;
  metrics?: RippleMetrics;
  logger?: Logger;
}

export interface RippleStats {
  decisions: number;
  coordinated: number;
  /** Decisions that held the message (admission): coordination said no candidate should take more work. */
  held: number;
  fallbacks: Record<FallbackReason, number>;
}

/**
 * RIPPLE_COORDINATION: sends each message to the agent with the best coordination score,
 * counting each pick as work on that agent until its next load signal. Whenever the
 * scores cannot be trusted it hands the decision to the fallback strategy and says why.
 */
export class RippleStrategy implements RoutingStrategy {
  readonly name: string = StrategyName.RIPPLE_COORDINATION;
  private readonly fallback: RoutingStrategy;
  private readonly logger: Logger;
  private readonly counters: RippleStats;
  private lastMode: 'coordinated' | FallbackReason | undefined;
  /** Picks ripple counted on each agent (recordAssignment) whose delivery has not settled yet. */
  private readonly outstanding = new Map<string, number>();

  constructor(private readonly options: RippleStrategyOptions) {
    this.fallback = options.fallback ?? new RandomStrategy();
    this.logger = options.logger ?? noopLogger;
    this.counters = {
      decisions: 0,
      coordinated: 0,
      held: 0,
      fallbacks: Object.fromEntries(FALLBACK_REASONS.map((r) => [r, 0])) as Record<FallbackReason, number>,
    };
  }

  get source(): ScoreSource {
    return this.options.source;
  }

  select(ctx: RoutingContext): RoutingDecision {
    this.counters.decisions++;
    if (this.options.enabled === false) return this.fallBack(ctx, 'disabled');
    const candidates = ctx.candidates;
    const ids = new Array<string>(candidates.length);
    for (let i = 0; i < candidates.length; i++) ids[i] = candidates[i].id;
    const outcome = this.options.source.select(ids, {
      weights: this.options.weights,
      explain: this.options.explain === true,
      admission: this.options.admission === true,
    });
    if (outcome.kind === 'fallback') return this.fallBack(ctx, outcome.reason, outcome.detail);

    const { result } = outcome;
    if (result.admitted === false) {
      // No pick is recorded: the router holds the message and asks again.
      this.counters.held++;
      this.options.metrics?.decision('held');
      this.noteMode('coordinated');
      return {
        agentId: result.agent_id,
        hold: { retryAfterMs: result.retry_after_ms ?? 1000 },
        explanation: { strategy: this.name, reason: 'held', source: this.options.source.mode, retry_after_ms: result.retry_after_ms },
      };
    }
    this.recordPick(result.agent_id);
    this.counters.coordinated++;
    this.options.metrics?.decision('coordinated');
    this.noteMode('coordinated');
    return {
      agentId: result.agent_id,
      explanation: {
        strategy: this.name,
        reason: result.reason,
        source: this.options.source.mode,
        routing_score: result.routing_score,
        selection_score: result.selection_score,
        ...(result.explanation === undefined
          ? {}
          : {
              weights: result.explanation.weights,
              tie_epsilon: result.explanation.tie_epsilon,
              candidates: result.explanation.candidates.map((c) => ({ agentId: c.agent_id, score: c.selection_score, ...c })),
            }),
      },
    };
  }

  private fallBack(ctx: RoutingContext, reason: FallbackReason, detail?: string): RoutingDecision {
    const decision = this.fallback.select(ctx);
    // The fallback's pick is work on that agent too: keep the herding count honest.
    if (reason !== 'disabled') this.recordPick(decision.agentId);
    this.counters.fallbacks[reason]++;
    this.options.metrics?.decision('fallback', reason);
    this.noteMode(reason, detail);
    return {
      agentId: decision.agentId,
      fallbackReason: reason,
      explanation: {
        strategy: this.name,
        reason: `fallback:${reason}`,
        source: this.options.source.mode,
        fallback_strategy: this.fallback.name,
        ...(detail === undefined ? {} : { detail }),
        fallback_explanation: decision.explanation,
      },
    };
  }

  /** Logs when ripple starts or stops falling back, not on every decision. */
  private noteMode(mode: 'coordinated' | FallbackReason, detail?: string): void {
    if (mode === this.lastMode) return;
    const previous = this.lastMode;
    this.lastMode = mode;
    if (mode === 'coordinated') {
      if (previous !== undefined) this.logger.info('ripple routing on coordination scores again', { previous });
    } else {
      this.logger.warn('ripple routing falling back', { reason: mode, fallback: this.fallback.name, detail });
    }
  }

  private recordPick(agentId: string): void {
    this.options.source.recordAssignment(agentId);
    this.outstanding.set(agentId, (this.outstanding.get(agentId) ?? 0) + 1);
  }

  /**
   * Every settled delivery — success, failure or timeout — is a task that no longer weighs on
   * the agent. Feeding that back keeps effective load honest between load signals: without it
   * an agent that finished its work still looks busy until its next report, and the one that
   * reported last takes a whole burst.
   *
   * Only work ripple itself counted is taken back: a delivery whose pick ripple never recorded
   * (the router's own fallback after a strategy error or an invalid decision; coordination
   * disabled) would otherwise make the agent look idler than it is. A load signal resets the
   * source's assignment count, so a pick made before it may complete after it; the source's net
   * count then goes below zero, which stands for tasks in flight at the signal that finished.
   */
  onOutcome(agentId: string, outcome: DeliveryOutcome): void {
    const picks = this.outstanding.get(agentId) ?? 0;
    if (picks > 0) {
      if (picks === 1) this.outstanding.delete(agentId);
      else this.outstanding.set(agentId, picks - 1);
      this.options.source.recordCompletion(agentId);
    }
    this.fallback.onOutcome?.(agentId, outcome);
  }

  stats(): RippleStats {
    return { ...this.counters, fallbacks: { ...this.counters.fallbacks } };
  }

  async close(): Promise<void> {
    await this.fallback.close?.();
    await this.options.source.close?.();
  }
}
