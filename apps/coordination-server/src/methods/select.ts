import { z } from 'zod';
import { AgentIdSchema, SelectionResultSchema, WeightProfileSchema } from '@agentcore/coordination-core';
import { RpcErrorCode } from '@agentcore/coordination-client';
import { defineMethod } from './definition';
import { checkListSize } from './list-size';
import { parseParams } from './params';
import { field, listLength } from './raw-params';

/** An explained candidate takes about this much of the answer. */
const EXPLAINED_CANDIDATE_BYTES = 400;

export const selectMethod = defineMethod({
  name: 'coordination.select',
  summary:
    'Pick the best candidate; the pick counts as work on that agent until its end is reported. With admission: true, answers admitted: false and retry_after_ms (and counts nothing) when a task sent now would more likely than not wait on every candidate.',
  resultName: 'selection',
  params: ({ maxBatch }) =>
    z.strictObject({
      candidates: z.array(AgentIdSchema).min(1, 'at least one candidate is required').max(maxBatch),
      weights: WeightProfileSchema.optional(),
      explain: z.boolean().optional(),
      admission: z.boolean().optional(),
    }),
  result: SelectionResultSchema,
  roles: ['admin', 'router'],
  errors: [RpcErrorCode.INVALID_PARAMS, RpcErrorCode.BATCH_TOO_LARGE],
  // Candidates scored.
  work: (raw) => Math.max(1, listLength(raw, 'candidates', 1)),
  estimateBytes: (raw) => 400 + (field(raw, 'explain') === true ? EXPLAINED_CANDIDATE_BYTES * listLength(raw, 'candidates', 1) : 0),

  parse(raw, schema, { limits }) {
    checkListSize(raw, 'candidates', limits.maxBatch);
    return parseParams(schema, raw);
  },

  handle({ candidates, weights, explain, admission }, { service, logger, onSelected }) {
    const result = service.selectAgent(candidates, { weights, explain, admission });
    // A held answer picked nobody: it is not a selection.
    if (result.admitted !== false) onSelected(result.reason);
    if (logger.isEnabled('debug')) {
      logger.debug('selection rationale', {
        agent_id: result.agent_id,
        reason: result.reason,
        routing_score: result.routing_score,
        selection_score: result.selection_score,
        candidates: candidates.length,
      });
    }
    return result;
  },
});
