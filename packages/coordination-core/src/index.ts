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
export { seededRandom, uuidFromRandom, type Random } from './random';
export type { Clock } from './clock';
export { silentLogger, type Logger } from './logger';
export {
  CoordinationService,
  type CoordinationServiceOptions,
  type CoordinationEvents,
  type StatePage,
  type AgentIdPage,
  type CleanupResult,
  type PredictionSettings,
  MAX_BATCH_ISSUES,
} from './service';
export type { SelectOptions } from './selection';
export type { CoordinationMetrics } from './counters';
export { DEFAULT_SCORED_HORIZONS, RESOLUTION_GRACE_MS, RELIABILITY_BINS, type HorizonScore, type PredictionMetrics } from './forecast-scoring';
export { DEFAULT_CALIBRATION, type CalibrationOptions } from './calibration';
export { DEFAULT_SELECTION_TUNING, decay, impliedScore, NEUTRAL, type SelectionTuning } from './scoring';
export { normalCdf } from './normal';
export { DEFAULT_HORIZON_SECONDS, DEFAULT_OVERLOAD_THRESHOLD, MAX_HORIZON_SECONDS, type PredictionOptions } from './prediction';
export { MAX_PAGE_SIZE, type PageRequest } from './paging';
export { AgentLimitError } from './agent-index';
export { parseSignal, type ParsedSignal } from './validation';
