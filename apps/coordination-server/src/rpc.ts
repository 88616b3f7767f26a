import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import jayson from 'jayson';
import type { RateLimiterMemory } from 'rate-limiter-flexible';
import { RpcErrorCode } from '@agentcore/coordination-client';
import { mayCall, tokenDescription, type Principal, type TokenAuthenticator } from './auth';
import type { AppLogger } from './logger';
import type { CallContext, MethodHandler } from './methods';
import type { ServerMetrics } from './metrics';
import { batchTooLarge, outcomeOf, RpcFailure, toJsonRpcError, type JsonRpcError } from './rpc-errors';

export interface RpcEndpointOptions {
  methods: Record<string, MethodHandler>;
  auth: TokenAuthenticator;
  /** null: no rate limit. */
  limiter: RateLimiterMemory | null;
  maxBodyBytes: number;
  maxBatch: number;
  metrics: ServerMetrics;
  logger: AppLogger;
  /** True once shutdown began: answers then close their connection so clients reconnect elsewhere. */
  isClosing: () => boolean;
}

type JsonRpcId = string | number | null;
type JsonRpcResponse = { jsonrpc: '2.0'; id: JsonRpcId } & ({ result: unknown } | { error: JsonRpcError });

/**
 * `POST /rpc` without Express: on the signal path Express's per-request middleware would cost
 * most of the throughput (DESIGN §6). Authenticates, reads the body up to the byte limit, parses,
 * applies the rate limit and hands each request to jayson's `Server.call`, which runs the method
 * and builds the response. Around it: requests are checked here first, so an invalid one is
 * answered with its id when that is readable and a message that says what is wrong (jayson
 * answers every one with id null and "Invalid request"); `"id": null` is a request, not a
 * notification; and a batch is split here, so each member goes through the same path.
 */
export function createRpcHandler(options: RpcEndpointOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { auth, limiter, maxBodyBytes, maxBatch, metrics, logger, isClosing } = options;
  const nullIdMarker = `\u0000null-id:${process.pid}:${Math.random()}`;

  const table = new Map<string, jayson.Method>();
  for (const [name, handler] of Object.entries(options.methods)) {
    table.set(name, new jayson.Method(instrument(name, handler, options), { useContext: true }));
  }
  const notFound = new jayson.Method(
    (_params: unknown, _context: object, callback: jayson.JSONRPCCallbackTypePlain) => {
      metrics.observeCall('unknown', 'method_not_found', 0);
      callback({ code: RpcErrorCode.METHOD_NOT_FOUND, message: 'Method not found' });
    },
    { useContext: true },
  );
  // jayson refuses to register `rpc.*` names; its router option resolves them (and every other name).
  const server = new jayson.Server({}, { useContext: true, router: (name: string) => table.get(name) ?? notFound });

  function send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(payload);
    const all: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers };
    if (isClosing()) all.connection = 'close';
    res.writeHead(status, all);
    res.end(text);
  }

  function noContent(res: ServerResponse): void {
    res.writeHead(204, isClosing() ? { connection: 'close' } : {});
    res.end();
  }

  /**
   * Runs one request of a message; `done` gets its response, or undefined for a notification.
   * `lone`: the request is the whole message, so refusing it turns the HTTP request away.
   */
  function callOne(call: unknown, lone: boolean, context: CallContext, done: (reply: JsonRpcResponse | undefined) => void): void {
    const invalid = invalidRequest(call);
    if (invalid !== null) {
      if (lone) metrics.requestRejected('invalid_request');
      done(errorResponse(invalid.id, { code: RpcErrorCode.INVALID_REQUEST, message: `Invalid request: ${invalid.reason}` }));
      return;
    }
    const request = call as jayson.JSONRPCRequest;
    const nullId = request.id === null;
    if (nullId) request.id = nullIdMarker;
    server.call(request, context, (error, response) => {
      const reply = (error ?? response ?? undefined) as JsonRpcResponse | undefined;
      if (nullId && reply !== undefined) reply.id = null;
      done(reply);
    });
  }

  function dispatch(res: ServerResponse, body: object, context: CallContext): void {
    if (!Array.isArray(body)) {
      callOne(body, true, context, (reply) => {
        if (reply === undefined) noContent(res);
        else send(res, 200, reply);
      });
      return;
    }
    const replies = new Array<JsonRpcResponse | undefined>(body.length);
    let pending = body.length;
    body.forEach((call: unknown, i) =>
      callOne(call, false, context, (reply) => {
        replies[i] = reply;
        if (--pending > 0) return;
        const answered = replies.filter((r) => r !== undefined);
        if (answered.length === 0) noContent(res);
        else send(res, 200, answered);
      }),
    );
  }

  function handleBody(res: ServerResponse, raw: Buffer, principal: Principal): void {
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch (error) {
      metrics.requestRejected('parse_error');
      send(res, 200, errorResponse(null, { code: RpcErrorCode.PARSE_ERROR, message: `Parse error: ${(error as Error).message}` }));
      return;
    }
    // jayson would JSON.parse a top-level string a second time; anything but an object or array is invalid here.
    if (typeof body !== 'object' || body === null || (Array.isArray(body) && body.length === 0)) {
      metrics.requestRejected('invalid_request');
      const reason = Array.isArray(body) ? 'an empty batch' : 'expected a request object or a batch array';
      send(res, 200, errorResponse(null, { code: RpcErrorCode.INVALID_REQUEST, message: `Invalid request: ${reason}` }));
      return;
    }
    const calls = Array.isArray(body) ? body.length : 1;
    if (calls > maxBatch) {
      metrics.requestRejected('batch_too_large');
      metrics.signalsRejected('batch_too_large', countSignals(body));
      send(res, 200, errorResponse(null, batchTooLarge('requests', calls, maxBatch).toJson()));
      return;
    }
    const context: CallContext = { principal };
    if (limiter === null) {
      dispatch(res, body, context);
      return;
    }
    limiter.consume(principal.key, calls).then(
      () => dispatch(res, body, context),
      (rejection: unknown) => {
        if (rejection instanceof Error) {
          logger.error('rate limiter failed', { error: rejection.message });
          send(res, 500, errorResponse(null, { code: RpcErrorCode.INTERNAL_ERROR, message: 'Internal error' }));
          return;
        }
        const retryAfterMs = Math.max(1, Math.ceil((rejection as { msBeforeNext: number }).msBeforeNext));
        metrics.requestRejected('rate_limited');
        metrics.signalsRejected('rate_limited', countSignals(body));
        logger.warn('rate limited', { caller: principal.key, calls, retry_after_ms: retryAfterMs });
        send(
          res,
          429,
          errorResponse(singleId(body), {
            code: RpcErrorCode.RATE_LIMITED,
            message: `Rate limited: retry after ${retryAfterMs} ms`,
            data: { retry_after_ms: retryAfterMs },
          }),
          { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) },
        );
      },
    );
  }

  function unauthorized(req: IncomingMessage, res: ServerResponse): void {
    metrics.requestRejected('unauthorized');
    // Answered before the body is read; it is discarded, and the connection closed once the
    // answer is out, so a caller without a token cannot make the server read much of it.
    req.resume();
    send(res, 401, errorResponse(null, { code: RpcErrorCode.UNAUTHORIZED, message: 'Unauthorized: missing or unknown bearer token' }), {
      'www-authenticate': 'Bearer',
      connection: 'close',
    });
  }

  function tooLarge(req: IncomingMessage, res: ServerResponse): void {
    metrics.requestRejected('payload_too_large');
    metrics.signalsRejected('payload_too_large', 1);
    // The rest of the body is not worth reading; close the connection once the answer is out.
    req.resume();
    send(
      res,
      413,
      errorResponse(null, {
        code: RpcErrorCode.PAYLOAD_TOO_LARGE,
        message: `Payload too large: at most ${maxBodyBytes} bytes`,
        data: { max_bytes: maxBodyBytes },
      }),
      { connection: 'close' },
    );
  }

  return function handleRpc(req, res) {
    // Authentication comes first: the header is here before the body, checking it costs one
    // SHA-256 digest per configured token, and a caller without a valid token learns that (401)
    // rather than the size limit (413), without the server reading its body.
    const principal = auth.authenticate(req.headers.authorization, req.socket.remoteAddress ?? 'unknown');
    if (principal === null) {
      unauthorized(req, res);
      return;
    }
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > maxBodyBytes) {
      tooLarge(req, res);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let rejected = false;
    req.on('data', (chunk: Buffer) => {
      if (rejected) return;
      size += chunk.length;
      if (size > maxBodyBytes) {
        rejected = true;
        chunks.length = 0;
        tooLarge(req, res);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!rejected) handleBody(res, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size), principal);
    });
    req.on('error', () => {
      // The client went away mid-body: nothing to answer.
      rejected = true;
    });
  };
}

/** Wraps a handler for jayson: role check, error mapping, duration metric. */
function instrument(name: string, handler: MethodHandler, options: RpcEndpointOptions) {
  const { metrics, logger } = options;
  return function (this: jayson.Server, params: unknown, context: object, callback: jayson.JSONRPCCallbackTypePlain): void {
    const started = performance.now();
    const callContext = context as CallContext;
    let result: unknown;
    let failure: JsonRpcError | undefined;
    try {
      const role = callContext.principal.role;
      if (!mayCall(role, name)) {
        if (name === 'coordination.signal') metrics.signalsRejected('forbidden', 1);
        throw new RpcFailure(RpcErrorCode.FORBIDDEN, `Forbidden: ${tokenDescription(role)} may not call ${name}`);
      }
      result = handler(params, callContext);
    } catch (error) {
      failure = toJsonRpcError(error);
      if (failure.code === RpcErrorCode.INTERNAL_ERROR) {
        logger.error('method failed', { method: name, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      } else if (failure.code !== RpcErrorCode.INVALID_PARAMS || name !== 'coordination.signal') {
        // Rejected signals were logged where they were rejected, with their count.
        logger.warn('call rejected', { method: name, code: failure.code, caller: callContext.principal.key, error: failure.message });
      }
    }
    metrics.observeCall(name, failure === undefined ? 'ok' : outcomeOf(failure.code), (performance.now() - started) / 1000);
    if (failure === undefined) callback(null, result);
    else callback(failure as jayson.JSONRPCError);
  };
}


function errorResponse(id: JsonRpcId, error: JsonRpcError): JsonRpcResponse {
  return { jsonrpc: '2.0', id, error };
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

function singleId(body: object): JsonRpcId {
  if (Array.isArray(body)) return null;
  const id = (body as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

/** How many signals a message carried, for counting the ones a whole-request rejection refused. */
function countSignals(body: unknown): number {
  let count = 0;
  for (const call of Array.isArray(body) ? body : [body]) {
    const { method, params } = (call ?? {}) as { method?: unknown; params?: { signals?: unknown } };
    if (method !== 'coordination.signal') continue;
    count += Array.isArray(params?.signals) ? params.signals.length : 1;
  }
  return count;
}
