import { randomUUID } from 'node:crypto';
import Redis, { type RedisOptions } from 'ioredis';
import { silentLogger, type Logger, type SensitivitySignal } from '@agentcore/coordination-core';
import { PublishBuffer } from './publish-buffer';
import type { ReplicatorOptions, ReplicatorStatus, StateReplicator } from './replicator';
import {
  compareStreamIds,
  decodeEntry,
  decodeSignal,
  entryOrigin,
  escapeGlob,
  ORIGIN_FIELD,
  SIGNALS_FIELD,
  streamIdMs,
} from './stream-codec';

export type RedisReplicatorOptions = ReplicatorOptions & { url: string; prefix: string };

type Apply = (signals: SensitivitySignal[]) => void;
type StreamEntry = [id: string, fields: string[]];

const START_OF_STREAM = '0-0';
/** Pause after a failed read on a live connection (a server error, not a disconnect), so a bad reply cannot spin the loop. */
const READ_ERROR_PAUSE_MS = 250;
/** Retry delay for publishes that failed on a live connection (e.g. Redis out of memory). */
const PUBLISH_RETRY_MS = 1_000;
/** How long `close()` waits for the last buffered signals to reach Redis. */
const CLOSE_FLUSH_MS = 1_000;

/**
 * Shares accepted signals through one Redis Stream and applies everyone else's to local state.
 * Reads never touch Redis: every replica keeps the full state in memory, so the latency of
 * scoring and selection is unchanged; Redis only carries the writes. See docs/scale-out.md.
 */
export class RedisReplicator implements StateReplicator {
  private readonly streamKey: string;
  private readonly longKeyPrefix: string;
  /** Unique per process, so a restarted replica with the same id re-applies its own earlier entries. */
  private readonly origin: string;
  private readonly windowMs: number;
  private readonly logger: Logger;
  private readonly pageSize: number;
  private readonly blockMs: number;
  private readonly maxSignalsPerEntry: number;
  private readonly startTimeoutMs: number;
  private readonly trimIntervalMs: number;
  /** Writes and maintenance. Offline queue off: our own buffer decides what survives an outage. */
  private readonly commands: Redis;
  /** Blocking reads need a connection of their own: XREAD BLOCK holds it until data or timeout. */
  private readonly reader: Redis;
  private readonly buffer: PublishBuffer<SensitivitySignal>;

  private apply: Apply | undefined;
  private started = false;
  private closed = false;
  private ready = false;
  private resolveReady: (() => void) | undefined;
  private wakeReader: (() => void) | undefined;
  private cursor = START_OF_STREAM;
  private longLivedLoaded = false;
  private applying = false;
  private flushing: Promise<void> | undefined;
  private flushQueued = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private trimTimer: NodeJS.Timeout | undefined;
  private following: Promise<void> | undefined;
  private commandsHealthy = true;
  private readerHealthy = true;
  private wasConnected = false;
  private clockOffsetMs = 0;
  private lagMs: number | undefined;
  private lastError: string | undefined;

  constructor(options: RedisReplicatorOptions) {
    if (!Number.isFinite(options.windowSeconds) || options.windowSeconds <= 0) {
      throw new RangeError('windowSeconds must be a positive number');
    }
    this.streamKey = `${options.prefix}signals`;
    this.longKeyPrefix = `${options.prefix}long:`;
    this.origin = `${options.replicaId}/${randomUUID().slice(0, 8)}`;
    this.windowMs = options.windowSeconds * 1000;
    this.logger = options.logger ?? silentLogger;
    this.pageSize = options.pageSize ?? 1_000;
    this.blockMs = options.blockMs ?? 1_000;
    this.maxSignalsPerEntry = options.maxSignalsPerEntry ?? 500;
    this.startTimeoutMs = options.startTimeoutMs ?? 10_000;
    this.trimIntervalMs = options.trimIntervalMs ?? Math.min(60_000, Math.max(1_000, this.windowMs / 4));
    this.buffer = new PublishBuffer(options.maxBuffered ?? 100_000);

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
    this.commands = new Redis(options.url, { ...clientOptions, connectionName: `${this.origin}:commands` });
    this.reader = new Redis(options.url, { ...clientOptions, connectionName: `${this.origin}:reader` });
    for (const client of [this.commands, this.reader]) {
      client.on('error', (err: Error) => this.noteError(err));
      client.on('close', () => this.noteModeChange());
    }
    this.commands.on('ready', () => {
      this.commandsHealthy = true;
      this.noteModeChange();
      void this.syncClock();
      this.scheduleFlush();
    });
    this.reader.on('ready', () => {
      this.readerHealthy = true;
      this.noteModeChange();
      this.wakeReader?.();
    });
  }

  async start(apply: Apply): Promise<void> {
    if (this.started) throw new Error('replicator already started');
    this.started = true;
    this.apply = apply;
    const readyNow = new Promise<void>((resolve) => (this.resolveReady = resolve));
    // connect() rejects on the first failure, but ioredis keeps retrying under retryStrategy.
    this.commands.connect().catch(() => undefined);
    this.reader.connect().catch(() => undefined);
    this.following = this.follow();
    this.trimTimer = setInterval(() => void this.trim(), this.trimIntervalMs);
    this.trimTimer.unref();
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
    if (this.closed || this.applying || signals.length === 0) return;
    for (const signal of signals) this.buffer.push(signal);
    this.scheduleFlush();
  }

  status(): ReplicatorStatus {
    const status: ReplicatorStatus = {
      mode: this.isConnected() ? 'connected' : 'degraded',
      ready: this.ready,
      buffered: this.buffer.size,
      dropped: this.buffer.dropped,
    };
    if (this.lagMs !== undefined) status.lagMs = this.lagMs;
    if (this.lastError !== undefined) status.lastError = this.lastError;
    return status;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.trimTimer);
    clearTimeout(this.retryTimer);
    this.markReady();
    // A blocked XREAD would hold QUIT for up to blockMs; nothing on the reader is worth waiting for.
    this.reader.disconnect();
    this.wakeReader?.();
    if (this.buffer.size > 0 && this.commands.status === 'ready') {
      await Promise.race([this.flush(), delay(CLOSE_FLUSH_MS)]);
    }
    await this.commands.quit().catch(() => this.commands.disconnect());
    await this.following;
  }

  private isConnected(): boolean {
    return this.commands.status === 'ready' && this.reader.status === 'ready' && this.commandsHealthy && this.readerHealthy;
  }

  private markReady(): void {
    this.ready = true;
    this.resolveReady?.();
  }

  /** Rebuild, then follow: one loop, because catching up after an outage is the same work as rebuilding. */
  private async follow(): Promise<void> {
    let caughtUp = false;
    let resync = false;
    while (!this.closed) {
      if (this.reader.status !== 'ready') {
        await new Promise<void>((resolve) => (this.wakeReader = resolve));
        this.wakeReader = undefined;
        continue;
      }
      try {
        if (!this.longLivedLoaded) {
          await this.loadLongLived();
          this.longLivedLoaded = true;
        }
        if (resync) {
          await this.checkCursor();
          resync = false;
        }
        const reply = caughtUp
          ? await this.reader.xread('COUNT', this.pageSize, 'BLOCK', this.blockMs, 'STREAMS', this.streamKey, this.cursor)
          : await this.reader.xread('COUNT', this.pageSize, 'STREAMS', this.streamKey, this.cursor);
        const entries: StreamEntry[] = reply?.[0]?.[1] ?? [];
        this.applyEntries(entries);
        this.readerHealthy = true;
        // A short page means nothing older is left to read: the state is rebuilt.
        caughtUp = entries.length < this.pageSize;
        if (caughtUp && !this.ready) this.markReady();
      } catch (err) {
        if (this.closed) break;
        this.readerHealthy = false;
        this.noteError(err);
        caughtUp = false;
        resync = true;
        if (this.reader.status === 'ready') await delay(READ_ERROR_PAUSE_MS);
      }
    }
  }

  /**
   * After an outage the stream may not be the one we were reading: a Redis restarted without
   * persistence starts empty, and its new ids need not be above our cursor. Reading from the
   * start of what is there then is cheap and never misses anything.
   */
  private async checkCursor(): Promise<void> {
    const newest = await this.reader.xrevrange(this.streamKey, '+', '-', 'COUNT', 1);
    if (newest.length === 0 || compareStreamIds(newest[0][0], this.cursor) < 0) {
      if (this.cursor !== START_OF_STREAM) this.logger.info('shared stream was reset; reading it from the start', { cursor: this.cursor });
      this.cursor = START_OF_STREAM;
    }
  }

  private applyEntries(entries: readonly StreamEntry[]): void {
    if (entries.length === 0) {
      this.lagMs = 0;
      return;
    }
    const remote: SensitivitySignal[] = [];
    let malformed = 0;
    for (const [id, fields] of entries) {
      this.cursor = id;
      if (entryOrigin(fields) === this.origin) continue;
      const entry = decodeEntry(fields);
      if (entry === null) {
        malformed++;
        continue;
      }
      malformed += entry.malformed;
      for (const signal of entry.signals) remote.push(signal);
    }
    if (malformed > 0) this.logger.warn('skipped malformed shared entries', { count: malformed });
    this.deliver(remote);
    this.lagMs = Math.max(0, this.redisNow() - streamIdMs(this.cursor));
  }

  /** Signals whose TTL outlives the stream window are also kept under their own expiring keys. */
  private async loadLongLived(): Promise<void> {
    const pattern = `${escapeGlob(this.longKeyPrefix)}*`;
    let scanCursor = '0';
    do {
      const [next, keys] = await this.reader.scan(scanCursor, 'MATCH', pattern, 'COUNT', this.pageSize);
      scanCursor = next;
      if (keys.length === 0) continue;
      const values = await this.reader.mget(...keys);
      const signals: SensitivitySignal[] = [];
      for (const value of values) {
        const signal = decodeSignal(value);
        if (signal !== null) signals.push(signal);
      }
      this.deliver(signals);
    } while (scanCursor !== '0');
  }

  private deliver(signals: SensitivitySignal[]): void {
    const apply = this.apply;
    if (signals.length === 0 || apply === undefined) return;
    this.applying = true;
    try {
      apply(signals);
    } catch {
      // One bad signal (say, a timestamp too far ahead of this replica's clock) must not cost the rest of the batch.
      let rejected = 0;
      let reason = '';
      for (const signal of signals) {
        try {
          apply([signal]);
        } catch (err) {
          rejected++;
          reason = errorMessage(err);
        }
      }
      this.logger.warn('shared signals rejected by local validation', { rejected, reason });
    } finally {
      this.applying = false;
    }
  }

  private scheduleFlush(): void {
    if (this.flushQueued || !this.started) return;
    this.flushQueued = true;
    // Deferred a tick so a burst of single-signal requests shares one entry and one round trip.
    setImmediate(() => {
      this.flushQueued = false;
      void this.flush();
    });
  }

  private flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async drain(): Promise<void> {
    while (this.buffer.size > 0 && this.commands.status === 'ready') {
      const chunk = this.buffer.take(this.maxSignalsPerEntry);
      try {
        await this.send(chunk);
        this.commandsHealthy = true;
      } catch (err) {
        this.buffer.restore(chunk);
        this.commandsHealthy = false;
        this.noteError(err);
        if (this.commands.status === 'ready' && !this.closed) {
          clearTimeout(this.retryTimer);
          this.retryTimer = setTimeout(() => this.scheduleFlush(), PUBLISH_RETRY_MS);
        }
        return;
      }
    }
  }

  private async send(chunk: readonly SensitivitySignal[]): Promise<void> {
    const now = this.redisNow();
    const pipeline = this.commands.pipeline();
    // MINID trims by age (ids are append times), so the stream holds one TTL window whatever the rate.
    pipeline.xadd(this.streamKey, 'MINID', '~', String(Math.floor(now - this.windowMs)), '*', ORIGIN_FIELD, this.origin, SIGNALS_FIELD, JSON.stringify(chunk));
    const localNow = Date.now();
    for (const signal of chunk) {
      if (signal.ttl_seconds * 1000 <= this.windowMs) continue;
      const remainingMs = Date.parse(signal.timestamp) + signal.ttl_seconds * 1000 - localNow;
      if (remainingMs <= 0) continue;
      pipeline.set(`${this.longKeyPrefix}${signal.signal_type}:${signal.agent_id}`, JSON.stringify(signal), 'PX', Math.ceil(remainingMs));
    }
    const results = await pipeline.exec();
    for (const [err] of results ?? []) if (err) throw err;
  }

  /** Writes trim the stream too, but a quiet deployment would otherwise keep its last window forever. */
  private async trim(): Promise<void> {
    if (this.commands.status !== 'ready') return;
    try {
      await this.commands.xtrim(this.streamKey, 'MINID', '~', String(Math.floor(this.redisNow() - this.windowMs)));
    } catch (err) {
      this.noteError(err);
    }
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

  private redisNow(): number {
    return Date.now() + this.clockOffsetMs;
  }

  private noteError(err: unknown): void {
    this.lastError = errorMessage(err);
    this.noteModeChange();
  }

  /** Logs transitions only: a Redis outage must not turn into a log flood. */
  private noteModeChange(): void {
    if (this.closed) return;
    const connected = this.isConnected();
    if (connected === this.wasConnected) return;
    this.wasConnected = connected;
    if (connected) this.logger.info('shared state connected', { replica: this.origin, buffered: this.buffer.size });
    else this.logger.warn('shared state degraded; serving local state', { replica: this.origin, error: this.lastError });
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
