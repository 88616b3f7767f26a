import type { AgentRegistry } from './agent-registry';
import type { AgentRegistration, MessageEnvelope } from './envelope';
import { DeliveryTimeoutError, MessageUndeliverableError, NoCandidateError, type FailedAttempt } from './errors';
import type { AttemptListener, DecisionEvent, DecisionListener } from './events';
import { noopLogger, type Logger } from './logger';
import type { MessageRouterOptions, RouteResult, StrategySpec } from './router-options';
import { StrategyStatsRecorder, type RouterStats } from './stats';
import { randomIndex } from './strategies/pick';
import { StrategyName, type DeliveryOutcome, type RoutingContext, type RoutingDecision, type RoutingStrategy } from './strategy';
import { createDefaultStrategyRegistry, type StrategyRegistry } from './strategy-registry';
import type { Transport } from './transport';

/** Stats key and `RouteResult.strategy` for messages that name their recipient. */
export const EXPLICIT_RECIPIENT = 'EXPLICIT_RECIPIENT';

/** Fallback reasons the router itself records when a strategy misbehaves. */
export const FallbackReason = {
  STRATEGY_ERROR: 'strategy_error',
  INVALID_DECISION: 'invalid_decision',
} as const;

export const DEFAULT_TIMEOUT_MS = 5000;

type AttemptResult =
  | { success: true; response: unknown; outcome: DeliveryOutcome }
  | { success: false; outcome: DeliveryOutcome & { error: Error } };

/**
 * Routes each message to one registered agent: the strategy picks, the transport delivers,
 * and a failed or timed-out delivery is retried on another candidate until none is left.
 */
export class MessageRouter {
  private readonly registry: AgentRegistry;
  private readonly strategies: StrategyRegistry;
  private readonly transport: Transport;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly logger: Logger;
  private readonly inFlightCounts = new Map<string, number>();
  private readonly statsByStrategy = new Map<string, StrategyStatsRecorder>();
  private readonly decisionListeners = new Set<DecisionListener>();
  private readonly attemptListeners = new Set<AttemptListener>();
  private current: RoutingStrategy;
  private ownsCurrent = false;

  constructor(options: MessageRouterOptions) {
    this.registry = options.registry;
    this.transport = options.transport;
    this.strategies = options.strategies ?? createDefaultStrategyRegistry();
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(this.timeoutMs > 0) || !Number.isFinite(this.timeoutMs)) {
      throw new RangeError(`timeoutMs must be a positive finite number, got ${options.timeoutMs}`);
    }
    this.maxAttempts = options.maxAttempts ?? Number.POSITIVE_INFINITY;
    if (!(this.maxAttempts >= 1)) {
      throw new RangeError(`maxAttempts must be at least 1, got ${options.maxAttempts}`);
    }
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? noopLogger;
    if (options.onDecision) this.decisionListeners.add(options.onDecision);
    if (options.onAttempt) this.attemptListeners.add(options.onAttempt);
    const { strategy, owned } = this.resolveStrategy(options.strategy);
    this.current = strategy;
    this.ownsCurrent = owned;
  }

  get strategy(): RoutingStrategy {
    return this.current;
  }

  /** Messages already being routed finish with the strategy they started with. */
  setStrategy(spec: StrategySpec): void {
    const { strategy, owned } = this.resolveStrategy(spec);
    const previous = this.current;
    const ownedPrevious = this.ownsCurrent;
    this.current = strategy;
    this.ownsCurrent = owned;
    if (ownedPrevious && previous !== strategy) void this.closeStrategy(previous);
    this.logger.info('routing strategy changed', { from: previous.name, to: strategy.name });
  }

  inFlight(agentId: string): number {
    return this.inFlightCounts.get(agentId) ?? 0;
  }

  addDecisionListener(listener: DecisionListener): () => void {
    this.decisionListeners.add(listener);
    return () => this.decisionListeners.delete(listener);
  }

  addAttemptListener(listener: AttemptListener): () => void {
    this.attemptListeners.add(listener);
    return () => this.attemptListeners.delete(listener);
  }

  stats(): RouterStats {
    const result: RouterStats = {};
    for (const [name, recorder] of this.statsByStrategy) result[name] = recorder.snapshot();
    return result;
  }

  resetStats(): void {
    this.statsByStrategy.clear();
  }

  async route(message: MessageEnvelope): Promise<RouteResult> {
    assertEnvelope(message);
    if (message.recipient !== undefined) return this.routeToRecipient(message);

    // Captured once so a concurrent setStrategy cannot mix two policies within one message.
    const strategy = this.current;
    const stats = this.statsFor(strategy.name);
    const failed: FailedAttempt[] = [];
    const excluded = new Set<string>();
    for (let attempt = 1; ; attempt += 1) {
      // Re-read the registry each attempt: agents may have left while a delivery was pending.
      const candidates = this.registry.candidatesFor(message.capability).filter((a) => !excluded.has(a.id));
      if (candidates.length === 0 || attempt > this.maxAttempts) {
        if (attempt === 1) {
          stats.noCandidates += 1;
          throw new NoCandidateError(message.id, message.capability);
        }
        stats.lost += 1;
        this.logger.warn('message lost', { messageId: message.id, attempts: failed.length });
        throw new MessageUndeliverableError(message.id, failed);
      }
      const decision = this.decide(strategy, message, candidates, attempt, stats);
      const agent = candidates.find((a) => a.id === decision.agentId) as AgentRegistration;
      const result = await this.attempt(agent, message, attempt, strategy.name, strategy);
      if (result.success) {
        stats.deliveries += 1;
        return {
          messageId: message.id,
          agentId: agent.id,
          attempts: attempt,
          strategy: strategy.name,
          decision,
          response: result.response,
          failedAttempts: failed,
        };
      }
      stats.deliveryFailures += 1;
      excluded.add(agent.id);
      failed.push(toFailedAttempt(agent.id, result.outcome));
      this.logger.debug('delivery failed; retrying on another candidate', {
        messageId: message.id,
        agentId: agent.id,
        reason: result.outcome.error.message,
      });
    }
  }

  /** Closes the strategy if the router created it; caller-supplied instances stay open. */
  async close(): Promise<void> {
    if (this.ownsCurrent) await this.closeStrategy(this.current);
  }

  private async routeToRecipient(message: MessageEnvelope): Promise<RouteResult> {
    const stats = this.statsFor(EXPLICIT_RECIPIENT);
    const agent = this.registry.get(message.recipient as string);
    if (!agent || (message.capability !== undefined && !agent.capabilities.includes(message.capability))) {
      stats.noCandidates += 1;
      const detail = agent
        ? `Recipient ${agent.id} does not offer capability "${message.capability}" for message ${message.id}`
        : `Recipient ${message.recipient} of message ${message.id} is not registered`;
      throw new NoCandidateError(message.id, message.capability, detail);
    }
    const decision: RoutingDecision = {
      agentId: agent.id,
      explanation: { strategy: EXPLICIT_RECIPIENT, reason: 'message names its recipient' },
    };
    stats.decisions += 1;
    this.emitDecision({ ...eventBase(message), strategy: EXPLICIT_RECIPIENT, attempt: 1, candidateIds: [agent.id], decision, latencyNs: 0 });
    // No strategy is told about this outcome: it did not make the choice, and strategies
    // that pair select() with onOutcome() would otherwise see an unmatched outcome.
    const result = await this.attempt(agent, message, 1, EXPLICIT_RECIPIENT, undefined);
    if (result.success) {
      stats.deliveries += 1;
      return {
        messageId: message.id,
        agentId: agent.id,
        attempts: 1,
        strategy: EXPLICIT_RECIPIENT,
        decision,
        response: result.response,
        failedAttempts: [],
      };
    }
    stats.deliveryFailures += 1;
    stats.lost += 1;
    throw new MessageUndeliverableError(message.id, [toFailedAttempt(agent.id, result.outcome)]);
  }

  private decide(
    strategy: RoutingStrategy,
    message: MessageEnvelope,
    candidates: readonly AgentRegistration[],
    attempt: number,
    stats: StrategyStatsRecorder,
  ): RoutingDecision {
    const ctx: RoutingContext = {
      message,
      candidates,
      inFlight: (agentId) => this.inFlight(agentId),
      random: this.random,
      now: this.now,
      attempt,
    };
    const started = process.hrtime.bigint();
    let decision: RoutingDecision;
    try {
      decision = strategy.select(ctx);
      if (!decision || !candidates.some((c) => c.id === decision.agentId)) {
        decision = this.fallbackDecision(ctx, FallbackReason.INVALID_DECISION, `chose ${String(decision?.agentId)}, not a candidate`);
      }
    } catch (error) {
      decision = this.fallbackDecision(ctx, FallbackReason.STRATEGY_ERROR, errorMessage(error));
    }
    const latencyNs = Number(process.hrtime.bigint() - started);
    stats.decisions += 1;
    stats.decisionLatency.record(latencyNs);
    if (decision.fallbackReason !== undefined) stats.recordFallback(decision.fallbackReason);
    this.emitDecision({
      ...eventBase(message),
      strategy: strategy.name,
      attempt,
      candidateIds: candidates.map((c) => c.id),
      decision,
      latencyNs,
    });
    return decision;
  }

  private fallbackDecision(ctx: RoutingContext, reason: string, detail: string): RoutingDecision {
    this.logger.warn('routing strategy failed; falling back to random', { messageId: ctx.message.id, reason, detail });
    const agent = ctx.candidates[randomIndex(ctx.candidates.length, ctx.random)];
    return {
      agentId: agent.id,
      fallbackReason: reason,
      explanation: { strategy: StrategyName.RANDOM, reason: `fallback (${reason}): ${detail}` },
    };
  }

  private async attempt(
    agent: AgentRegistration,
    message: MessageEnvelope,
    attempt: number,
    strategyName: string,
    strategy: RoutingStrategy | undefined,
  ): Promise<AttemptResult> {
    const result = await this.dispatch(agent, message);
    if (strategy?.onOutcome) {
      try {
        strategy.onOutcome(agent.id, result.outcome);
      } catch (error) {
        this.logger.error('strategy onOutcome threw', { strategy: strategyName, error: errorMessage(error) });
      }
    }
    for (const listener of this.attemptListeners) {
      this.safely(() => listener({ ...eventBase(message), agentId: agent.id, strategy: strategyName, attempt, outcome: result.outcome }));
    }
    return result;
  }

  private async dispatch(agent: AgentRegistration, message: MessageEnvelope): Promise<AttemptResult> {
    this.inFlightCounts.set(agent.id, this.inFlight(agent.id) + 1);
    const started = this.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      // Promise.resolve().then turns a synchronous throw in a transport into a rejection.
      const delivery = Promise.resolve().then(() => this.transport.deliver(agent, message, { timeoutMs: this.timeoutMs }));
      // A transport that fails after we gave up on it must not surface as an unhandled rejection.
      delivery.catch(() => undefined);
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new DeliveryTimeoutError(agent.id, this.timeoutMs)), this.timeoutMs);
      });
      const response = await Promise.race([delivery, timeout]);
      return { success: true, response, outcome: { messageId: message.id, success: true, latencyMs: this.now() - started, timedOut: false } };
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      const timedOut = error instanceof DeliveryTimeoutError;
      return { success: false, outcome: { messageId: message.id, success: false, latencyMs: this.now() - started, timedOut, error } };
    } finally {
      clearTimeout(timer);
      // Released when the attempt settles, timeouts included: a hung transport must not pin
      // an agent's count forever. Transports get timeoutMs so they can abandon the work too.
      const remaining = this.inFlight(agent.id) - 1;
      if (remaining > 0) this.inFlightCounts.set(agent.id, remaining);
      else this.inFlightCounts.delete(agent.id);
    }
  }

  private resolveStrategy(spec: StrategySpec): { strategy: RoutingStrategy; owned: boolean } {
    if (typeof spec === 'string') {
      return { strategy: this.strategies.create(spec, { random: this.random, now: this.now, logger: this.logger }), owned: true };
    }
    if (typeof spec?.select !== 'function') {
      throw new TypeError('strategy must be a registered strategy name or an object with select()');
    }
    return { strategy: spec, owned: false };
  }

  private async closeStrategy(strategy: RoutingStrategy): Promise<void> {
    try {
      await strategy.close?.();
    } catch (error) {
      this.logger.error('closing routing strategy failed', { strategy: strategy.name, error: errorMessage(error) });
    }
  }

  private statsFor(name: string): StrategyStatsRecorder {
    let recorder = this.statsByStrategy.get(name);
    if (!recorder) {
      recorder = new StrategyStatsRecorder();
      this.statsByStrategy.set(name, recorder);
    }
    return recorder;
  }

  private emitDecision(event: DecisionEvent): void {
    for (const listener of this.decisionListeners) this.safely(() => listener(event));
  }

  /** Observers (tracing, metrics) must never be able to break delivery. */
  private safely(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.logger.error('router listener threw', { error: errorMessage(error) });
    }
  }
}

function assertEnvelope(message: MessageEnvelope): void {
  if (typeof message !== 'object' || message === null) throw new TypeError('message must be an object');
  if (typeof message.id !== 'string' || message.id === '') throw new TypeError('message.id must be a non-empty string');
  if (typeof message.sender !== 'string') throw new TypeError(`message ${message.id}: sender must be a string`);
}

function eventBase(message: MessageEnvelope): { messageId: string; traceId?: string; capability?: string } {
  return { messageId: message.id, traceId: message.trace_id, capability: message.capability };
}

function toFailedAttempt(agentId: string, outcome: DeliveryOutcome & { error: Error }): FailedAttempt {
  return { agentId, reason: outcome.error.message, timedOut: outcome.timedOut, latencyMs: outcome.latencyMs };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
