export { RippleStrategy, type RippleStrategyOptions, type RippleStats } from './ripple-strategy';
export { InProcessScoreSource } from './in-process-source';
export {
  RemoteScoreSource,
  type RemoteScoreSourceOptions,
  type RemoteSourceHealth,
  type RefreshOutcome,
  type StateFetcher,
} from './remote-source';
export {
  FALLBACK_REASONS,
  type FallbackReason,
  type ScoreSource,
  type SourceSelection,
  type SourceSelectOptions,
} from './score-source';
export { CircuitBreaker, type CircuitBreakerOptions, type CircuitState } from './circuit-breaker';
export { RippleMetrics } from './metrics';
export { loadRippleConfig, type RippleConfig } from './config';
export { createRippleStrategy, createRippleFromConfig, registerRippleStrategy, type RippleFromConfigDeps } from './factory';
export { clientStateFetcher, refreshClient } from './client-fetcher';
