/** A message handler an in-process agent exposes to {@link InMemoryTransport}. */
export type AgentHandler = (message: MessageEnvelope) => Promise<unknown> | unknown;

export interface AgentRegistration {
  id: string;
  capabilities: readonly string[];
  /** URL that {@link HttpTransport} POSTs to. */
  endpoint?: string;
  handler?: AgentHandler;
  metadata?: Record<string, unknown>;
}

export interface MessageEnvelope {
  id: string;
  sender: string;
  /** Required capability; absent means any registered agent may take the message. */
  capability?: string;
  payload: unknown;
  trace_id?: string;
  /** Names the agent outright: the strategy is bypassed, delivery and stats are not. */
  recipient?: string;
}

export enum RoutingStrategy {
  RANDOM = 'RANDOM',
  ROUND_ROBIN = 'ROUND_ROBIN',
  LEAST_LOADED = 'LEAST_LOADED',
  CAPABILITY_MATCH = 'CAPABILITY_MATCH',
  POWER_OF_TWO_CHOICES = 'POWER_OF_TWO_CHOICES',
  RIPPLE_COORDINATION = 'RIPPLE_COORDINATION',
}

export interface RoutingContext {
  message: MessageEnvelope;
  /** Already filtered by capability, without agents that failed this message; never empty. */
  candidates: readonly AgentRegistration[];
  /** Deliveries the router has dispatched to the agent and not yet seen settle. */
  inFlight(agentId: string): number;
  random(): number;
  now(): number;
  /** 1 for the first choice, 2 for the first retry, and so on. */
  attempt: number;
}

export interface DecisionCandidate {
  agentId: string;
  score?: number;
  [key: string]: unknown;
}

export interface DecisionExplanation {
  strategy: string;
  reason: string;
  candidates?: ReadonlyArray<DecisionCandidate>;
  [key: string]: unknown;
}

export interface RoutingDecision {
  agentId: string;
  /** Set when the strategy could not apply its own rule (e.g. no coordination data). */
  fallbackReason?: string;
  explanation?: DecisionExplanation;
}

export interface DeliveryOutcome {
  messageId: string;
  success: boolean;
  latencyMs: number;
  timedOut: boolean;
  error?: Error;
}

/**
 * A routing policy. `select` is synchronous on purpose: a decision must never wait on I/O,
 * so anything remote (coordination scores, health) is fetched in the background and cached.
 */
export interface RoutingStrategyImpl {
  readonly name: string;
  select(ctx: RoutingContext): RoutingDecision;
  onOutcome?(agentId: string, outcome: DeliveryOutcome): void;
  close?(): void | Promise<void>;
}

export interface Logger {
  debug(msg: string, meta?: Record<string, unknown>): void;
  info(msg: string, meta?: Record<string, unknown>): void;
  warn(msg: string, meta?: Record<string, unknown>): void;
  error(msg: string, meta?: Record<string, unknown>): void;
}

export interface StrategyFactoryOptions {
  random: () => number;
  now: () => number;
  logger: Logger;
}

export type StrategyFactory = (options: StrategyFactoryOptions) => RoutingStrategyImpl;

export const noopLogger: Logger = Object.freeze({
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
});
