export { AdmissionQueue, type AdmissionEvent, type AdmissionEventKind, type AdmissionOptions, type AdmissionTimers } from './admission-queue';
export { AgentRegistry } from './agent-registry';
export type { AgentHandler, AgentRegistration, MessageEnvelope } from './envelope';
export {
  AdmissionQueueFullError,
  AdmissionTimeoutError,
  AgentRegistrationError,
  DeliveryError,
  DeliveryTimeoutError,
  MessageUndeliverableError,
  NoCandidateError,
  RouterClosedError,
  RouterError,
  UnknownStrategyError,
  type FailedAttempt,
} from './errors';
export type { AttemptEvent, AttemptListener, DecisionEvent, DecisionListener } from './events';
export { HttpTransport, type HttpTransportOptions } from './http-transport';
export { noopLogger, type Logger } from './logger';
export { EXPLICIT_RECIPIENT, FallbackReason, type MessageAttempts, type PlannedAttempt } from './message-attempts';
export { DEFAULT_TIMEOUT_MS, MessageRouter } from './message-router';
export { mulberry32 } from './rng';
export type { MessageRouterOptions, RouteResult, StrategySpec } from './router-options';
export { LATENCY_WINDOW_SIZE, type LatencySummary, type RouterStats, type StrategyStats } from './stats';
export { CapabilityMatchStrategy } from './strategies/capability-match';
export { LeastLoadedStrategy } from './strategies/least-loaded';
export { PowerOfTwoChoicesStrategy } from './strategies/power-of-two-choices';
export { RandomStrategy } from './strategies/random';
export { RoundRobinStrategy } from './strategies/round-robin';
export {
  StrategyName,
  type DecisionCandidate,
  type DecisionExplanation,
  type DeliveryOutcome,
  type RoutingContext,
  type RoutingDecision,
  type RoutingStrategy,
  type StrategyFactory,
  type StrategyFactoryOptions,
} from './strategy';
export { createDefaultStrategyRegistry, StrategyRegistry } from './strategy-registry';
export { InMemoryTransport, type DeliveryOptions, type Transport } from './transport';
