import type { IncomingMessage, ServerResponse } from 'node:http';
import { RpcErrorCode } from '@agentcore/coordination-client';
import type { Principal, TokenAuthenticator } from '../auth';
import type { LogThrottle } from '../log-throttle';
import type { BoundMethod, MethodDeps } from '../methods';
import type { ServerMetrics } from '../metrics';
import { createRateLimit } from './call-policy';
import { isJsonContentType } from './content-type';
import { createDispatcher } from './dispatch';
import { InvalidCall, messageId, parseEnvelope, type JsonRpcRequest } from './envelope';
import type { Failures } from './failures';
import { readBody } from './read-body';
import { createRejections } from './rejections';
import { createResponder, errorResponse } from './send';

export interface RpcHandlerOptions {
  methods: readonly BoundMethod[];
  deps: MethodDeps;
  auth: TokenAuthenticator;
  /** Work units per second per caller; 0: no limit. */
  rateLimitPerSecond: number;
  maxBodyBytes: number;
  maxBatch: number;
  /** The most one answer may take, a lone call or a whole batch. */
  maxResponseBytes: number;
  metrics: ServerMetrics;
  /** Repeated warnings (rate limited, refused calls) go through it: one line per cause and caller per interval. */
  warnings: LogThrottle;
  failures: Failures;
  /** The client's address, for callers without a token (COORDINATION_TRUST_PROXY decides whether X-Forwarded-For counts). */
  clientAddress: (req: IncomingMessage) => string;
  /** True once shutdown began: answers then close their connection so clients reconnect elsewhere. */
  isClosing: () => boolean;
}

/**
 * `POST /rpc` without Express: on the signal path Express's per-request middleware would cost
 * most of the throughput (see docs/benchmarks.md). One request passes these stages, each in its
 * own module:
 *
 *   authenticate → content type → read body (size limit) → envelope (JSON, request or batch) →
 *   call policy (rate limit by work; per call: role) → dispatch (jayson → method, response
 *   budget) → send
 *
 * Every refusal on the way is counted by `rejections`, once. Whatever throws on the way is
 * answered by `failures` (-32603, or HTTP 500) instead of reaching the process.
 */
export function createRpcHandler(options: RpcHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { auth, maxBodyBytes, maxBatch, metrics, warnings, failures, deps } = options;
  const send = createResponder(options.isClosing);
  const definitions = new Map(options.methods.map((bound) => [bound.definition.name as string, bound.definition]));
  const rejections = createRejections(options.methods.map((bound) => bound.definition), metrics, warnings);
  const rateLimit = createRateLimit(options.rateLimitPerSecond);
  const dispatch = createDispatcher({ methods: options.methods, deps, metrics, rejections, failures, maxResponseBytes: options.maxResponseBytes });

  /** Work units of a message: what each call's method charges (1 for anything else). */
  function workOf(calls: ReadonlyArray<JsonRpcRequest | InvalidCall>): number {
    let work = 0;
    for (const call of calls) {
      const charge = call instanceof InvalidCall ? undefined : definitions.get(call.method)?.work;
      const units = charge === undefined ? 1 : charge((call as JsonRpcRequest).params, deps);
      work += Number.isFinite(units) && units >= 1 ? units : 1;
    }
    return work;
  }

  /** Runs `stage`, answering whatever it throws as an internal error. */
  const guarded = (res: ServerResponse, stage: () => void): void => {
    try {
      stage();
    } catch (error) {
      failures.answer('request', error, res);
    }
  };

  function handleBody(req: IncomingMessage, res: ServerResponse, raw: Buffer, principal: Principal): void {
    const envelope = parseEnvelope(raw, maxBatch);
    if (!envelope.ok) {
      rejections.request(envelope.reason, envelope.message);
      send.json(res, 200, envelope.response);
      return;
    }
    const { calls, batch } = envelope;
    const work = workOf(calls);
    rateLimit(principal, work, {
      admitted: () =>
        guarded(res, () =>
          dispatch(
            calls,
            batch,
            { principal },
            () => res.destroyed || req.socket.destroyed,
            (text) => guarded(res, () => (text === undefined ? send.noContent(res) : send.text(res, 200, text))),
          ),
        ),
      limited: (retryAfterMs) =>
        guarded(res, () => {
          rejections.request('rate_limited', batch ? calls : calls[0]);
          warnings.log('warn', 'rate limited', principal.key, { caller: principal.key, work, retry_after_ms: retryAfterMs });
          const error = { code: RpcErrorCode.RATE_LIMITED, message: `Rate limited: retry after ${retryAfterMs} ms`, data: { retry_after_ms: retryAfterMs } };
          send.json(res, 429, errorResponse(messageId(calls, batch), error), { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) });
        }),
      failed: (error) => failures.answer('request', error, res),
    });
  }

  /** A refusal before the body is read: the body is discarded and the connection closed once the answer is out. */
  function refuseUnread(req: IncomingMessage, res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
    req.resume();
    send.json(res, status, errorResponse(null, { code, message }), { ...headers, connection: 'close' });
  }

  return function handleRpc(req, res) {
    guarded(res, () => {
      // Authentication comes first: the header is here before the body, checking it costs one
      // SHA-256 digest per configured token, and a caller without a valid token learns that (401)
      // rather than the size limit (413), without the server reading its body.
      const principal = auth.authenticate(req.headers.authorization, auth.enabled ? '' : options.clientAddress(req));
      if (principal === null) {
        rejections.request('unauthorized');
        refuseUnread(req, res, 401, RpcErrorCode.UNAUTHORIZED, 'Unauthorized: missing or unknown bearer token', { 'www-authenticate': 'Bearer' });
        return;
      }
      if (!isJsonContentType(req.headers['content-type'])) {
        rejections.request('unsupported_media_type');
        refuseUnread(req, res, 415, RpcErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Unsupported media type: send Content-Type: application/json', {
          accept: 'application/json',
        });
        return;
      }
      readBody(
        req,
        maxBodyBytes,
        (raw) => guarded(res, () => handleBody(req, res, raw, principal)),
        () =>
          guarded(res, () => {
            rejections.request('payload_too_large');
            const error = { code: RpcErrorCode.PAYLOAD_TOO_LARGE, message: `Payload too large: at most ${maxBodyBytes} bytes`, data: { max_bytes: maxBodyBytes } };
            // The rest of the body is not worth reading; close the connection once the answer is out.
            req.resume();
            send.json(res, 413, errorResponse(null, error), { connection: 'close' });
          }),
      );
    });
  };
}
