import type { Logger } from '@agentcore/coordination-core';

/** Which of the replicator's two Redis connections a result is about. */
export type Connection = 'commands' | 'reader';

/**
 * What the publisher and the follower share through the replicator that owns the connections:
 * the clock of Redis, the logger, and where they report how their commands went, which is what
 * the replicator's mode and last error are made of.
 */
export interface ReplicationLink {
  readonly logger: Logger;
  /** Now by Redis' clock (epoch ms): stream ids carry it, so trimming and lag use it too. */
  redisNow(): number;
  /** A command on `connection` succeeded (no error) or failed; a failure marks the connection unhealthy until the next success. */
  report(connection: Connection, error?: unknown): void;
  /** A failure that says nothing about a connection's health (a periodic trim, a clock read). */
  noteError(error: unknown): void;
  /** Whether the last command on `connection` succeeded: the publisher sends nothing into a connection known to hang. */
  healthy(connection: Connection): boolean;
  /** Repeated warnings: one line per cause per interval. */
  warn(message: string, key: string, meta: Record<string, unknown>): void;
}

export function errorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // Messages can quote a shared signal (a validation error): keep log lines bounded.
  return message.length <= 300 ? message : `${message.slice(0, 299)}…`;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
