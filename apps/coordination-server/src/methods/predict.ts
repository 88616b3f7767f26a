import { z } from 'zod';
import { AgentIdSchema, MAX_HORIZON_SECONDS, OverloadPredictionSchema } from '@agentcore/coordination-core';
import { RpcErrorCode } from '@agentcore/coordination-client';
import { defineMethod } from './definition';

export const predictMethod = defineMethod({
  name: 'coordination.predict',
  summary:
    "The probability that one of the agent's load reports timestamped within the horizon reads at or above the threshold (load = reported in-flight / slots); null for an unknown agent.",
  resultName: 'prediction',
  params: () =>
    z.strictObject({
      agent_id: AgentIdSchema,
      horizon_seconds: z.number().positive().max(MAX_HORIZON_SECONDS).optional(),
      threshold: z.number().positive().max(1).optional(),
    }),
  result: OverloadPredictionSchema.nullable(),
  roles: ['admin', 'router'],
  errors: [RpcErrorCode.INVALID_PARAMS],

  handle({ agent_id, horizon_seconds, threshold }, { service }) {
    return service.predictOverload(agent_id, { horizonSeconds: horizon_seconds, threshold });
  },
});
