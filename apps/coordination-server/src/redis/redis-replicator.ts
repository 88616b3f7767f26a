import { randomUUID } from 'node:crypto';
import Redis, { type RedisOptions } from 'ioredis';
import { silentLogger, type Logger, type SensitivitySignal } from '@agentcore/coordination-core';
import { LogThrottle } from '../log-throttle';
import { Follower } from './follower';
import { errorMessage, type Connection, type ReplicationLink } from './link';
import { Publisher } from './publisher';
import type { ApplyShared, ReplicatorOptions, ReplicatorStatus, StateReplicator } from './replicator';

export type RedisReplicatorOptions = ReplicatorOptions & { url: string; prefix: string };

/**
 * Shares accepted signals through one Redis Stream and applies everyone else's to local state.
 * Reads never touch Redis: every replica keeps the full state in memory, so the latency of
 * scoring and selection is unchanged; Redis only carries the writes. See docs/scale-out.md.
 *
 * This class owns the two connections and the status (mode, readiness, last error, Redis'
 * clock); the `Publisher` writes and the `Follower` reads, each on its own connection.
 */
export class RedisReplicator implements StateReplicator {
  /** Unique per process, so a restarted replica with the same id re-applies its own earlier entries. */
  private readonly origin: string;
  private readonly logger: Logger;
  private readonly startTimeoutMs: number;
  /** Writes and maintenance. Offline queue off: the publisher's buffer decides what survives an outage. */
  private readonly commands: Redis;
  /** Blocking reads need a connection of their own. */
  private readonly reader: Redis;
  private readonly publisher: Publisher;
  private readonly follower: Follower;
  private readonly link: ReplicationLink;

  private started = false;
  private closed = false;
  private ready = false;
  private resolveReady: (() => void) | undefined;
  private readonly healthy: Record<Connection, boolean> = { commands: true, reader: true };
  private wasConnected = false;
  private clockOffsetMs = 0;
  private lastError: string | undefined;
  private readonly warnings: LogThrottle;
  private readonly heartbeatMs: number;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(options: RedisReplicatorOptions) {
    if (!Number.isFinite(options.windowSeconds) || options.windowSeconds <= 0) {
      throw new RangeError('windowSeconds must be a positive number');
    }
    this.origin = `${options.replicaId}/${randomUUID().slice(0, 8)}`;
    this.logger = options.logger ?? silentLogger;
    this.startTimeoutMs = options.startTimeoutMs ?? 10_000;
    this.warnings = new LogThrottle(this.logger);
    this.heartbeatMs = options.heartbeatMs ?? 1_000;
    const commandTimeoutMs = options.commandTimeoutMs ?? 2_000;
    const blockMs = options.blockMs ?? 1_000;
    const windowMs = options.windowSeconds * 1000;
    const keys = { streamKey: `${options.prefix}signals`, longKeyPrefix: `${options.prefix}long:`, origin: this.origin };

    const clientOptions: RedisOptions = {
      lazyConnect: true,
      enableOfflineQueue: false,
      // Fail in-flight commands at once on a disconnect: the buffer and the read cursor resume them.
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      // Reconnect forever, backing off to 1 s: the replica must heal without anyone restarting it.
      retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 5), 1_000),
      // Closing after Redis died leaves a socket that never reports close; don't hold shutdown 2 s for it.
      disconnectTimeout: 500,
    };
    // A hung Redis (stopped, or a network that drops packets without a reset) keeps its TCP
    // connections open: nothing fails. socketTimeout closes a connection that has a command
    // waiting and receives nothing for that long; ioredis then fails the commands and
    // reconnects, and the replica is degraded until a connection is ready again.
    this.commands = new Redis(options.url, { ...clientOptions, socketTimeout: commandTimeoutMs, connectionName: `${this.origin}:commands` });
    // A blocking read waits up to blockMs by design: its timeout starts after that.
    this.reader = new Redis(options.url, { ...clientOptions, socketTimeout: blockMs + commandTimeoutMs, connectionName: `${this.origin}:reader` });

    const link: ReplicationLink = (this.link = {
      logger: this.logger,
      redisNow: () => Date.now() + this.clockOffsetMs,
      report: (connection, error) => {
        const wasHealthy = this.healthy[connection];
        this.healthy[connection] = error === undefined;
        if (error === undefined) {
          this.noteModeChange();
          if (!wasHealthy && connection === 'commands') this.publisher.resume();
          return;
        }
        this.noteError(error);
      },
      noteError: (error) => this.noteError(error),
      healthy: (connection) => this.healthy[connection],
      warn: (message, key, meta) => this.warnings.log('warn', message, key, meta),
    });
    this.publisher = new Publisher(this.commands, link, {
      ...keys,
      windowMs,
      maxBuffered: options.maxBuffered ?? 100_000,
      maxSignalsPerEntry: options.maxSignalsPerEntry ?? 500,
      trimIntervalMs: options.trimIntervalMs ?? Math.min(60_000, Math.max(1_000, windowMs / 4)),
    });
    this.follower = new Follower(this.reader, link, { ...keys, pageSize: options.pageSize ?? 1_000, blockMs });

    for (const client of [this.commands, this.reader]) {
      client.on('error', (err: Error) => this.noteError(err));
      client.on('close', () => this.noteModeChange());
    }
    this.commands.on('ready', () => {
      this.healthy.commands = true;
      this.noteModeChange();
      void this.syncClock();
      this.publisher.resume();
    });
    this.reader.on('ready', () => {
      this.healthy.reader = true;
      this.noteModeChange();
      this.follower.wake();
    });
  }

  async start(apply: ApplyShared): Promise<void> {
    if (this.started) throw new Error('replicator already started');
    this.started = true;
    const readyNow = new Promise<void>((resolve) => (this.resolveReady = resolve));
    // connect() rejects on the first failure, but ioredis keeps retrying under retryStrategy.
    this.commands.connect().catch(() => undefined);
    this.reader.connect().catch(() => undefined);
    this.follower.start(apply, () => this.markReady());
    this.publisher.start();
    // Writes and the blocking read notice a hung Redis by their timeouts; with nothing to write,
    // the commands connection would not, so it is checked on its own.
    this.heartbeat = setInterval(() => this.checkCommands(), this.heartbeatMs);
    this.heartbeat.unref();
    const giveUp = setTimeout(() => {
      if (this.ready) return;
      // Refusing to serve until Redis returns would turn a Redis outage into a fleet outage.
      this.logger.warn('shared state not reachable at start; serving local state until Redis returns', {
        timeout_ms: this.startTimeoutMs,
        error: this.lastError,
      });
      this.markReady();
    }, this.startTimeoutMs);
    await readyNow;
    clearTimeout(giveUp);
  }

  publish(signals: readonly SensitivitySignal[]): void {
    // While applying remote signals the service re-emits them; sharing those again would echo forever.
    if (this.follower.applying) return;
    this.publisher.publish(signals);
  }

  status(): ReplicatorStatus {
    const status: ReplicatorStatus = {
      mode: this.isConnected() ? 'connected' : 'degraded',
      ready: this.ready,
      buffered: this.publisher.buffered,
      dropped: this.publisher.dropped,
      rejected: this.follower.rejected,
    };
    const lagMs = this.follower.lagMs;
    if (lagMs !== undefined) status.lagMs = lagMs;
    if (this.lastError !== undefined) status.lastError = this.lastError;
    return status;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.markReady();
    // A blocked XREAD would hold QUIT for up to blockMs; nothing on the reader is worth waiting for.
    this.reader.disconnect();
    const following = this.follower.stop();
    await this.publisher.close();
    await this.commands.quit().catch(() => this.commands.disconnect());
    await following;
    this.warnings.flush();
  }

  /** PING on the commands connection while it is idle: a success marks it healthy again; a hung Redis trips socketTimeout. */
  private checkCommands(): void {
    if (this.commands.status !== 'ready') return;
    this.commands.ping().then(
      () => this.link.report('commands'),
      (error: unknown) => this.link.report('commands', error),
    );
  }

  private isConnected(): boolean {
    return this.commands.status === 'ready' && this.reader.status === 'ready' && this.healthy.commands && this.healthy.reader;
  }

  private markReady(): void {
    this.ready = true;
    this.resolveReady?.();
  }

  /** Stream ids carry Redis' clock; lag and trimming use it too, so a skewed replica clock does not distort them. */
  private async syncClock(): Promise<void> {
    try {
      const before = Date.now();
      const [seconds, micros] = await this.commands.time();
      const after = Date.now();
      this.clockOffsetMs = Number(seconds) * 1000 + Number(micros) / 1000 - (before + after) / 2;
    } catch (err) {
      this.noteError(err);
    }
  }

  private noteError(err: unknown): void {
    // When a connection is lost, every command waiting on it fails with ioredis' "max retries"
    // error; the cause (a socket timeout, a reset) was reported just before and says more.
    const message = errorMessage(err);
    if (!(this.lastError !== undefined && message.startsWith('Reached the max retries per request limit'))) this.lastError = message;
    this.noteModeChange();
  }

  /** Logs transitions only: a Redis outage must not turn into a log flood. */
  private noteModeChange(): void {
    if (this.closed) return;
    const connected = this.isConnected();
    if (connected === this.wasConnected) return;
    this.wasConnected = connected;
    if (connected) this.logger.info('shared state connected', { replica: this.origin, buffered: this.publisher.buffered });
    else this.logger.warn('shared state degraded; serving local state', { replica: this.origin, error: this.lastError });
  }
}
