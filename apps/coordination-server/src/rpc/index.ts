import type { IncomingMessage, ServerResponse } from 'node:http';
import { RpcErrorCode } from '@agentcore/coordination-client';
import type { Principal, TokenAuthenticator } from '../auth';
import type { AppLogger } from '../logger';
import type { BoundMethod, MethodDeps } from '../methods';
import type { ServerMetrics } from '../metrics';
import { createRateLimit } from './call-policy';
import { createDispatcher } from './dispatch';
import { messageId, parseEnvelope } from './envelope';
import { readBody } from './read-body';
import { createRejections } from './rejections';
import { createResponder, errorResponse } from './send';

export interface RpcHandlerOptions {
  methods: readonly BoundMethod[];
  deps: MethodDeps;
  auth: TokenAuthenticator;
  /** JSON-RPC calls per second per caller; 0: no limit. */
  rateLimitPerSecond: number;
  maxBodyBytes: number;
  maxBatch: number;
  metrics: ServerMetrics;
  logger: AppLogger;
  /** True once shutdown began: answers then close their connection so clients reconnect elsewhere. */
  isClosing: () => boolean;
}

/**
 * `POST /rpc` without Express: on the signal path Express's per-request middleware would cost
 * most of the throughput (see docs/benchmarks.md). One request passes these stages, each in its
 * own module:
 *
 *   authenticate → read body (size limit) → envelope (JSON, request or batch) →
 *   call policy (rate limit; per call: role) → dispatch (jayson → method) → send
 *
 * Every refusal on the way is counted by `rejections`, once.
 */
export function createRpcHandler(options: RpcHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { auth, maxBodyBytes, maxBatch, metrics, logger } = options;
  const send = createResponder(options.isClosing);
  const rejections = createRejections(options.methods.map((bound) => bound.definition), metrics, logger);
  const rateLimit = createRateLimit(options.rateLimitPerSecond);
  const dispatch = createDispatcher({ methods: options.methods, deps: options.deps, metrics, logger, rejections });

  function handleBody(res: ServerResponse, raw: Buffer, principal: Principal): void {
    const envelope = parseEnvelope(raw, maxBatch);
    if (!envelope.ok) {
      rejections.request(envelope.reason, envelope.message);
      send.json(res, 200, envelope.response);
      return;
    }
    const { calls, batch } = envelope;
    rateLimit(principal, calls.length, {
      admitted: () =>
        dispatch(calls, batch, { principal }, (reply) => {
          if (reply === undefined) send.noContent(res);
          else send.json(res, 200, reply);
        }),
      limited: (retryAfterMs) => {
        rejections.request('rate_limited', batch ? calls : calls[0]);
        logger.warn('rate limited', { caller: principal.key, calls: calls.length, retry_after_ms: retryAfterMs });
        const error = { code: RpcErrorCode.RATE_LIMITED, message: `Rate limited: retry after ${retryAfterMs} ms`, data: { retry_after_ms: retryAfterMs } };
        send.json(res, 429, errorResponse(messageId(calls, batch), error), { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) });
      },
      failed: (error) => {
        logger.error('rate limiter failed', { error: error.message });
        send.json(res, 500, errorResponse(null, { code: RpcErrorCode.INTERNAL_ERROR, message: 'Internal error' }));
      },
    });
  }

  return function handleRpc(req, res) {
    // Authentication comes first: the header is here before the body, checking it costs one
    // SHA-256 digest per configured token, and a caller without a valid token learns that (401)
    // rather than the size limit (413), without the server reading its body.
    const principal = auth.authenticate(req.headers.authorization, req.socket.remoteAddress ?? 'unknown');
    if (principal === null) {
      rejections.request('unauthorized');
      // The body is discarded, and the connection closed once the answer is out, so a caller
      // without a token cannot make the server read much of it.
      req.resume();
      send.json(res, 401, errorResponse(null, { code: RpcErrorCode.UNAUTHORIZED, message: 'Unauthorized: missing or unknown bearer token' }), {
        'www-authenticate': 'Bearer',
        connection: 'close',
      });
      return;
    }
    readBody(
      req,
      maxBodyBytes,
      (raw) => handleBody(res, raw, principal),
      () => {
        rejections.request('payload_too_large');
        // The rest of the body is not worth reading; close the connection once the answer is out.
        req.resume();
        const error = { code: RpcErrorCode.PAYLOAD_TOO_LARGE, message: `Payload too large: at most ${maxBodyBytes} bytes`, data: { max_bytes: maxBodyBytes } };
        send.json(res, 413, errorResponse(null, error), { connection: 'close' });
      },
    );
  };
}
