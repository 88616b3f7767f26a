import { z } from 'zod';
import { AgentCoordinationStateSchema, AgentIdSchema, MAX_PAGE_SIZE } from '@agentcore/coordination-core';

/** Page size of a listing that names no limit (core's default). */
const DEFAULT_PAGE_SIZE = 100;
import { RpcErrorCode } from '@agentcore/coordination-client';
import { defineMethod, type MethodDeps, type ParamsOf } from './definition';
import { checkListSize } from './list-size';
import { parseParams } from './params';
import { field, listLength } from './raw-params';

const StatesResult = z.object({ states: z.array(AgentCoordinationStateSchema) });

/** States a call would answer with, at most, from raw params: what it is charged and estimated by. */
function statesIn(raw: unknown, deps: MethodDeps): number {
  if (field(raw, 'agent_id') !== undefined) return 1;
  const ids = listLength(raw, 'agent_ids', -1);
  if (ids >= 0) return Math.min(ids, deps.service.agentCount);
  const limit = field(raw, 'limit');
  const pageSize = typeof limit === 'number' && limit >= 1 && limit <= MAX_PAGE_SIZE ? Math.floor(limit) : DEFAULT_PAGE_SIZE;
  return Math.min(pageSize, deps.service.agentCount);
}

export const stateMethod = defineMethod({
  name: 'coordination.state',
  summary: 'State of one agent ({ agent_id }), of several ({ agent_ids }), or all of them a page at a time ({ limit?, cursor? }).',
  resultName: 'state',
  params: ({ maxBatch }) =>
    z.union([
      z.strictObject({ agent_id: AgentIdSchema }),
      z.strictObject({ agent_ids: z.array(AgentIdSchema).max(maxBatch) }),
      z.strictObject({ limit: z.number().int().min(1).max(MAX_PAGE_SIZE).optional(), cursor: z.string().max(2048).nullable().optional() }),
    ]),
  result: z.union([AgentCoordinationStateSchema.nullable(), StatesResult, StatesResult.extend({ next_cursor: z.string().nullable() })]),
  roles: ['admin', 'router'],
  errors: [RpcErrorCode.INVALID_PARAMS, RpcErrorCode.BATCH_TOO_LARGE],
  // Listed agents: a listing of 1,000 costs as much as 1,000 lookups.
  work: (raw, deps) => Math.max(1, statesIn(raw, deps)),
  estimateBytes: (raw, deps) => 64 + statesIn(raw, deps) * deps.stateBytes,

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
