import { ValidationError, type ValidationIssue } from '@agentcore/coordination-core';
import { RpcErrorCode } from '@agentcore/coordination-client';

export interface JsonRpcError {
  code: number;
  message: string;
  data?: unknown;
}

/** Thrown by method handlers; becomes the JSON-RPC error object as it is. */
export class RpcFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }

  toJson(): JsonRpcError {
    return this.data === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, data: this.data };
  }
}

export function invalidParams(issues: readonly ValidationIssue[]): RpcFailure {
  const summary = issues
    .slice(0, 3)
    .map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`))
    .join('; ');
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  return new RpcFailure(RpcErrorCode.INVALID_PARAMS, `Invalid params: ${summary}${more}`, { issues });
}

/**
 * More items than `COORDINATION_MAX_BATCH` in one message: JSON-RPC requests in a batch, or the
 * `signals`, `candidates` or `agent_ids` of one call. Checked before anything else looks at the
 * items, so the caller learns the limit rather than a schema message.
 */
export function batchTooLarge(what: string, received: number, maxBatch: number): RpcFailure {
  return new RpcFailure(RpcErrorCode.BATCH_TOO_LARGE, `Batch too large: ${received} ${what}, at most ${maxBatch}`, {
    max_batch: maxBatch,
    received,
  });
}

/** Maps whatever a handler threw to a JSON-RPC error; anything unexpected is an internal error. */
export function toJsonRpcError(error: unknown): JsonRpcError {
  if (error instanceof RpcFailure) return error.toJson();
  if (error instanceof ValidationError) return invalidParams(error.issues).toJson();
  return { code: RpcErrorCode.INTERNAL_ERROR, message: 'Internal error' };
}

/** Short label of an error code for metrics and logs. */
export function outcomeOf(code: number): string {
  switch (code) {
    case RpcErrorCode.INVALID_PARAMS:
      return 'invalid_params';
    case RpcErrorCode.FORBIDDEN:
      return 'forbidden';
    case RpcErrorCode.BATCH_TOO_LARGE:
      return 'batch_too_large';
    case RpcErrorCode.METHOD_NOT_FOUND:
      return 'method_not_found';
    default:
      return 'internal_error';
  }
}
