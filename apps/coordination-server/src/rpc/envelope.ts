import { RpcErrorCode } from '@agentcore/coordination-client';
import type { RequestRejection } from '../metrics';
import { batchTooLarge } from './errors';
import { errorResponse, type JsonRpcId, type JsonRpcResponse } from './send';

/** A request that passed the envelope checks; `params` is an object or array when present. */
export interface JsonRpcRequest {
  jsonrpc: '2.0';
  method: string;
  params?: object;
  id?: JsonRpcId;
}

/** A member of a batch that is not a valid request: it is answered with this error, and the rest run. */
export class InvalidCall {
  constructor(readonly response: JsonRpcResponse) {}
}

/** What one request body holds, or why the whole message is refused. */
export type Envelope =
  | { ok: true; batch: boolean; calls: Array<JsonRpcRequest | InvalidCall> }
  | { ok: false; reason: Extract<RequestRejection, 'parse_error' | 'invalid_request' | 'batch_too_large'>; response: JsonRpcResponse; message?: unknown };

/**
 * Parses a body into JSON-RPC 2.0 requests. Requests are checked here rather than by jayson, so an
 * invalid one is answered with its id when that is readable and a message that says what is wrong
 * (jayson answers every one with id null and "Invalid request"). A lone invalid request refuses the
 * message; in a batch only that member is answered with the error.
 */
export function parseEnvelope(raw: Buffer, maxBatch: number): Envelope {
  // Below 64 KiB, even the deepest nesting parses in a few milliseconds: only larger bodies pay for the scan.
  if (raw.length > 65_536 && nestedTooDeep(raw, MAX_NESTING)) {
    return refuse('invalid_request', null, { code: RpcErrorCode.INVALID_REQUEST, message: `Invalid request: JSON nested deeper than ${MAX_NESTING} levels` });
  }
  let message: unknown;
  try {
    message = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    return refuse('parse_error', null, { code: RpcErrorCode.PARSE_ERROR, message: `Parse error: ${(error as Error).message}` });
  }
  // jayson would JSON.parse a top-level string a second time; anything but an object or array is invalid here.
  if (typeof message !== 'object' || message === null || (Array.isArray(message) && message.length === 0)) {
    const reason = Array.isArray(message) ? 'an empty batch' : 'expected a request object or a batch array';
    return refuse('invalid_request', null, { code: RpcErrorCode.INVALID_REQUEST, message: `Invalid request: ${reason}` });
  }
  if (!Array.isArray(message)) {
    const invalid = invalidRequest(message);
    if (invalid !== null) return refuse('invalid_request', invalid.id, invalidRequestError(invalid.reason));
    return { ok: true, batch: false, calls: [message as JsonRpcRequest] };
  }
  if (message.length > maxBatch) {
    return { ok: false, reason: 'batch_too_large', response: errorResponse(null, batchTooLarge('requests', message.length, maxBatch).toJson()), message };
  }
  const calls = message.map((call: unknown) => {
    const invalid = invalidRequest(call);
    return invalid === null ? (call as JsonRpcRequest) : new InvalidCall(errorResponse(invalid.id, invalidRequestError(invalid.reason)));
  });
  return { ok: true, batch: true, calls };
}

/**
 * The deepest nesting a request may have. Every method's params fit in a handful of levels (a
 * batch of signal batches is five deep); parsing a megabyte of `[[[[…` takes ~80 ms of the
 * event loop, and nothing useful is that deep.
 */
export const MAX_NESTING = 32;

/** Whether arrays and objects nest deeper than `limit` in `raw`, found in one pass over the bytes (strings skipped). */
export function nestedTooDeep(raw: Buffer, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    if (byte === 0x22) {
      // A string: skip to its closing quote, past escaped characters.
      for (i++; i < raw.length && raw[i] !== 0x22; i++) if (raw[i] === 0x5c) i++;
    } else if (byte === 0x5b || byte === 0x7b) {
      if (++depth > limit) return true;
    } else if (byte === 0x5d || byte === 0x7d) depth--;
  }
  return false;
}

function refuse(reason: 'parse_error' | 'invalid_request', id: JsonRpcId, error: { code: number; message: string }): Envelope {
  return { ok: false, reason, response: errorResponse(id, error) };
}

function invalidRequestError(reason: string): { code: number; message: string } {
  return { code: RpcErrorCode.INVALID_REQUEST, message: `Invalid request: ${reason}` };
}

/**
 * Why a message is not a valid JSON-RPC 2.0 request, with the id to answer under (the request's
 * own when it is a valid id, else null); null when it is valid.
 */
function invalidRequest(call: unknown): { id: JsonRpcId; reason: string } | null {
  if (typeof call !== 'object' || call === null || Array.isArray(call)) return { id: null, reason: 'expected a request object' };
  const { jsonrpc, method, params, id } = call as { jsonrpc?: unknown; method?: unknown; params?: unknown; id?: unknown };
  if (id !== undefined && id !== null && typeof id !== 'string' && typeof id !== 'number') {
    return { id: null, reason: '"id" must be a string, a number or null' };
  }
  const answerId = id ?? null;
  if (jsonrpc !== '2.0') return { id: answerId, reason: '"jsonrpc" must be exactly "2.0"' };
  if (typeof method !== 'string') return { id: answerId, reason: '"method" must be a string' };
  if (params !== undefined && (typeof params !== 'object' || params === null)) {
    return { id: answerId, reason: '"params" must be an object or array' };
  }
  return null;
}

/** The id a refusal of the whole message is answered under: the lone request's, else null. */
export function messageId(calls: ReadonlyArray<JsonRpcRequest | InvalidCall>, batch: boolean): JsonRpcId {
  const first = calls[0];
  if (batch || first instanceof InvalidCall) return null;
  return first.id ?? null;
}
