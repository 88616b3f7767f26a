import { performance } from 'node:perf_hooks';
import jayson from 'jayson';
import { RpcErrorCode } from '@agentcore/coordination-client';
import type { BoundMethod, CallContext, MethodDefinition, MethodDeps } from '../methods';
import { parseParams } from '../methods/params';
import type { ServerMetrics } from '../metrics';
import { authorizeCall } from './call-policy';
import { InvalidCall, type JsonRpcRequest } from './envelope';
import { INTERNAL_ERROR, outcomeOf, responseTooLarge, toJsonRpcError, type JsonRpcError } from './errors';
import type { Failures } from './failures';
import type { Rejections } from './rejections';
import { ResponseBudget } from './response-budget';
import { errorResponse, type JsonRpcId, type JsonRpcResponse } from './send';

export interface DispatchOptions {
  methods: readonly BoundMethod[];
  deps: MethodDeps;
  metrics: ServerMetrics;
  rejections: Rejections;
  failures: Failures;
  /** COORDINATION_MAX_RESPONSE_BYTES: the most one HTTP answer may take, a lone call or a whole batch. */
  maxResponseBytes: number;
}

/**
 * Runs the calls of an admitted message. `done` gets the answer's text, or undefined when there
 * is nothing to answer (notifications only, or the client went away: `isGone`).
 */
export type Dispatch = (
  calls: ReadonlyArray<JsonRpcRequest | InvalidCall>,
  batch: boolean,
  context: CallContext,
  isGone: () => boolean,
  done: (text: string | undefined) => void,
) => void;

/**
 * How long a batch may hold the event loop before it lets other work in (probes, other
 * clients): one call is bounded by the size limits, a batch of a thousand is not.
 */
const SLICE_MS = 8;

/**
 * Hands each call to jayson's `Server.call`, which runs the method and builds the response.
 * Around every method: the role check, params parsing, error mapping and the duration metric.
 * A batch is split here, so each member goes through the same path, and `"id": null` is a
 * request here, not a notification.
 *
 * Every answer is serialised here, as soon as it is made, against the request's response budget
 * (ResponseBudget): a call whose estimate does not fit is refused before it runs, an answer that
 * does not fit is replaced by the error, so the whole answer never passes
 * COORDINATION_MAX_RESPONSE_BYTES. A batch runs in slices of about SLICE_MS, yielding to the
 * event loop between them.
 */
export function createDispatcher(options: DispatchOptions): Dispatch {
  const { metrics, deps, failures, maxResponseBytes } = options;
  // jayson treats "id": null as a notification; such requests carry this id through it instead.
  const nullIdMarker = `\u0000null-id:${process.pid}:${Math.random()}`;
  const table = new Map<string, jayson.Method>();
  const definitions = new Map<string, MethodDefinition>();
  for (const bound of options.methods) {
    table.set(bound.definition.name, new jayson.Method(instrument(bound, options), { useContext: true }));
    definitions.set(bound.definition.name, bound.definition);
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

  const errorText = (id: JsonRpcId, error: JsonRpcError): string => JSON.stringify(errorResponse(id, error));

  /** The answer's estimated size; a broken estimate counts as small (the answer is measured after anyway). */
  function estimate(definition: MethodDefinition | undefined, params: unknown): number {
    if (definition?.estimateBytes === undefined) return 0;
    try {
      const bytes = definition.estimateBytes(params, deps);
      return Number.isFinite(bytes) ? bytes : 0;
    } catch (error) {
      failures.report('method', error);
      return 0;
    }
  }

  /** One call (or invalid member), answered into `budget` at `index`; `done(undefined)` for a notification. */
  function callOne(
    call: JsonRpcRequest | InvalidCall,
    index: number,
    budget: ResponseBudget,
    shared: boolean,
    context: CallContext,
    done: (text: string | undefined) => void,
  ): void {
    if (call instanceof InvalidCall) {
      const text = JSON.stringify(call.response);
      budget.takeReserved(index, Buffer.byteLength(text));
      done(text);
      return;
    }
    const answered = call.id !== undefined;
    const id: JsonRpcId = call.id ?? null;
    const definition = definitions.get(call.method);
    // A metric label: only the names of real methods, never what a client made up.
    const label = definition?.name ?? 'unknown';
    if (answered) {
      const needed = estimate(definition, call.params);
      if (needed > budget.available(index)) {
        metrics.observeCall(label, 'response_too_large', 0);
        const text = errorText(id, responseTooLarge(needed, budget.available(index), maxResponseBytes));
        budget.takeReserved(index, Buffer.byteLength(text));
        done(text);
        return;
      }
    }
    const request = (call.id === null ? { ...call, id: nullIdMarker } : call) as jayson.JSONRPCRequest;
    server.call(request, context, (error, response) => {
      const reply = (error ?? response ?? undefined) as JsonRpcResponse | undefined;
      if (!answered || reply === undefined) {
        done(undefined);
        return;
      }
      reply.id = id;
      let text: string;
      try {
        text = JSON.stringify(reply);
      } catch (failure) {
        // A result that cannot be serialised (too long for a string, a cycle): an internal error, not a crash.
        failures.report('serialize', failure);
        text = errorText(id, INTERNAL_ERROR);
        budget.takeReserved(index, Buffer.byteLength(text));
        done(text);
        return;
      }
      // A lone answer that fits even at 3 bytes per UTF-16 unit (UTF-8's most) needs no exact
      // count; a batch shares its budget, so its answers are counted exactly.
      const bytes = !shared && text.length * 3 <= budget.available(index) ? 0 : Buffer.byteLength(text);
      if (!budget.take(index, bytes)) {
        metrics.observeCall(label, 'response_too_large', 0);
        text = errorText(id, responseTooLarge(bytes, budget.available(index), maxResponseBytes));
        budget.takeReserved(index, Buffer.byteLength(text));
      }
      done(text);
    });
  }

  return (calls, batch, context, isGone, done) => {
    const ids = calls.map((call) => (call instanceof InvalidCall ? call.response.id : call.id));
    const budget = ResponseBudget.of(maxResponseBytes, ids, batch);
    if (budget === null) {
      // The ids alone leave no room within the budget: one refusal for the whole message.
      options.rejections.request('response_too_large');
      done(errorText(null, responseTooLarge(ids.reduce<number>((sum, id) => sum + JSON.stringify(id ?? null).length, 0), 0, maxResponseBytes)));
      return;
    }
    if (!batch) {
      callOne(calls[0], 0, budget, false, context, done);
      return;
    }
    const texts: string[] = [];
    let next = 0;
    const step = (): void => {
      const sliceStarted = performance.now();
      for (;;) {
        if (next >= calls.length) {
          done(texts.length === 0 ? undefined : `[${texts.join(',')}]`);
          return;
        }
        if (isGone()) {
          done(undefined);
          return;
        }
        let returned = false;
        let finishedNow = false;
        callOne(calls[next++], next - 1, budget, true, context, (text) => {
          if (text !== undefined) texts.push(text);
          if (returned) step();
          else finishedNow = true;
        });
        returned = true;
        // A call that answers later resumes the loop from its callback.
        if (!finishedNow) return;
        if (performance.now() - sliceStarted > SLICE_MS) {
          setImmediate(step);
          return;
        }
      }
    };
    step();
  };
}

/** One method as jayson runs it: role check, parse, handle, error mapping, duration metric. */
function instrument({ definition, schema }: BoundMethod, options: DispatchOptions) {
  const { deps, metrics, rejections, failures } = options;
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
      if (failure.code === RpcErrorCode.INTERNAL_ERROR) failures.report('method', error);
      else rejections.call(definition, raw, failure, call.principal);
    }
    metrics.observeCall(name, failure === undefined ? 'ok' : outcomeOf(failure.code), (performance.now() - started) / 1000);
    if (failure === undefined) callback(null, result);
    else callback(failure as jayson.JSONRPCError);
  };
}
