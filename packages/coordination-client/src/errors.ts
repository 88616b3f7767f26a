import type { ValidationIssue } from '@agentcore/coordination-core';

/**
 * JSON-RPC error codes the coordination server answers with. The -32700..-32600 range is
 * JSON-RPC 2.0's own; the rest sit in the implementation-defined -32000..-32099 range and,
 * where an HTTP status fits, echo it (…01 → 401, …03 → 403, …13 → 413, …15 → 415, …21 → 421,
 * …29 → 429). The server's own limits with no HTTP status to echo are -3206x.
 * The server imports this table too: it is the one definition of the wire contract.
 */
export const RpcErrorCode = Object.freeze({
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  UNAUTHORIZED: -32001,
  FORBIDDEN: -32003,
  PAYLOAD_TOO_LARGE: -32013,
  BATCH_TOO_LARGE: -32014,
  /** The request's Content-Type is not JSON (HTTP 415). */
  UNSUPPORTED_MEDIA_TYPE: -32015,
  /** The request's Host is not one the server answers to (HTTP 421). */
  MISDIRECTED_REQUEST: -32021,
  RATE_LIMITED: -32029,
  UNAVAILABLE: -32050,
  /** The answer would pass the server's response budget (COORDINATION_MAX_RESPONSE_BYTES); the call did not run, or its result was dropped. */
  RESPONSE_TOO_LARGE: -32060,
  /** The signals would add agents beyond COORDINATION_MAX_AGENTS; nothing was stored. */
  AGENT_LIMIT_REACHED: -32061,
} as const);
export type RpcErrorCodeValue = (typeof RpcErrorCode)[keyof typeof RpcErrorCode];

/** Base class of everything the client throws, so callers can catch the family at once. */
export class CoordinationError extends Error {
  override readonly name: string = 'CoordinationError';
}

/** The server answered with a JSON-RPC error object. */
export class CoordinationRpcError extends CoordinationError {
  override readonly name = 'CoordinationRpcError';
  constructor(
    readonly code: number,
    message: string,
    readonly data: unknown,
    readonly method: string,
    /** HTTP status of the response that carried the error (200 for most JSON-RPC errors). */
    readonly httpStatus: number,
  ) {
    super(`${method}: ${message} (${code})`);
  }

  /** The validation issues of an invalid-params error (`error.data.issues`), or none. */
  get issues(): ValidationIssue[] {
    const data = this.data as { issues?: unknown } | null | undefined;
    return Array.isArray(data?.issues) ? (data.issues as ValidationIssue[]) : [];
  }

  /** For a rate-limited call: how long the server asks the caller to wait, in ms. */
  get retryAfterMs(): number | undefined {
    const data = this.data as { retry_after_ms?: unknown } | null | undefined;
    return typeof data?.retry_after_ms === 'number' ? data.retry_after_ms : undefined;
  }
}

/** The request never produced a JSON-RPC answer: connection refused or reset, HTTP error, bad body. */
export class CoordinationTransportError extends CoordinationError {
  override readonly name: string = 'CoordinationTransportError';
  constructor(
    message: string,
    readonly method: string,
    /** HTTP status when a response arrived, otherwise undefined. */
    readonly httpStatus?: number,
    options?: { cause?: unknown },
  ) {
    super(`${method}: ${message}`, options);
  }
}

/** No answer within the configured timeout. Whether the server acted on the call is unknown. */
export class CoordinationTimeoutError extends CoordinationTransportError {
  override readonly name = 'CoordinationTimeoutError';
  constructor(
    method: string,
    readonly timeoutMs: number,
  ) {
    super(`no response within ${timeoutMs} ms`, method);
  }
}
