import { performance } from 'node:perf_hooks';
import jayson from 'jayson';
import { RpcErrorCode } from '@agentcore/coordination-client';
import type { AppLogger } from '../logger';
import type { BoundMethod, CallContext, MethodDeps } from '../methods';
import { parseParams } from '../methods/params';
import type { ServerMetrics } from '../metrics';
import { authorizeCall } from './call-policy';
import { InvalidCall, type JsonRpcRequest } from './envelope';
import { outcomeOf, toJsonRpcError, type JsonRpcError } from './errors';
import type { Rejections } from './rejections';
import type { JsonRpcResponse } from './send';

export interface DispatchOptions {
  methods: readonly BoundMethod[];
  deps: MethodDeps;
  metrics: ServerMetrics;
  logger: AppLogger;
  rejections: Rejections;
}

/** Runs the calls of an admitted message; `done` gets the reply, or undefined when there is nothing to answer (notifications only). */
export type Dispatch = (
  calls: ReadonlyArray<JsonRpcRequest | InvalidCall>,
  batch: boolean,
  context: CallContext,
  done: (reply: JsonRpcResponse | JsonRpcResponse[] | undefined) => void,
) => void;

/**
 * Hands each call to jayson's `Server.call`, which runs the method and builds the response.
 * Around every method: the role check, params parsing, error mapping and the duration metric.
 * A batch is split here, so each member goes through the same path, and `"id": null` is a
 * request here, not a notification.
 */
export function createDispatcher(options: DispatchOptions): Dispatch {
  const { metrics } = options;
  // jayson treats "id": null as a notification; such requests carry this id through it instead.
  const nullIdMarker = `\u0000null-id:${process.pid}:${Math.random()}`;
  const table = new Map<string, jayson.Method>();
  for (const bound of options.methods) {
    table.set(bound.definition.name, new jayson.Method(instrument(bound, options), { useContext: true }));
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

  function callOne(call: JsonRpcRequest | InvalidCall, context: CallContext, done: (reply: JsonRpcResponse | undefined) => void): void {
    if (call instanceof InvalidCall) {
      done(call.response);
      return;
    }
    const nullId = call.id === null;
    const request = (nullId ? { ...call, id: nullIdMarker } : call) as jayson.JSONRPCRequest;
    server.call(request, context, (error, response) => {
      const reply = (error ?? response ?? undefined) as JsonRpcResponse | undefined;
      if (nullId && reply !== undefined) reply.id = null;
      done(reply);
    });
  }

  return (calls, batch, context, done) => {
    if (!batch) {
      callOne(calls[0], context, done);
      return;
    }
    const replies = new Array<JsonRpcResponse | undefined>(calls.length);
    let pending = calls.length;
    calls.forEach((call, i) =>
      callOne(call, context, (reply) => {
        replies[i] = reply;
        if (--pending > 0) return;
        const answered = replies.filter((r) => r !== undefined);
        done(answered.length === 0 ? undefined : answered);
      }),
    );
  };
}

/** One method as jayson runs it: role check, parse, handle, error mapping, duration metric. */
function instrument({ definition, schema }: BoundMethod, options: DispatchOptions) {
  const { deps, metrics, logger, rejections } = options;
  const name = definition.name;
  return function (this: jayson.Server, raw: unknown, context: object, callback: jayson.JSONRPCCallbackTypePlain): void {
    const started = performance.now();
    const call = context as CallContext;
    let result: unknown;
    let failure: JsonRpcError | undefined;
    try {
      authorizeCall(call.principal, definition);
      const params = definition.parse === undefined ? parseParams(schema, raw) : definition.parse(raw, schema, deps, call);
      result = definition.handle(params, deps, call);
    } catch (error) {
      failure = toJsonRpcError(error);
      if (failure.code === RpcErrorCode.INTERNAL_ERROR) {
        logger.error('method failed', { method: name, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      } else {
        rejections.call(definition, raw, failure, call.principal);
      }
    }
    metrics.observeCall(name, failure === undefined ? 'ok' : outcomeOf(failure.code), (performance.now() - started) / 1000);
    if (failure === undefined) callback(null, result);
    else callback(failure as jayson.JSONRPCError);
  };
}
