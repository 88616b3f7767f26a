import type { z } from 'zod';
import type { CoordinationMethod } from '@agentcore/coordination-client';
import { completeMethod } from './complete';
import type { MethodDefinition, MethodLimits, ParamsOf } from './definition';
import { discoverMethod } from './discover';
import { metricsMethod } from './metrics';
import { predictMethod } from './predict';
import { selectMethod } from './select';
import { signalMethod } from './signal';
import { stateMethod } from './state';

export type { CallContext, MethodDefinition, MethodDeps, MethodLimits, ParamsOf, ResultOf } from './definition';

/**
 * Every JSON-RPC method of the server, in the order `rpc.discover` lists them. The dispatcher, the
 * role check, the OpenRPC document and the per-method metrics all iterate this table.
 */
export const METHODS = [
  signalMethod,
  stateMethod,
  metricsMethod,
  selectMethod,
  predictMethod,
  completeMethod,
  discoverMethod,
] as const satisfies readonly MethodDefinition[];

// The client's method map and this table must name the same methods: fails to compile otherwise.
type Unserved = Exclude<CoordinationMethod, (typeof METHODS)[number]['name']>;
const everyClientMethodIsServed: [Unserved] extends [never] ? true : Unserved = true;
void everyClientMethodIsServed;

/** A method with its params schema built for this server's limits. */
export interface BoundMethod {
  definition: MethodDefinition;
  schema: z.ZodType<ParamsOf<CoordinationMethod>>;
}

/** Builds every method's params schema once, for the server's limits. */
export function bindMethods(limits: MethodLimits): BoundMethod[] {
  return METHODS.map((definition: MethodDefinition) => ({ definition, schema: definition.params(limits) }));
}
