import type { z } from 'zod';
import type { CoordinationMethod, CoordinationMethods, OpenRpcDocument } from '@agentcore/coordination-client';
import type { CoordinationService, SelectionReason, SensitivitySignal } from '@agentcore/coordination-core';
import type { Principal } from '../auth';
import type { RoleKind } from '../config';
import type { AppLogger } from '../logger';

/** The params of a method as the client sends them: `CoordinationMethods` is the one definition of the wire types. */
export type ParamsOf<M extends CoordinationMethod> = CoordinationMethods[M]['params'];
/** The result of a method as the client receives it. */
export type ResultOf<M extends CoordinationMethod> = CoordinationMethods[M]['result'];

/** Limits from the server configuration that params are checked against. */
export interface MethodLimits {
  /** `COORDINATION_MAX_BATCH`: largest `signals`, `candidates` and `agent_ids` list, and `count`. */
  maxBatch: number;
}

/** What handlers work with; built once per server. */
export interface MethodDeps {
  service: CoordinationService;
  limits: MethodLimits;
  logger: AppLogger;
  /** Called with every batch of signals stored, after they are stored (replication). */
  onAccepted(signals: SensitivitySignal[]): void;
  /** Called with the reason of every `coordination.select` pick (the event stream's selection mode). */
  onSelected(reason: SelectionReason): void;
  discoverDocument(): OpenRpcDocument;
  /** Bytes of the `rpc.discover` answer (the document serialised). */
  discoverBytes(): number;
  /** What one agent's state takes serialised, about: the basis of listing estimates (see state-size.ts). */
  stateBytes: number;
  startedAtMs: number;
  now(): number;
}

/** Who made one call. */
export interface CallContext {
  principal: Principal;
}

/**
 * Everything about one JSON-RPC method in one place: what it is called, who may call it, what it
 * takes and returns (zod, published by `rpc.discover`), which errors it answers, and what it does.
 * The dispatcher, the role check, the OpenRPC document and the metrics all read it from the table
 * in `./index.ts`; adding a method is one file here plus one line there.
 *
 * `parse` and `handle` use method syntax on purpose: the table holds methods of different types
 * under one element type, and the dispatcher only ever hands a definition's `parse` result to the
 * same definition's `handle`.
 */
export interface MethodDefinition<M extends CoordinationMethod = CoordinationMethod, S extends z.ZodType<ParamsOf<M>> = z.ZodType<ParamsOf<M>>> {
  name: M;
  summary: string;
  /** Name of the result in the OpenRPC document. */
  resultName: string;
  /** The params schema under the server's limits; built once per server. */
  params: (limits: MethodLimits) => S;
  result: z.ZodType;
  /** Roles that may call the method at all. */
  roles: readonly RoleKind[];
  /** Error codes of the method itself; the ones any call can meet (auth, rate limit, body size) are added for the document. */
  errors: readonly number[];
  /** Turns raw params into the handler's params or throws an RpcFailure. Absent: validated by the `params` schema. */
  parse?(raw: unknown, schema: S, deps: MethodDeps, call: CallContext): ParamsOf<M>;
  /** How many signals raw params carry, for counting the signals a refused call or request turned away. */
  signalCount?(raw: unknown): number;
  /**
   * What a call costs the caller's rate limit, in work units: signals, candidates or listed
   * agents; 1 when absent. Reads raw params before any validation, so it must accept anything.
   */
  work?(raw: unknown, deps: MethodDeps): number;
  /**
   * About how many bytes the answer will take, from raw params, before the call runs: a call
   * whose estimate does not fit the request's response budget is refused without running.
   * Absent: small. Must accept anything; the real size is checked after the call too.
   */
  estimateBytes?(raw: unknown, deps: MethodDeps): number;
  handle(params: ParamsOf<M>, deps: MethodDeps, call: CallContext): ResultOf<M>;
}

/** Keeps a definition's own types (its method name and params schema) while checking it against the shape. */
export function defineMethod<M extends CoordinationMethod, S extends z.ZodType<ParamsOf<M>>>(definition: MethodDefinition<M, S>): MethodDefinition<M, S> {
  return definition;
}
