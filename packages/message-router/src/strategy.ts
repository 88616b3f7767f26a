import type { AgentRegistration, MessageEnvelope } from './envelope';
import type { Logger } from './logger';

/** Names of the strategies that ship with the router (RIPPLE_COORDINATION comes from router-ripple). */
export enum StrategyName {
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
  /**
   * Set when no candidate should take more work now. A router with admission control holds the
   * message and decides again when an outcome frees capacity or after `retryAfterMs`; without it
   * the message goes to `agentId` anyway.
   */
  hold?: { retryAfterMs: number };
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
export interface RoutingStrategy {
  readonly name: string;
  select(ctx: RoutingContext): RoutingDecision;
  onOutcome?(agentId: string, outcome: DeliveryOutcome): void;
  close?(): void | Promise<void>;
}

export interface StrategyFactoryOptions {
  random: () => number;
  now: () => number;
  logger: Logger;
}

export type StrategyFactory = (options: StrategyFactoryOptions) => RoutingStrategy;
