import { z } from 'zod';
import { SIGNAL_TYPES } from '@agentcore/coordination-core';
import { RpcErrorCode } from '@agentcore/coordination-client';
import { defineMethod } from './definition';

const counts = (keys: readonly string[]) => z.object(Object.fromEntries(keys.map((k) => [k, z.number().int()])));

/** How the background scan's overload forecasts came out, per scored horizon (see docs/coordination-core.md). */
const HorizonScoreSchema = z.object({
  horizon_seconds: z.number(),
  scored: z.number().int(),
  happened: z.number().int(),
  true_positives: z.number().int(),
  false_positives: z.number().int(),
  false_negatives: z.number().int(),
  true_negatives: z.number().int(),
  pending: z.number().int(),
  skipped: z.number().int(),
  base_rate: z.number(),
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  brier: z.number(),
  brier_uncalibrated: z.number(),
  ece: z.number(),
  reliability: z.array(z.object({ bin: z.number().int(), count: z.number(), mean_probability: z.number(), observed_frequency: z.number() })),
  time_to_overload_mae_seconds: z.number().nullable(),
  time_to_overload_scored: z.number().int(),
  recalibrated: z.boolean(),
  calibration_forecasts: z.number(),
});

export const metricsMethod = defineMethod({
  name: 'coordination.metrics',
  summary: 'Counters of the coordination service.',
  resultName: 'metrics',
  params: () => z.strictObject({}),
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
    selections_held: z.number().int(),
    overload_predictions: z.number().int(),
    prediction: z.object({ threshold: z.number(), horizons: z.array(HorizonScoreSchema) }),
    rep_enabled: z.boolean(),
    uptime_seconds: z.number(),
  }),
  roles: ['admin', 'router'],
  errors: [RpcErrorCode.INVALID_PARAMS],
  estimateBytes: () => 1_500,

  handle(_params, { service, now, startedAtMs }) {
    return { ...service.metrics(), rep_enabled: service.config.enableRep, uptime_seconds: (now() - startedAtMs) / 1000 };
  },
});
