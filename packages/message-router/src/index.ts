export { AgentRegistry } from './agent-registry';
export {
  AgentRegistrationError,
  DeliveryError,
  DeliveryTimeoutError,
  MessageUndeliverableError,
  NoCandidateError,
  RouterError,
  UnknownStrategyError,
  type FailedAttempt,
} from './errors';
export { HttpTransport, type HttpTransportOptions } from './http-transport';
export { DEFAULT_TIMEOUT_MS, EXPLICIT_RECIPIENT, FallbackReason, MessageRouter } from './message-router';
export { mulberry32 } from './rng';
export type {
  AttemptEvent,
  AttemptListener,
  DecisionEvent,
  DecisionListener,
  MessageRouterOptions,
  RouteResult,
  StrategySpec,
} from './router-types';
export { LATENCY_WINDOW_SIZE, type LatencySummary, type RouterStats, type StrategyStats } from './stats';
export { CapabilityMatchStrategy } from './strategies/capability-match';
export { LeastLoadedStrategy } from './strategies/least-loaded';
export { PowerOfTwoChoicesStrategy } from './strategies/power-of-two-choices';
export { RandomStrategy } from './strategies/random';
export { RoundRobinStrategy } from './strategies/round-robin';
export { createDefaultStrategyRegistry, StrategyRegistry } from './strategy-registry';
export { InMemoryTransport, type DeliveryOptions, type Transport } from './transport';
export {
  noopLogger,
  RoutingStrategy,
  type AgentHandler,
  type AgentRegistration,
  type DecisionCandidate,
  type DecisionExplanation,
  type DeliveryOutcome,
  type Logger,
  type MessageEnvelope,
  type RoutingContext,
  type RoutingDecision,
  type RoutingStrategyImpl,
  type StrategyFactory,
  type StrategyFactoryOptions,
} from './types';
