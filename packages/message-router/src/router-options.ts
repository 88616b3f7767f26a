import type { AdmissionOptions } from './admission-queue';
import type { AgentRegistry } from './agent-registry';
import type { FailedAttempt } from './errors';
import type { AttemptListener, DecisionListener } from './events';
import type { Logger } from './logger';
import type { RoutingDecision, RoutingStrategy, StrategyName } from './strategy';
import type { StrategyRegistry } from './strategy-registry';
import type { Transport } from './transport';

/** A registered strategy name, or a ready instance. */
export type StrategySpec = StrategyName | string | RoutingStrategy;

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
  /**
   * Admission control, off by default: a message whose decision says `hold` (no candidate should
   * take more work now) waits in a bounded queue and is decided again when an outcome frees
   * capacity or its retry-after passes, up to `timeoutMs`. Without it, held decisions deliver anyway.
   */
  admission?: AdmissionOptions;
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
