import { AgentLimitError, ValidationError, type ValidationIssue } from '@agentcore/coordination-core';
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

/** Issues listed in one answer; the rest are counted in `data.truncated`. */
export const MAX_LISTED_ISSUES = 20;
/** Longest path or message of one listed issue: they can quote client input (an unknown key, say). */
const MAX_ISSUE_TEXT = 200;

/** `text` cut to `max` characters, marked as cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * -32602 with the issues. The answer is bounded whatever the input: at most MAX_LISTED_ISSUES
 * issues, each path and message cut to MAX_ISSUE_TEXT; `data.truncated` counts the problems not
 * listed — the issues past the listed ones plus `omitted`, invalid items whose issues were not
 * worked out (at least one each).
 */
export function invalidParams(issues: readonly ValidationIssue[], omitted = 0): RpcFailure {
  const listed = issues.slice(0, MAX_LISTED_ISSUES).map((i) => ({ path: truncate(i.path, MAX_ISSUE_TEXT), message: truncate(i.message, MAX_ISSUE_TEXT), code: i.code }));
  const summary = listed
    .slice(0, 3)
    .map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`))
    .join('; ');
  const unlisted = issues.length - listed.length + omitted;
  const more = issues.length + omitted > 3 ? ` (and ${issues.length + omitted - 3} more)` : '';
  const data = unlisted > 0 ? { issues: listed, truncated: unlisted } : { issues: listed };
  return new RpcFailure(RpcErrorCode.INVALID_PARAMS, `Invalid params: ${summary}${more}`, data);
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

/** The answer that would pass the response budget (COORDINATION_MAX_RESPONSE_BYTES). Kept short: it must fit where the answer would have gone. */
export function responseTooLarge(neededBytes: number, leftBytes: number, maxBytes: number): JsonRpcError {
  return {
    code: RpcErrorCode.RESPONSE_TOO_LARGE,
    message: `Response too large: about ${neededBytes} bytes, ${Math.max(0, leftBytes)} left of ${maxBytes} for this request; ask for less (a smaller limit or batch)`,
    data: { max_bytes: maxBytes, needed_bytes: neededBytes },
  };
}

export const INTERNAL_ERROR: Readonly<JsonRpcError> = Object.freeze({ code: RpcErrorCode.INTERNAL_ERROR, message: 'Internal error' });

/** Maps whatever a handler threw to a JSON-RPC error; anything unexpected is an internal error. */
export function toJsonRpcError(error: unknown): JsonRpcError {
  if (error instanceof RpcFailure) return error.toJson();
  if (error instanceof ValidationError) return invalidParams(error.issues, error.omitted).toJson();
  if (error instanceof AgentLimitError) {
    return {
      code: RpcErrorCode.AGENT_LIMIT_REACHED,
      message: `Agent limit reached: the server tracks at most ${error.maxAgents} agents (COORDINATION_MAX_AGENTS); nothing was stored`,
      data: { max_agents: error.maxAgents, new_agents: error.newAgents },
    };
  }
  return { ...INTERNAL_ERROR };
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
    case RpcErrorCode.RESPONSE_TOO_LARGE:
      return 'response_too_large';
    case RpcErrorCode.AGENT_LIMIT_REACHED:
      return 'agent_limit';
    default:
      return 'internal_error';
  }
}
