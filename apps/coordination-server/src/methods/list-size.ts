import { batchTooLarge } from '../rpc/errors';

/**
 * A list param over COORDINATION_MAX_BATCH fails as -32014 before the schema sees it (as a
 * JSON-RPC batch and a signal batch do), so the caller learns the limit rather than a schema message.
 */
export function checkListSize(params: unknown, field: 'candidates' | 'agent_ids', maxBatch: number): void {
  const list = typeof params === 'object' && params !== null ? (params as Record<string, unknown>)[field] : undefined;
  if (Array.isArray(list) && list.length > maxBatch) throw batchTooLarge(field, list.length, maxBatch);
}
