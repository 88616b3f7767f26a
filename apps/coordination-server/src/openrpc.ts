import { z } from 'zod';
import { RpcErrorCode } from '@agentcore/coordination-client';
import type { Schemas } from './schemas';

type JsonSchema = Record<string, unknown>;

interface MethodDoc {
  name: string;
  summary: string;
  params: z.ZodType;
  result: z.ZodType;
  resultName: string;
  errors: number[];
}

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/**
 * OpenRPC wants one content descriptor per by-name param. Methods whose params come in several
 * shapes (one signal or a batch; three forms of state) list the union of the fields, none
 * required, and carry the exact schema in `x-params-schema`.
 */
function descriptors(schema: JsonSchema): Array<{ name: string; required: boolean; schema: JsonSchema }> {
  const branches = Array.isArray(schema.anyOf) ? (schema.anyOf as JsonSchema[]) : [schema];
  const single = branches.length === 1;
  const out = new Map<string, { name: string; required: boolean; schema: JsonSchema }>();
  for (const branch of branches) {
    const required = new Set(Array.isArray(branch.required) ? (branch.required as string[]) : []);
    for (const [name, property] of Object.entries((branch.properties ?? {}) as Record<string, JsonSchema>)) {
      if (!out.has(name)) out.set(name, { name, required: single && required.has(name), schema: property });
    }
  }
  return [...out.values()];
}

const ERROR_MESSAGES: Record<number, string> = {
  [RpcErrorCode.INVALID_PARAMS]: 'invalid params; error.data.issues lists each problem with its path',
  [RpcErrorCode.UNAUTHORIZED]: 'missing or unknown bearer token',
  [RpcErrorCode.FORBIDDEN]: 'the token may not call this method, or not for this agent_id',
  [RpcErrorCode.BATCH_TOO_LARGE]: 'more items than COORDINATION_MAX_BATCH; error.data has max_batch and received',
  [RpcErrorCode.PAYLOAD_TOO_LARGE]: 'request body over COORDINATION_MAX_BODY_BYTES (HTTP 413); error.data.max_bytes',
  [RpcErrorCode.RATE_LIMITED]: 'rate limit reached; error.data.retry_after_ms says when to retry',
};

/** The `rpc.discover` document, generated from the same zod schemas that validate the params. */
export function buildOpenRpcDocument(schemas: Schemas, version: string): Record<string, unknown> {
  // Any call can be refused before it runs: no token, over the rate limit, body too large.
  const anyCall = [RpcErrorCode.UNAUTHORIZED, RpcErrorCode.RATE_LIMITED, RpcErrorCode.PAYLOAD_TOO_LARGE];
  const common = [RpcErrorCode.FORBIDDEN, ...anyCall];
  const methods: MethodDoc[] = [
    {
      name: 'coordination.signal',
      summary: 'Report one sensitivity signal, or { signals: [...] } as one atomic batch.',
      params: schemas.signal.params,
      result: schemas.signal.result,
      resultName: 'accepted',
      errors: [RpcErrorCode.INVALID_PARAMS, RpcErrorCode.BATCH_TOO_LARGE, ...common],
    },
    {
      name: 'coordination.state',
      summary: 'State of one agent ({ agent_id }), of several ({ agent_ids }), or all of them a page at a time ({ limit?, cursor? }).',
      params: schemas.state.params,
      result: schemas.state.result,
      resultName: 'state',
      errors: [RpcErrorCode.INVALID_PARAMS, RpcErrorCode.BATCH_TOO_LARGE, ...common],
    },
    {
      name: 'coordination.metrics',
      summary: 'Counters of the coordination service.',
      params: schemas.metrics.params,
      result: schemas.metrics.result,
      resultName: 'metrics',
      errors: [RpcErrorCode.INVALID_PARAMS, ...common],
    },
    {
      name: 'coordination.select',
      summary: 'Pick the best candidate; the pick counts as work on that agent until its next load signal.',
      params: schemas.select.params,
      result: schemas.select.result,
      resultName: 'selection',
      errors: [RpcErrorCode.INVALID_PARAMS, RpcErrorCode.BATCH_TOO_LARGE, ...common],
    },
    {
      name: 'coordination.predict',
      summary: "Forecast whether an agent's load crosses the threshold within the horizon; null for an unknown agent.",
      params: schemas.predict.params,
      result: schemas.predict.result,
      resultName: 'prediction',
      errors: [RpcErrorCode.INVALID_PARAMS, ...common],
    },
    {
      name: 'coordination.complete',
      summary:
        'Report that tasks routed to an agent (by coordination.select or otherwise) have finished, failed or timed out, so they stop counting as work on it before its next load signal. recorded is false for an unknown agent.',
      params: schemas.complete.params,
      result: schemas.complete.result,
      resultName: 'completion',
      errors: [RpcErrorCode.INVALID_PARAMS, ...common],
    },
    {
      name: 'rpc.discover',
      summary: 'This document.',
      params: schemas.discover.params,
      result: schemas.discover.result,
      resultName: 'openrpc',
      // Every role may call it.
      errors: [RpcErrorCode.INVALID_PARAMS, ...anyCall],
    },
  ];
  return {
    openrpc: '1.3.2',
    info: {
      title: 'AgentCore coordination service',
      version,
      description: 'JSON-RPC 2.0 over HTTP POST /rpc. Params are by-name objects with snake_case fields.',
    },
    methods: methods.map((method) => {
      const params = toJsonSchema(method.params, 'input');
      return {
        name: method.name,
        summary: method.summary,
        paramStructure: 'by-name',
        params: descriptors(params),
        'x-params-schema': params,
        result: { name: method.resultName, schema: toJsonSchema(method.result, 'output') },
        errors: method.errors.map((code) => ({ code, message: ERROR_MESSAGES[code] })),
      };
    }),
  };
}
