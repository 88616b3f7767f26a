import { z } from 'zod';
import { SIGNAL_TYPES } from '@agentcore/coordination-core';
import { RpcErrorCode } from '@agentcore/coordination-client';
import { defineMethod } from './definition';

const counts = (keys: readonly string[]) => z.object(Object.fromEntries(keys.map((k) => [k, z.number().int()])));

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
    overload_predictions: z.number().int(),
    rep_enabled: z.boolean(),
    uptime_seconds: z.number(),
  }),
  roles: ['admin', 'router'],
  errors: [RpcErrorCode.INVALID_PARAMS],

  handle(_params, { service, now, startedAtMs }) {
    return { ...service.metrics(), rep_enabled: service.config.enableRep, uptime_seconds: (now() - startedAtMs) / 1000 };
  },
});
