import type { AgentRegistry } from './agent-registry';
import type { FailedAttempt } from './errors';
import type { StrategyRegistry } from './strategy-registry';
import type { Transport } from './transport';
import type { DeliveryOutcome, Logger, RoutingDecision, RoutingStrategy, RoutingStrategyImpl } from './types';

export interface DecisionEvent {
  messageId: string;
  traceId?: string;
  capability?: string;
  strategy: string;
  attempt: number;
  candidateIds: readonly string[];
  decision: RoutingDecision;
  /** Time spent inside the strategy's select; 0 for explicit recipients. */
  latencyNs: number;
}

export interface AttemptEvent {
  messageId: string;
  traceId?: string;
  agentId: string;
  strategy: string;
  attempt: number;
  outcome: DeliveryOutcome;
}

export type DecisionListener = (event: DecisionEvent) => void;
export type AttemptListener = (event: AttemptEvent) => void;

export type StrategySpec = RoutingStrategy | string | RoutingStrategyImpl;

export interface MessageRouterOptions {
  registry: AgentRegistry;
  /** A registered strategy name (created and owned by the router) or a ready instance (owned by the caller). */
  strategy: StrategySpec;
  /** Where strategy names are looked up; defaults to the built-in strategies. */
  strategies?: StrategyRegistry;
  transport: Transport;
  timeoutMs?: number;
  /** Upper bound on delivery attempts per message; default: every candidate once. */
  maxAttempts?: number;
  random?: () => number;
  now?: () => number;
  logger?: Logger;
  onDecision?: DecisionListener;
  onAttempt?: AttemptListener;
}

export interface RouteResult {
  messageId: string;
  agentId: string;
  /** Delivery attempts made, including the successful one. */
  attempts: number;
  strategy: string;
  decision: RoutingDecision;
  response: unknown;
  failedAttempts: readonly FailedAttempt[];
}
