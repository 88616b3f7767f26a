import { RpcErrorCode } from '@agentcore/coordination-client';
import type { Principal } from '../auth';
import type { LogThrottle } from '../log-throttle';
import type { MethodDefinition } from '../methods';
import type { RequestRejection, ServerMetrics, SignalRejection } from '../metrics';
import { truncate, type JsonRpcError } from './errors';

/**
 * The one owner of the refusal counts: `coordination_rpc_requests_rejected_total` for messages
 * turned away before any method ran, and `coordination_signals_rejected_total` for the signals a
 * refusal cost, whichever stage refused them. Each stage reports its refusal here once; nothing
 * else counts them.
 */
export interface Rejections {
  /** A whole message refused before any method ran; `message` is the parsed body when there is one. */
  request(reason: RequestRejection, message?: unknown): void;
  /** One call refused with a JSON-RPC error other than an internal one; `params` as the caller sent them. */
  call(definition: MethodDefinition, params: unknown, failure: JsonRpcError, principal: Principal): void;
}

/** Signals a whole-message refusal turns away; a body too large to read counts as one. */
const REQUEST_SIGNAL_REASONS: Partial<Record<RequestRejection, SignalRejection>> = {
  payload_too_large: 'payload_too_large',
  batch_too_large: 'batch_too_large',
  rate_limited: 'rate_limited',
};

const CALL_SIGNAL_REASONS: Record<number, SignalRejection> = {
  [RpcErrorCode.INVALID_PARAMS]: 'invalid',
  [RpcErrorCode.FORBIDDEN]: 'forbidden',
  [RpcErrorCode.BATCH_TOO_LARGE]: 'batch_too_large',
  [RpcErrorCode.AGENT_LIMIT_REACHED]: 'agent_limit',
};

/** How much of an error message a log line quotes: messages can quote client input. */
const LOGGED_MESSAGE = 200;

export function createRejections(methods: readonly MethodDefinition[], metrics: ServerMetrics, warnings: LogThrottle): Rejections {
  const byName = new Map(methods.map((definition) => [definition.name as string, definition]));

  /** Signals in every call of a message (a request or a batch), by each method's own count. */
  function signalsIn(message: unknown): number {
    let count = 0;
    for (const call of Array.isArray(message) ? message : [message]) {
      const { method, params } = (call ?? {}) as { method?: unknown; params?: unknown };
      if (typeof method === 'string') count += byName.get(method)?.signalCount?.(params) ?? 0;
    }
    return count;
  }

  return {
    request(reason, message) {
      metrics.requestRejected(reason);
      const signalReason = REQUEST_SIGNAL_REASONS[reason];
      if (signalReason === undefined) return;
      const count = reason === 'payload_too_large' ? 1 : signalsIn(message);
      if (count > 0) metrics.signalsRejected(signalReason, count);
    },

    call(definition, params, failure, principal) {
      const reason = CALL_SIGNAL_REASONS[failure.code];
      // One line per cause and caller per interval (LogThrottle), quoting a bounded part of the message.
      const error = truncate(failure.message, LOGGED_MESSAGE);
      if (definition.signalCount !== undefined && reason !== undefined) {
        const count = definition.signalCount(params);
        metrics.signalsRejected(reason, count);
        warnings.log('warn', 'signals rejected', `${reason}\u0000${principal.key}`, { reason, count, caller: principal.key, error });
        return;
      }
      warnings.log('warn', 'call rejected', `${definition.name}\u0000${failure.code}\u0000${principal.key}`, {
        method: definition.name,
        code: failure.code,
        caller: principal.key,
        error,
      });
    },
  };
}
