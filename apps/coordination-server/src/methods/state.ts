import { z } from 'zod';
import { AgentCoordinationStateSchema, AgentIdSchema } from '@agentcore/coordination-core';
import { RpcErrorCode } from '@agentcore/coordination-client';
import { defineMethod, type ParamsOf } from './definition';
import { checkListSize } from './list-size';
import { parseParams } from './params';

const StatesResult = z.object({ states: z.array(AgentCoordinationStateSchema) });

export const stateMethod = defineMethod({
  name: 'coordination.state',
  summary: 'State of one agent ({ agent_id }), of several ({ agent_ids }), or all of them a page at a time ({ limit?, cursor? }).',
  resultName: 'state',
  params: ({ maxBatch }) =>
    z.union([
      z.strictObject({ agent_id: AgentIdSchema }),
      z.strictObject({ agent_ids: z.array(AgentIdSchema).max(maxBatch) }),
      z.strictObject({ limit: z.number().int().min(1).max(1000).optional(), cursor: z.string().max(2048).nullable().optional() }),
    ]),
  result: z.union([AgentCoordinationStateSchema.nullable(), StatesResult, StatesResult.extend({ next_cursor: z.string().nullable() })]),
  roles: ['admin', 'router'],
  errors: [RpcErrorCode.INVALID_PARAMS, RpcErrorCode.BATCH_TOO_LARGE],

  // The form is chosen by its key, so a bad call is told what is wrong with that form rather
  // than why it matches none of the three.
  parse(raw, schema, { limits }): ParamsOf<'coordination.state'> {
    const [byId, byIds, page] = schema.options;
    const given = raw === undefined ? {} : raw;
    if (typeof given === 'object' && given !== null && 'agent_id' in given) return parseParams(byId, given);
    if (typeof given === 'object' && given !== null && 'agent_ids' in given) {
      checkListSize(given, 'agent_ids', limits.maxBatch);
      return parseParams(byIds, given);
    }
    return parseParams(page, given);
  },

  handle(params, { service }) {
    if ('agent_id' in params) return service.getState(params.agent_id);
    if ('agent_ids' in params) return { states: service.getStates(params.agent_ids) };
    return service.listStates({ limit: params.limit, cursor: params.cursor });
  },
});
