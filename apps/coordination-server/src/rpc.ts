import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import jayson from 'jayson';
import type { RateLimiterMemory } from 'rate-limiter-flexible';
import { RpcErrorCode } from '@agentcore/coordination-client';
import { mayCall, roleName, type TokenAuthenticator } from './auth';
import type { AppLogger } from './logger';
import type { CallContext, MethodHandler } from './methods';
import type { ServerMetrics } from './metrics';
import { outcomeOf, RpcFailure, toJsonRpcError, type JsonRpcError } from './rpc-errors';

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

/**
 * `POST /rpc` without Express: on the signal path Express's per-request middleware would cost
 * most of the throughput (DESIGN §6). Reads the body up to the byte limit, authenticates, parses,
 * applies the rate limit and hands the message to jayson's `Server.call`, which owns the JSON-RPC
 * 2.0 semantics (batches, notifications, error objects). Two places where jayson strays from the
 * spec are corrected around it: `"id": null` (a request, not a notification) and nested arrays
 * inside a batch (each an invalid request).
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

  function dispatch(res: ServerResponse, body: object, context: CallContext): void {
    const markedNullIds = markNullIds(body, nullIdMarker);
    server.call(body as jayson.JSONRPCRequest, context, (error, response) => {
      const reply: unknown = error ?? response;
      if (reply === undefined || reply === null) {
        res.writeHead(204, isClosing() ? { connection: 'close' } : {});
        res.end();
        return;
      }
      if (markedNullIds) restoreNullIds(reply, nullIdMarker);
      send(res, 200, reply);
    });
  }

  function handleBody(req: IncomingMessage, res: ServerResponse, raw: Buffer): void {
    const principal = auth.authenticate(req.headers.authorization, req.socket.remoteAddress ?? 'unknown');
    if (principal === null) {
      metrics.requestRejected('unauthorized');
      send(res, 401, errorResponse(null, { code: RpcErrorCode.UNAUTHORIZED, message: 'Unauthorized: missing or unknown bearer token' }), {
        'www-authenticate': 'Bearer',
      });
      return;
    }
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
      send(res, 200, errorResponse(null, { code: RpcErrorCode.INVALID_REQUEST, message: 'Invalid request' }));
      return;
    }
    const calls = Array.isArray(body) ? body.length : 1;
    if (calls > maxBatch) {
      metrics.requestRejected('batch_too_large');
      metrics.signalsRejected('batch_too_large', countSignals(body));
      send(
        res,
        200,
        errorResponse(null, {
          code: RpcErrorCode.BATCH_TOO_LARGE,
          message: `Batch too large: ${calls} requests, at most ${maxBatch}`,
          data: { max_batch: maxBatch, received: calls },
        }),
      );
      return;
    }
    if (Array.isArray(body)) {
      for (let i = 0; i < body.length; i++) if (Array.isArray(body[i])) body[i] = null;
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
      if (!rejected) handleBody(req, res, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
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
        throw new RpcFailure(RpcErrorCode.FORBIDDEN, `Forbidden: a ${roleName(role)} token may not call ${name}`);
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


function errorResponse(id: JsonRpcId, error: JsonRpcError): { jsonrpc: '2.0'; id: JsonRpcId; error: JsonRpcError } {
  return { jsonrpc: '2.0', id, error };
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

/** jayson treats `"id": null` as a notification; JSON-RPC 2.0 says it is a request that gets an answer with id null. */
function markNullIds(body: object, marker: string): boolean {
  let marked = false;
  for (const call of Array.isArray(body) ? body : [body]) {
    if (typeof call === 'object' && call !== null && 'id' in call && (call as { id: unknown }).id === null) {
      (call as { id: unknown }).id = marker;
      marked = true;
    }
  }
  return marked;
}

function restoreNullIds(reply: unknown, marker: string): void {
  for (const response of Array.isArray(reply) ? reply : [reply]) {
    if ((response as { id?: unknown }).id === marker) (response as { id: unknown }).id = null;
  }
}
