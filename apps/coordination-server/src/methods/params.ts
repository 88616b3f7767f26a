import type { z } from 'zod';
import { issuesFromZod } from '@agentcore/coordination-core';
import { invalidParams } from '../rpc/errors';

/** Validates params with a zod schema; absent params count as `{}`. */
export function parseParams<S extends z.ZodType>(schema: S, params: unknown): z.output<S> {
  const result = schema.safeParse(params === undefined ? {} : params);
  if (!result.success) throw invalidParams(issuesFromZod(result.error));
  return result.data;
}
