import { z } from 'zod';
import { AgentIdSchema } from '@agentcore/coordination-core';
import { RpcErrorCode } from '@agentcore/coordination-client';
import { defineMethod } from './definition';

export const completeMethod = defineMethod({
  name: 'coordination.complete',
  summary:
    'Report that tasks routed to an agent (by coordination.select or otherwise) have finished, failed or timed out, so they stop counting as work on it before its next load signal. recorded is false for an unknown agent.',
  resultName: 'completion',
  params: ({ maxBatch }) => z.strictObject({ agent_id: AgentIdSchema, count: z.number().int().min(1).max(maxBatch).optional() }),
  result: z.object({ agent_id: z.string(), recorded: z.boolean() }),
  roles: ['admin', 'router'],
  errors: [RpcErrorCode.INVALID_PARAMS],

  handle({ agent_id, count }, { service }) {
    return { agent_id, recorded: service.recordCompletion(agent_id, count ?? 1) };
  },
});
