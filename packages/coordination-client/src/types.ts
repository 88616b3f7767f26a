import type {
  AgentCoordinationState,
  CoordinationMetrics,
  OverloadPrediction,
  SelectionResult,
  SensitivitySignal,
  SensitivitySignalInput,
  WeightProfile,
} from '@agentcore/coordination-core';

/** Result of `coordination.signal`. */
export interface SignalResult {
  accepted: number;
  signal_ids: string[];
}

/** Result of `coordination.state` in its listing form. */
export interface StatePageResult {
  states: AgentCoordinationState[];
  next_cursor: string | null;
}

/** Result of `coordination.metrics`: core's counters plus what the server adds. */
export interface ServerMetrics extends CoordinationMetrics {
  rep_enabled: boolean;
  uptime_seconds: number;
}

export interface SelectParams {
  candidates: string[];
  weights?: WeightProfile;
  explain?: boolean;
  /**
   * Ask whether any candidate should take more work now: the result then carries `admitted`, and
   * with `admitted: false` a `retry_after_ms` (the pick is not counted). See docs/client.md.
   */
  admission?: boolean;
}

export interface PredictParams {
  agent_id: string;
  horizon_seconds?: number;
  threshold?: number;
}

export type StateParams = { agent_id: string } | { agent_ids: string[] } | { limit?: number; cursor?: string | null };

/** A minimal view of the OpenRPC document `rpc.discover` returns. */
export interface OpenRpcDocument {
  openrpc: string;
  info: { title: string; version: string; description?: string };
  methods: Array<{
    name: string;
    summary?: string;
    params: Array<{ name: string; required?: boolean; schema: Record<string, unknown> }>;
    result: { name: string; schema: Record<string, unknown> };
    errors?: Array<{ code: number; message: string }>;
  }>;
  components?: Record<string, unknown>;
}

export interface CompleteParams {
  agent_id: string;
  /** Tasks that finished (default 1). */
  count?: number;
}

export interface CompletionResult {
  agent_id: string;
  /** False when the server does not know the agent (nothing was recorded). */
  recorded: boolean;
}

/** Every method, its params and its result: what `CoordinationClient.call` is typed by. */
export interface CoordinationMethods {
  'coordination.signal': { params: SensitivitySignalInput | { signals: SensitivitySignalInput[] }; result: SignalResult };
  'coordination.state': { params: StateParams; result: AgentCoordinationState | null | { states: AgentCoordinationState[] } | StatePageResult };
  'coordination.metrics': { params: Record<string, never> | undefined; result: ServerMetrics };
  'coordination.select': { params: SelectParams; result: SelectionResult };
  'coordination.predict': { params: PredictParams; result: OverloadPrediction | null };
  'coordination.complete': { params: CompleteParams; result: CompletionResult };
  'rpc.discover': { params: Record<string, never> | undefined; result: OpenRpcDocument };
}
export type CoordinationMethod = keyof CoordinationMethods;

export type { SensitivitySignal, SensitivitySignalInput };
