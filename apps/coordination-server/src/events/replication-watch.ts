import type { CoordinationEventMap } from '@agentcore/coordination-client';
import type { ReplicatorStatus } from '../redis';

type Change =
  | { type: 'replication_degraded'; data: Omit<CoordinationEventMap['replication_degraded'], 'time'> }
  | { type: 'replication_recovered'; data: Omit<CoordinationEventMap['replication_recovered'], 'time'> };

/**
 * Replication's mode, read from the replicator's status once per interval (the status is what
 * `/readyz` and `/metrics` show too): a change to `degraded` and the way back are events.
 */
export class ReplicationWatch {
  private mode: ReplicatorStatus['mode'];

  constructor(initial: ReplicatorStatus) {
    this.mode = initial.mode;
  }

  check(status: ReplicatorStatus): Change | undefined {
    const previous = this.mode;
    if (status.mode === previous) return undefined;
    this.mode = status.mode;
    const data = { mode: status.mode, previous, last_error: status.lastError ?? null, buffered: status.buffered };
    if (status.mode === 'degraded') return { type: 'replication_degraded', data };
    // connected again (or first connected after starting degraded)
    return previous === 'degraded' ? { type: 'replication_recovered', data } : undefined;
  }
}
