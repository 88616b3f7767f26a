import { z } from 'zod';
import {
  AgentCoordinationStateSchema,
  AgentIdSchema,
  MAX_HORIZON_SECONDS,
  OverloadPredictionSchema,
  SensitivitySignalInputSchema,
  SelectionResultSchema,
  SignalBatchSchema,
  SIGNAL_TYPES,
  WeightProfileSchema,
} from '@agentcore/coordination-core';

/**
 * Params and results of every JSON-RPC method, built from core's models. They validate the
 * params of every method but `coordination.signal` (core's own fast validator does that on the
 * hot path) and are what `rpc.discover` publishes.
 */
export function createSchemas(limits: { maxBatch: number }) {
  const StateByIdParams = z.strictObject({ agent_id: AgentIdSchema });
  const StateByIdsParams = z.strictObject({ agent_ids: z.array(AgentIdSchema).max(limits.maxBatch) });
  const StatePageParams = z.strictObject({
    limit: z.number().int().min(1).max(1000).optional(),
    cursor: z.string().max(2048).nullable().optional(),
  });
  const StatesResult = z.object({ states: z.array(AgentCoordinationStateSchema) });
  const counts = (keys: readonly string[]) => z.object(Object.fromEntries(keys.map((k) => [k, z.number().int()])));

  return {
    signal: {
      params: z.union([SensitivitySignalInputSchema, SignalBatchSchema.extend({ signals: SignalBatchSchema.shape.signals.max(limits.maxBatch) })]),
      result: z.object({ accepted: z.number().int(), signal_ids: z.array(z.string()) }),
    },
    state: {
      byId: StateByIdParams,
      byIds: StateByIdsParams,
      page: StatePageParams,
      params: z.union([StateByIdParams, StateByIdsParams, StatePageParams]),
      result: z.union([
        AgentCoordinationStateSchema.nullable(),
        StatesResult,
        StatesResult.extend({ next_cursor: z.string().nullable() }),
      ]),
    },
    metrics: {
      params: z.strictObject({}),
      result: z.looseObject({
        total_signals: z.number().int(),
        signals_by_type: counts(SIGNAL_TYPES),
        agents_tracked: z.number().int(),
        active_signals: z.number().int(),
        expired_signals_cleaned: z.number().int(),
        agents_expired: z.number().int(),
        rejected_signals: z.number().int(),
        duplicate_signals: z.number().int(),
        selections: z.number().int(),
        selections_by_reason: z.record(z.string(), z.number().int()),
        fallbacks: z.number().int(),
        overload_predictions: z.number().int(),
        rep_enabled: z.boolean(),
        uptime_seconds: z.number(),
      }),
    },
    select: {
      params: z.strictObject({
        candidates: z.array(AgentIdSchema).min(1, 'at least one candidate is required').max(limits.maxBatch),
        weights: WeightProfileSchema.optional(),
        explain: z.boolean().optional(),
      }),
      result: SelectionResultSchema,
    },
    predict: {
      params: z.strictObject({
        agent_id: AgentIdSchema,
        horizon_seconds: z.number().positive().max(MAX_HORIZON_SECONDS).optional(),
        threshold: z.number().positive().max(1).optional(),
      }),
      result: OverloadPredictionSchema.nullable(),
    },
    complete: {
      params: z.strictObject({
        agent_id: AgentIdSchema,
        count: z.number().int().min(1).max(limits.maxBatch).optional(),
      }),
      result: z.object({ agent_id: z.string(), recorded: z.boolean() }),
    },
    discover: {
      params: z.strictObject({}),
      result: z.looseObject({ openrpc: z.string(), info: z.looseObject({}), methods: z.array(z.looseObject({})) }),
    },
  };
}

export type Schemas = ReturnType<typeof createSchemas>;
