export { CoordinationClient, type CoordinationClientOptions, type CallOptions, type RetryPolicy } from './client';
export {
  RpcErrorCode,
  CoordinationError,
  CoordinationRpcError,
  CoordinationTransportError,
  CoordinationTimeoutError,
  type RpcErrorCodeValue,
} from './errors';
export {
  SignalReporter,
  type SignalReporterOptions,
  type SignalSender,
  type ReporterStats,
  type DroppedSignals,
} from './reporter';
export type { EventStreamOptions } from './events';
export {
  COORDINATION_EVENT_TYPES,
  type CoordinationEvent,
  type CoordinationEventMap,
  type CoordinationEventType,
  type ReplicationMode,
  type SelectionMode,
} from './event-types';
export type {
  CompleteParams,
  CompletionResult,
  CoordinationMethod,
  CoordinationMethods,
  OpenRpcDocument,
  PredictParams,
  SelectParams,
  ServerMetrics,
  SignalResult,
  StatePageResult,
  StateParams,
} from './types';
