import { z } from 'zod';
import { RpcErrorCode, type OpenRpcDocument } from '@agentcore/coordination-client';
import { ROLE_KINDS } from './config';
import type { BoundMethod } from './methods';

type JsonSchema = Record<string, unknown>;

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
  [RpcErrorCode.UNSUPPORTED_MEDIA_TYPE]: 'the request is not Content-Type: application/json (HTTP 415)',
  [RpcErrorCode.MISDIRECTED_REQUEST]: 'the Host header is not one the server answers to, COORDINATION_ALLOWED_HOSTS (HTTP 421)',
  [RpcErrorCode.RESPONSE_TOO_LARGE]: 'the answer would pass COORDINATION_MAX_RESPONSE_BYTES for this request; error.data has max_bytes and needed_bytes',
  [RpcErrorCode.AGENT_LIMIT_REACHED]: 'the signals would add agents beyond COORDINATION_MAX_AGENTS; nothing was stored; error.data.max_agents',
};

// Any call can be refused before it runs: no token, wrong content type or host, over the rate
// limit, body too large, or the request's response budget spent by the calls before it.
const ANY_CALL = [
  RpcErrorCode.UNAUTHORIZED,
  RpcErrorCode.UNSUPPORTED_MEDIA_TYPE,
  RpcErrorCode.MISDIRECTED_REQUEST,
  RpcErrorCode.RATE_LIMITED,
  RpcErrorCode.PAYLOAD_TOO_LARGE,
  RpcErrorCode.RESPONSE_TOO_LARGE,
];

/** The `rpc.discover` document, generated from the method table: the same zod schemas that validate the params. */
export function buildOpenRpcDocument(methods: readonly BoundMethod[], version: string): OpenRpcDocument {
  return {
    openrpc: '1.3.2',
    info: {
      title: 'AgentCore coordination service',
      version,
      description: 'JSON-RPC 2.0 over HTTP POST /rpc. Params are by-name objects with snake_case fields.',
    },
    methods: methods.map(({ definition, schema }) => {
      const params = toJsonSchema(schema, 'input');
      // A method some role may not call can answer "forbidden".
      const forbidden = ROLE_KINDS.some((kind) => !definition.roles.includes(kind)) ? [RpcErrorCode.FORBIDDEN] : [];
      return {
        name: definition.name,
        summary: definition.summary,
        paramStructure: 'by-name',
        params: descriptors(params),
        'x-params-schema': params,
        result: { name: definition.resultName, schema: toJsonSchema(definition.result, 'output') },
        errors: [...definition.errors, ...forbidden, ...ANY_CALL].map((code) => ({ code, message: ERROR_MESSAGES[code] })),
      };
    }),
  };
}
