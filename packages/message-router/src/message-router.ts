import { AdmissionQueue } from './admission-queue';
import type { AgentRegistration, MessageEnvelope } from './envelope';
import { DeliveryTimeoutError } from './errors';
import type { AttemptEvent, AttemptListener, DecisionEvent, DecisionListener } from './events';
import { InFlightCounts } from './in-flight';
import { noopLogger, type Logger } from './logger';
import { EXPLICIT_RECIPIENT, MessageAttempts, type AttemptEnvironment } from './message-attempts';
import type { MessageRouterOptions, RouteResult, StrategySpec } from './router-options';
import { StrategyStatsRecorder, type RouterStats } from './stats';
import type { DeliveryOutcome, RoutingStrategy } from './strategy';
import { createDefaultStrategyRegistry, type StrategyRegistry } from './strategy-registry';
import type { Transport } from './transport';

export const DEFAULT_TIMEOUT_MS = 5000;

type DeliveryResult = { success: true; response: unknown; outcome: DeliveryOutcome } | { success: false; outcome: DeliveryOutcome };

/**
 * Routes each message to one registered agent: the strategy picks, the transport delivers,
 * and a failed or timed-out delivery is retried on another candidate until none is left.
 * The per-message rules (candidates, retries, guarded decisions, feedback) live in
 * MessageAttempts; the router owns the strategy, the transport, timeouts and shared state.
 */
export class MessageRouter {
  private readonly strategies: StrategyRegistry;
  private readonly transport: Transport;
  private readonly timeoutMs: number;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly logger: Logger;
  private readonly inFlightCounts = new InFlightCounts();
  private readonly environment: AttemptEnvironment;
  private readonly statsByStrategy = new Map<string, StrategyStatsRecorder>();
  private readonly decisionListeners = new Set<DecisionListener>();
  private readonly attemptListeners = new Set<AttemptListener>();
  private current: RoutingStrategy;
  private ownsCurrent = false;
  private readonly admission: AdmissionQueue | undefined;

  constructor(options: MessageRouterOptions) {
    this.transport = options.transport;
    this.strategies = options.strategies ?? createDefaultStrategyRegistry();
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(this.timeoutMs > 0) || !Number.isFinite(this.timeoutMs)) {
      throw new RangeError(`timeoutMs must be a positive finite number, got ${options.timeoutMs}`);
    }
    const maxAttempts = options.maxAttempts ?? Number.POSITIVE_INFINITY;
    if (!(maxAttempts >= 1)) {
      throw new RangeError(`maxAttempts must be at least 1, got ${options.maxAttempts}`);
    }
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? noopLogger;
    const admission = options.admission === undefined ? undefined : new AdmissionQueue(options.admission, this.now);
    this.admission = admission;
    this.environment = {
      registry: options.registry,
      maxAttempts,
      random: this.random,
      now: this.now,
      logger: this.logger,
      inFlight: this.inFlightCounts,
      decisionListeners: this.decisionListeners,
      attemptListeners: this.attemptListeners,
      emitDecision: (event) => this.emit(this.decisionListeners, event),
      emitAttempt: (event) => this.emit(this.attemptListeners, event),
      onSettled: admission === undefined ? undefined : () => admission.release(),
    };
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
    return this.inFlightCounts.get(agentId);
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

  /**
   * Opens one message's attempts without delivering anything: the synchronous decision step
   * route() runs on, for callers that deliver by other means (a simulator in virtual time).
   * The strategy is captured now, so a concurrent setStrategy cannot mix two policies within
   * one message; a message naming its recipient bypasses the strategy.
   */
  begin(message: MessageEnvelope): MessageAttempts {
    assertEnvelope(message);
    const strategy = message.recipient === undefined ? this.current : undefined;
    return new MessageAttempts(message, strategy, this.statsFor(strategy?.name ?? EXPLICIT_RECIPIENT), this.environment);
  }

  /** Messages waiting for admission now (0 without admission control). */
  get admissionQueued(): number {
    return this.admission?.size ?? 0;
  }

  async route(message: MessageEnvelope): Promise<RouteResult> {
    const attempts = this.begin(message);
    let heldSince: number | undefined;
    for (let next = attempts.next(); next !== undefined; next = attempts.next()) {
      const hold = next.decision.hold;
      if (hold !== undefined && this.admission !== undefined) {
        // Nobody should take more work now: wait for an outcome or the retry-after, then decide again.
        attempts.withdraw();
        heldSince ??= this.now();
        await this.admission.wait(message.id, hold.retryAfterMs, heldSince, heldSince + this.admission.timeoutMs);
        continue;
      }
      const result = await this.dispatch(next.agent, message);
      attempts.settle(result.outcome);
      if (result.success) {
        return {
          messageId: message.id,
          agentId: next.agent.id,
          attempts: next.attempt,
          strategy: attempts.strategyName,
          decision: next.decision,
          response: result.response,
          failedAttempts: attempts.failedAttempts,
        };
      }
    }
    throw attempts.failure();
  }

  /** Fails messages waiting for admission; closes the strategy if the router created it (caller-supplied instances stay open). */
  async close(): Promise<void> {
    this.admission?.close();
    if (this.ownsCurrent) await this.closeStrategy(this.current);
  }

  /** One delivery through the transport, bounded by timeoutMs; never rejects. */
  private async dispatch(agent: AgentRegistration, message: MessageEnvelope): Promise<DeliveryResult> {
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
      // Transports get timeoutMs too, so they can abandon the work themselves.
      clearTimeout(timer);
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

  /** Observers (tracing, metrics) must never be able to break delivery. */
  private emit<E extends DecisionEvent | AttemptEvent>(listeners: ReadonlySet<(event: E) => void>, event: E): void {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error('router listener threw', { error: errorMessage(error) });
      }
    }
  }
}

function assertEnvelope(message: MessageEnvelope): void {
  if (typeof message !== 'object' || message === null) throw new TypeError('message must be an object');
  if (typeof message.id !== 'string' || message.id === '') throw new TypeError('message.id must be a non-empty string');
  if (typeof message.sender !== 'string') throw new TypeError(`message ${message.id}: sender must be a string`);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
