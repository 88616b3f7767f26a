export * from './models';
export * from './errors';
export {
  loadConfig,
  normaliseWeights,
  readBoolean,
  readNumber,
  DEFAULT_CONFIG,
  DEFAULT_WEIGHTS,
  type CoordinationConfig,
  type Env,
} from './config';
export { seededRandom, uuidFromRandom, silentLogger, type Clock, type Random, type Logger } from './rng';
export {
  CoordinationService,
  type CoordinationServiceOptions,
  type CoordinationEvents,
  type StatePage,
  type CleanupResult,
} from './service';
export type { SelectOptions } from './selection';
export type { CoordinationMetrics } from './counters';
export { DEFAULT_SELECTION_TUNING, decay, impliedScore, NEUTRAL, type SelectionTuning } from './scoring';
export { DEFAULT_TREND_TUNING, MAX_HORIZON_SECONDS, normalCdf, type PredictionOptions, type TrendTuning } from './prediction';
export { parseSignal, type ParsedSignal } from './validation';
