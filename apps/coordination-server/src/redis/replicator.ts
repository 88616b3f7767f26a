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

/** The seam between the server and whatever keeps replicas' coordination state in step. */
export interface StateReplicator {
  /**
   * Rebuilds current state from the shared store into `apply`, then follows new signals. Resolves
   * when rebuilt (ready). `apply` stores a batch atomically and throws when any signal of it is
   * invalid here (as `CoordinationService.registerSignals` does); the replicator then skips the
   * invalid signals, keeps the rest, counts the skipped ones in `rejected` and logs once per batch.
   */
  start(apply: (signals: SensitivitySignal[]) => void): Promise<void>;
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
