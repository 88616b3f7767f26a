import type {
  AgentCoordinationState,
  OverloadPrediction,
  SelectionResult,
  SensitivitySignalInput,
  WeightProfile,
} from '@agentcore/coordination-core';
import { CoordinationRpcError, CoordinationTimeoutError, CoordinationTransportError, RpcErrorCode } from './errors';
import type { CoordinationEvent } from './event-types';
import { streamEvents, type EventStreamOptions } from './events';
import type {
  CompletionResult,
  CoordinationMethod,
  CoordinationMethods,
  OpenRpcDocument,
  ServerMetrics,
  SignalResult,
  StatePageResult,
} from './types';

export interface RetryPolicy {
  /** Attempts after the first one. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface CoordinationClientOptions {
  /** Server base URL, e.g. `http://127.0.0.1:8080`; `/rpc` is appended unless already there. */
  url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Per attempt, covering connect, request and response body. Default 5000 ms. */
  timeoutMs?: number;
  /** Backoff for retried calls (see `CallOptions.idempotent`). Default 2 retries, 100 ms doubling up to 2 s. */
  retry?: Partial<RetryPolicy>;
  /** Replaces the global fetch (e.g. to add a dispatcher). */
  fetch?: typeof fetch;
}

export interface CallOptions {
  /**
   * Whether repeating the call is harmless. Idempotent calls are retried after any transient
   * failure (timeout, connection reset, 5xx); the others only after failures that prove the
   * server did not act (rate limited, unavailable, connection refused).
   */
  idempotent?: boolean;
}

const DEFAULT_RETRY: RetryPolicy = { retries: 2, baseDelayMs: 100, maxDelayMs: 2000 };

/** Typed JSON-RPC 2.0 client for the coordination server, over the global fetch. */
export class CoordinationClient {
  readonly endpoint: string;
  private readonly baseUrl: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly fetchImpl: typeof fetch;
  private nextId = 1;

  constructor(options: CoordinationClientOptions) {
    const base = options.url.replace(/\/+$/, '');
    this.endpoint = base.endsWith('/rpc') ? base : `${base}/rpc`;
    this.baseUrl = this.endpoint.slice(0, -'/rpc'.length);
    this.headers = { 'content-type': 'application/json', accept: 'application/json' };
    if (options.token !== undefined) this.headers.authorization = `Bearer ${options.token}`;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.fetchImpl = options.fetch ?? fetch;
  }

  /**
   * Reports one signal. Retried after ambiguous failures only when it carries a `signal_id`:
   * the server keeps the first copy of a signal id, so a repeat cannot count twice.
   */
  signal(signal: SensitivitySignalInput): Promise<SignalResult> {
    return this.call('coordination.signal', signal, { idempotent: signal.signal_id !== undefined });
  }

  /** Reports a batch atomically: all stored, or none and a CoordinationRpcError listing the issues. */
  signals(signals: SensitivitySignalInput[]): Promise<SignalResult> {
    return this.call('coordination.signal', { signals }, { idempotent: signals.every((s) => s.signal_id !== undefined) });
  }

  /** One agent's state, or null when the server does not know it. */
  async state(agentId: string): Promise<AgentCoordinationState | null> {
    return (await this.call('coordination.state', { agent_id: agentId }, { idempotent: true })) as AgentCoordinationState | null;
  }

  /** States of the given agents, in the order given; unknown ids are left out. */
  async states(agentIds: string[]): Promise<AgentCoordinationState[]> {
    const result = (await this.call('coordination.state', { agent_ids: agentIds }, { idempotent: true })) as {
      states: AgentCoordinationState[];
    };
    return result.states;
  }

  /** One page of all agents ordered by id; pass `next_cursor` back for the next page. */
  async listStates(page: { limit?: number; cursor?: string | null } = {}): Promise<StatePageResult> {
    return (await this.call('coordination.state', page, { idempotent: true })) as StatePageResult;
  }

  metrics(): Promise<ServerMetrics> {
    return this.call('coordination.metrics', {}, { idempotent: true });
  }

  /**
   * Picks an agent. Not retried after ambiguous failures: the server counts every pick as work
   * on the chosen agent, so a repeat after a lost response would count that work twice.
   */
  select(candidates: string[], options: { weights?: WeightProfile; explain?: boolean; admission?: boolean } = {}): Promise<SelectionResult> {
    return this.call('coordination.select', { candidates, ...options });
  }

  /**
   * Reports that tasks routed to an agent have finished (or failed, or timed out), so they stop
   * counting as work on it before its next load signal. Call it for every task placed through
   * `select`. Not retried after ambiguous failures, for the same reason as `select`.
   */
  complete(agentId: string, count?: number): Promise<CompletionResult> {
    return this.call('coordination.complete', count === undefined ? { agent_id: agentId } : { agent_id: agentId, count });
  }

  /** Overload forecast for one agent, or null when the server does not know it. */
  predict(agentId: string, options: { horizonSeconds?: number; threshold?: number } = {}): Promise<OverloadPrediction | null> {
    const params: CoordinationMethods['coordination.predict']['params'] = { agent_id: agentId };
    if (options.horizonSeconds !== undefined) params.horizon_seconds = options.horizonSeconds;
    if (options.threshold !== undefined) params.threshold = options.threshold;
    return this.call('coordination.predict', params, { idempotent: true });
  }

  /** The server's OpenRPC description of every method. */
  discover(): Promise<OpenRpcDocument> {
    return this.call('rpc.discover', undefined, { idempotent: true });
  }

  /**
   * The server's live events (`GET /events`, Server-Sent Events) as an async iterator: signals
   * (coalesced per agent), stale and expired agents, overload predictions, selection and
   * replication mode changes. Reconnects with backoff and resumes with `Last-Event-ID`; ends when
   * `options.signal` aborts or the loop breaks. Needs a router or admin token (an agent token
   * sees only its own agent's events).
   */
  events(options: EventStreamOptions = {}): AsyncGenerator<CoordinationEvent> {
    return streamEvents({ baseUrl: this.baseUrl, headers: this.headers, fetch: this.fetchImpl }, options);
  }

  /** Calls any method, typed by `CoordinationMethods`; retries as `options.idempotent` allows. */
  async call<M extends CoordinationMethod>(
    method: M,
    params: CoordinationMethods[M]['params'],
    options: CallOptions = {},
  ): Promise<CoordinationMethods[M]['result']> {
    for (let attempt = 0; ; attempt++) {
      try {
        return (await this.attempt(method, params)) as CoordinationMethods[M]['result'];
      } catch (error) {
        if (attempt >= this.retry.retries || !isRetryable(error, options.idempotent === true)) throw error;
        await sleep(this.backoff(attempt, error));
      }
    }
  }

  private backoff(attempt: number, error: unknown): number {
    const exponential = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt);
    // Jitter keeps many agents that failed together from retrying in lockstep.
    const jittered = exponential * (0.5 + Math.random() * 0.5);
    const hinted = error instanceof CoordinationRpcError ? error.retryAfterMs : undefined;
    return hinted === undefined ? jittered : Math.max(jittered, hinted);
  }

  private async attempt(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    const body = JSON.stringify(params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let status: number | undefined;
    let text: string;
    try {
      const response = await this.fetchImpl(this.endpoint, { method: 'POST', headers: this.headers, body, signal: controller.signal });
      status = response.status;
      text = await response.text();
    } catch (error) {
      if (controller.signal.aborted) throw new CoordinationTimeoutError(method, this.timeoutMs);
      throw new CoordinationTransportError(describe(error), method, status, { cause: error });
    } finally {
      clearTimeout(timer);
    }
    return parseResponse(text, method, id, status);
  }
}

function parseResponse(text: string, method: string, id: number, status: number): unknown {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    throw new CoordinationTransportError(`HTTP ${status} with a body that is not JSON`, method, status);
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    throw new CoordinationTransportError(`HTTP ${status} with a body that is not a JSON-RPC response`, method, status);
  }
  const { error, result } = message as { error?: { code?: unknown; message?: unknown; data?: unknown }; result?: unknown };
  if (error !== undefined && error !== null) {
    const code = typeof error.code === 'number' ? error.code : RpcErrorCode.INTERNAL_ERROR;
    throw new CoordinationRpcError(code, typeof error.message === 'string' ? error.message : 'error', error.data, method, status);
  }
  const responseId = (message as { id?: unknown }).id;
  if (status !== 200 || responseId !== id || !('result' in message)) {
    throw new CoordinationTransportError(`HTTP ${status} without a JSON-RPC response to request ${id}`, method, status);
  }
  return result;
}

/** Failures that prove the server did nothing are always safe to retry; the rest only for idempotent calls. */
function isRetryable(error: unknown, idempotent: boolean): boolean {
  if (error instanceof CoordinationRpcError) {
    if (error.code === RpcErrorCode.RATE_LIMITED || error.code === RpcErrorCode.UNAVAILABLE) return true;
    return idempotent && error.code === RpcErrorCode.INTERNAL_ERROR;
  }
  if (error instanceof CoordinationTransportError) {
    if (error.httpStatus === 429 || error.httpStatus === 503) return true;
    if (causeCode(error.cause) === 'ECONNREFUSED') return true;
    return idempotent && (error.httpStatus === undefined || error.httpStatus >= 500);
  }
  return false;
}

function causeCode(cause: unknown): string | undefined {
  // undici reports connection failures as TypeError('fetch failed') with the socket error as its cause.
  let current = cause;
  for (let depth = 0; depth < 3 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function describe(error: unknown): string {
  const code = causeCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return code === undefined ? message : `${message} (${code})`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
