import type { Logger, SensitivitySignal } from '@agentcore/coordination-core';

/** Every mode a replicator can be in; `/metrics` exports one 0/1 series per mode. */
export const REPLICATION_MODES = ['memory', 'connected', 'degraded'] as const;
export type ReplicationMode = (typeof REPLICATION_MODES)[number];

export interface ReplicatorStatus {
  /** `memory`: no shared store configured. `degraded`: Redis unreachable or failing; serving from local state. */
  mode: ReplicationMode;
  /** True once the start-up rebuild finished (or was given up after `startTimeoutMs`, see docs/scale-out.md). */
  ready: boolean;
  /** How far the newest applied shared entry trailed its write to Redis; 0 when nothing is waiting. */
  lagMs?: number;
  /** Local signals waiting to be shared (Redis down or slow). */
  buffered: number;
  /** Local signals never shared because the buffer overflowed while Redis was down. */
  dropped: number;
  /** Signals other replicas shared that failed validation here and were skipped (see `StateReplicator.start`). */
  rejected: number;
  lastError?: string;
}

/** What storing a batch of shared signals came to: how many this replica refused, and why the first one was. */
export interface AppliedShared {
  rejected: number;
  reason?: string;
}

/**
 * Stores signals other replicas shared. The one policy for a signal this replica refuses (a
 * timestamp too far ahead of its clock, an agent past its limit): skip it, keep the rest, report
 * it in `rejected` — while rebuilding as while following.
 */
export type ApplyShared = (signals: SensitivitySignal[]) => AppliedShared;

/** The seam between the server and whatever keeps replicas' coordination state in step. */
export interface StateReplicator {
  /**
   * Rebuilds current state from the shared store into `apply`, then follows new signals. Resolves
   * when rebuilt (ready). The replicator counts what `apply` refused in `rejected` and logs it
   * (one line per cause and interval).
   */
  start(apply: ApplyShared): Promise<void>;
  /** Shares signals this replica accepted (already validated and stored locally). Never throws, never blocks the caller; buffers (bounded, overflow counted) while Redis is down. */
  publish(signals: readonly SensitivitySignal[]): void;
  status(): ReplicatorStatus;
  close(): Promise<void>;
}

export interface ReplicatorOptions {
  /** `COORDINATION_REDIS_URL`. Unset or blank: a single in-memory replica, nothing shared. */
  url?: string;
  /** `COORDINATION_REDIS_PREFIX`: every key this replicator touches starts with it. */
  prefix?: string;
  /** Names this replica in logs and in the entries it writes. */
  replicaId: string;
  /** How long the shared stream keeps entries: normally the default signal TTL. */
  windowSeconds: number;
  logger?: Logger;
  /** Signals held while Redis is down before the oldest are dropped. Default 100,000. */
  maxBuffered?: number;
  /** How long `start()` waits for Redis before the replica serves without shared state. Default 10 s. */
  startTimeoutMs?: number;
  /** Entries per read while rebuilding or catching up. Default 1,000. */
  pageSize?: number;
  /** How long one blocking read waits for new entries. Default 1 s. */
  blockMs?: number;
  /** Signals packed into one stream entry. Default 500. */
  maxSignalsPerEntry?: number;
  /** How often idle streams are trimmed. Default a quarter of the window, 1–60 s. */
  trimIntervalMs?: number;
  /**
   * A connection with a command waiting that receives nothing for this long is closed and
   * opened anew (the blocking reader gets `blockMs` on top); the replica is degraded meanwhile.
   * A hung Redis (stopped, or a network that drops packets without a reset) keeps its TCP
   * connections open, and nothing else would notice it. Default 2 s.
   */
  commandTimeoutMs?: number;
  /** How often the commands connection is checked with PING while it has nothing else to do. Default 1 s. */
  heartbeatMs?: number;
}

export const DEFAULT_REDIS_PREFIX = 'agentcore:coord:';

/** The status of a server without a shared store. */
export const MEMORY_STATUS: Readonly<ReplicatorStatus> = Object.freeze({ mode: 'memory', ready: true, buffered: 0, dropped: 0, rejected: 0 });

/** Used when no Redis is configured: this replica is the whole deployment. */
export class MemoryReplicator implements StateReplicator {
  async start(): Promise<void> {
    // Nothing to rebuild from: local state is the only state.
  }

  publish(): void {
    // Nobody to share with.
  }

  status(): ReplicatorStatus {
    return { ...MEMORY_STATUS };
  }

  async close(): Promise<void> {
    // No connections to release.
  }
}
