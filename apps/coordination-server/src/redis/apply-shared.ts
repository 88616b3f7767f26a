import type { CoordinationService, SensitivitySignal } from '@agentcore/coordination-core';
import type { AppliedShared } from './replicator';

/**
 * Stores signals shared by other replicas one by one: the replication policy for a signal this
 * replica refuses (a timestamp too far ahead of its clock, an agent past its limit) is to skip it
 * and keep the rest, while rebuilding as while following (docs/scale-out.md). Returns how many
 * were refused, and why the first one was.
 */
export function applyShared(service: CoordinationService, signals: readonly SensitivitySignal[]): AppliedShared {
  let rejected = 0;
  let reason: string | undefined;
  for (const signal of signals) {
    try {
      service.registerSignal(signal);
    } catch (error) {
      rejected++;
      reason ??= error instanceof Error ? error.message : String(error);
    }
  }
  return reason === undefined ? { rejected } : { rejected, reason };
}
