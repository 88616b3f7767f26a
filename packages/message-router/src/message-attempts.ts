import type { AgentRegistry } from './agent-registry';
import type { AgentRegistration, MessageEnvelope } from './envelope';
import { MessageUndeliverableError, NoCandidateError, type FailedAttempt } from './errors';
import type { AttemptEvent, AttemptListener, DecisionEvent, DecisionListener } from './events';
import type { InFlightCounts } from './in-flight';
import type { Logger } from './logger';
import type { StrategyStatsRecorder } from './stats';
import { randomIndex } from './strategies/pick';
import { StrategyName, type DeliveryOutcome, type RoutingContext, type RoutingDecision, type RoutingStrategy } from './strategy';

/** Stats key and `RouteResult.strategy` for messages that name their recipient. */
export const EXPLICIT_RECIPIENT = 'EXPLICIT_RECIPIENT';

/** Fallback reasons the router itself records when a strategy misbehaves. */
export const FallbackReason = {
  STRATEGY_ERROR: 'strategy_error',
  INVALID_DECISION: 'invalid_decision',
} as const;

/** What a router shares with every message it routes. */
export interface AttemptEnvironment {
  registry: AgentRegistry;
  maxAttempts: number;
  random: () => number;
  now: () => number;
  logger: Logger;
  inFlight: InFlightCounts;
  /** Read before building an event: on the hot path, nobody listening means no event to build. */
  decisionListeners: ReadonlySet<DecisionListener>;
  attemptListeners: ReadonlySet<AttemptListener>;
  emitDecision(event: DecisionEvent): void;
  emitAttempt(event: AttemptEvent): void;
  /** Told when an attempt settles: an outcome may have freed capacity for held messages. */
  onSettled?(): void;
}

/** The delivery to make next: to whom, on which decision, as which attempt (1 for the first). */
export interface PlannedAttempt {
  agent: AgentRegistration;
  decision: RoutingDecision;
  attempt: number;
}

type State = 'open' | 'delivered' | 'no_candidate' | 'lost';

/** A decision together with the candidate it names. */
interface Choice {
  agent: AgentRegistration;
  decision: RoutingDecision;
}

/**
 * One message's way through the router, everything but the delivery itself: the candidates
 * left (capable agents minus those that already failed it), the attempt count against
 * `maxAttempts`, the strategy's decision guarded against errors and invalid picks, stats,
 * listeners, in-flight counts and each outcome fed back to the strategy. MessageRouter.route()
 * delivers through its transport; a simulator can deliver in virtual time under the same rules.
 *
 * Obtained from MessageRouter.begin(). Call next(), deliver to the planned agent, settle() with
 * the outcome, and repeat until a delivery succeeds or next() returns undefined — then
 * failure() says why the message could not be delivered.
 */
export class MessageAttempts {
  /** The strategy's name, or EXPLICIT_RECIPIENT. */
  readonly strategyName: string;
  private readonly failed: FailedAttempt[] = [];
  private readonly failedIds = new Set<string>();
  private made = 0;
  private pending: PlannedAttempt | undefined;
  private state: State = 'open';
  private noCandidateDetail: string | undefined;

  /** `strategy` undefined: the message names its recipient, which gets exactly one attempt. */
  constructor(
    readonly message: MessageEnvelope,
    private readonly strategy: RoutingStrategy | undefined,
    private readonly stats: StrategyStatsRecorder,
    private readonly env: AttemptEnvironment,
  ) {
    this.strategyName = strategy?.name ?? EXPLICIT_RECIPIENT;
  }

  /** Delivery attempts planned so far. */
  get attempts(): number {
    return this.made;
  }

  get failedAttempts(): readonly FailedAttempt[] {
    return this.failed;
  }

  /**
   * Decides where the next attempt goes and counts it in flight there, or returns undefined
   * when the message is done: delivered, no candidate left, or `maxAttempts` used up.
   */
  next(): PlannedAttempt | undefined {
    if (this.pending !== undefined) {
      throw new Error(`message ${this.message.id}: settle attempt ${this.pending.attempt} before planning another`);
    }
    if (this.state !== 'open') return undefined;
    const attempt = this.made + 1;
    const candidates = attempt > this.env.maxAttempts ? [] : this.candidates(attempt);
    if (candidates.length === 0) return this.giveUp();
    const { agent, decision } = this.strategy === undefined ? this.explicit(candidates[0]) : this.decide(this.strategy, candidates, attempt);
    this.made = attempt;
    this.env.inFlight.add(agent.id);
    this.pending = { agent, decision, attempt };
    return this.pending;
  }

  /**
   * Takes back the attempt next() planned without delivering it — the router holds the message
   * for admission (`decision.hold`) and will decide again: not counted as an attempt, nothing
   * settled, no outcome for the strategy (a strategy that holds records no pick).
   */
  withdraw(): void {
    const planned = this.pending;
    if (planned === undefined) throw new Error(`message ${this.message.id}: no attempt to withdraw`);
    this.pending = undefined;
    this.made = planned.attempt - 1;
    this.env.inFlight.release(planned.agent.id);
    this.stats.holds += 1;
  }

  /** Records how the planned delivery ended; call exactly once per attempt next() planned. */
  settle(outcome: DeliveryOutcome): void {
    const planned = this.pending;
    if (planned === undefined) throw new Error(`message ${this.message.id}: no attempt to settle`);
    this.pending = undefined;
    const { agent, attempt } = planned;
    // Released when the attempt settles, timeouts included: a hung delivery must not pin an agent's count.
    this.env.inFlight.release(agent.id);
    // No strategy hears about explicit recipients: it did not make the choice, and strategies
    // that pair select() with onOutcome() would otherwise see an unmatched outcome.
    if (this.strategy?.onOutcome) {
      try {
        this.strategy.onOutcome(agent.id, outcome);
      } catch (error) {
        this.env.logger.error('strategy onOutcome threw', { strategy: this.strategyName, error: errorMessage(error) });
      }
    }
    if (this.env.attemptListeners.size > 0) {
      this.env.emitAttempt({ ...eventBase(this.message), agentId: agent.id, strategy: this.strategyName, attempt, outcome });
    }
    this.env.onSettled?.();
    if (outcome.success) {
      this.stats.deliveries += 1;
      this.state = 'delivered';
      return;
    }
    this.stats.deliveryFailures += 1;
    this.failedIds.add(agent.id);
    const reason = outcome.error?.message ?? 'delivery failed';
    this.failed.push({ agentId: agent.id, reason, timedOut: outcome.timedOut, latencyMs: outcome.latencyMs });
    this.env.logger.debug('delivery failed; retrying on another candidate', { messageId: this.message.id, agentId: agent.id, reason });
  }

  /** Why the message could not be delivered, once next() has returned undefined without a success. */
  failure(): NoCandidateError | MessageUndeliverableError {
    if (this.state === 'no_candidate') return new NoCandidateError(this.message.id, this.message.capability, this.noCandidateDetail);
    if (this.state === 'lost') return new MessageUndeliverableError(this.message.id, this.failed);
    throw new Error(`message ${this.message.id} has not failed`);
  }

  private candidates(attempt: number): readonly AgentRegistration[] {
    const { message } = this;
    if (this.strategy !== undefined) {
      // Re-read the registry each attempt: agents may have left while a delivery was pending.
      const capable = this.env.registry.candidatesFor(message.capability);
      return this.failedIds.size === 0 ? capable : capable.filter((a) => !this.failedIds.has(a.id));
    }
    // A named recipient has no substitute: one attempt, and only if it can take the message.
    if (attempt > 1) return [];
    const agent = this.env.registry.get(message.recipient as string);
    if (agent === undefined) {
      this.noCandidateDetail = `Recipient ${message.recipient} of message ${message.id} is not registered`;
      return [];
    }
    if (message.capability !== undefined && !agent.capabilities.includes(message.capability)) {
      this.noCandidateDetail = `Recipient ${agent.id} does not offer capability "${message.capability}" for message ${message.id}`;
      return [];
    }
    return [agent];
  }

  private giveUp(): undefined {
    if (this.made === 0) {
      this.state = 'no_candidate';
      this.stats.noCandidates += 1;
    } else {
      this.state = 'lost';
      this.stats.lost += 1;
      this.env.logger.warn('message lost', { messageId: this.message.id, attempts: this.failed.length });
    }
    return undefined;
  }

  private explicit(agent: AgentRegistration): Choice {
    const decision: RoutingDecision = {
      agentId: agent.id,
      explanation: { strategy: EXPLICIT_RECIPIENT, reason: 'message names its recipient' },
    };
    this.stats.decisions += 1;
    if (this.env.decisionListeners.size > 0) {
      this.env.emitDecision({ ...eventBase(this.message), strategy: EXPLICIT_RECIPIENT, attempt: 1, candidateIds: [agent.id], decision, latencyNs: 0 });
    }
    return { agent, decision };
  }

  private decide(strategy: RoutingStrategy, candidates: readonly AgentRegistration[], attempt: number): Choice {
    const { env } = this;
    const ctx: RoutingContext = {
      message: this.message,
      candidates,
      inFlight: (agentId) => env.inFlight.get(agentId),
      random: env.random,
      now: env.now,
      attempt,
    };
    const started = process.hrtime.bigint();
    let choice: Choice;
    try {
      const decision = strategy.select(ctx);
      const agent = decision ? candidates.find((c) => c.id === decision.agentId) : undefined;
      choice = agent ? { agent, decision } : this.fallback(ctx, FallbackReason.INVALID_DECISION, `chose ${String(decision?.agentId)}, not a candidate`);
    } catch (error) {
      choice = this.fallback(ctx, FallbackReason.STRATEGY_ERROR, errorMessage(error));
    }
    const { decision } = choice;
    const latencyNs = Number(process.hrtime.bigint() - started);
    this.stats.decisions += 1;
    this.stats.decisionLatency.record(latencyNs);
    if (decision.fallbackReason !== undefined) this.stats.recordFallback(decision.fallbackReason);
    if (env.decisionListeners.size > 0) {
      env.emitDecision({
        ...eventBase(this.message),
        strategy: strategy.name,
        attempt,
        candidateIds: candidates.map((c) => c.id),
        decision,
        latencyNs,
      });
    }
    return choice;
  }

  private fallback(ctx: RoutingContext, reason: string, detail: string): Choice {
    this.env.logger.warn('routing strategy failed; falling back to random', { messageId: ctx.message.id, reason, detail });
    const agent = ctx.candidates[randomIndex(ctx.candidates.length, ctx.random)];
    const decision: RoutingDecision = {
      agentId: agent.id,
      fallbackReason: reason,
      explanation: { strategy: StrategyName.RANDOM, reason: `fallback (${reason}): ${detail}` },
    };
    return { agent, decision };
  }
}

function eventBase(message: MessageEnvelope): { messageId: string; traceId?: string; capability?: string } {
  return { messageId: message.id, traceId: message.trace_id, capability: message.capability };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
