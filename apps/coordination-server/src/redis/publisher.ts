import type Redis from 'ioredis';
import type { SensitivitySignal } from '@agentcore/coordination-core';
import { delay, type ReplicationLink } from './link';
import { PublishBuffer } from './publish-buffer';
import { ORIGIN_FIELD, SIGNALS_FIELD } from './stream-codec';

export interface PublisherOptions {
  streamKey: string;
  longKeyPrefix: string;
  /** Written into every entry, so the other replicas know whose it is. */
  origin: string;
  windowMs: number;
  maxBuffered: number;
  maxSignalsPerEntry: number;
  trimIntervalMs: number;
}

/** Retry delay for publishes that failed on a live connection (e.g. Redis out of memory). */
const PUBLISH_RETRY_MS = 1_000;
/** How long `close()` waits for the last buffered signals to reach Redis. */
const CLOSE_FLUSH_MS = 1_000;

/**
 * The writing half of replication: buffers the signals this replica accepted, sends them to the
 * stream in entries of up to `maxSignalsPerEntry`, keeps signals that outlive the stream window
 * under their own expiring keys, and trims the stream to one window. While Redis is away the
 * buffer holds what waits (bounded; overflow counted) and sending resumes on `resume()`.
 */
export class Publisher {
  private readonly buffer: PublishBuffer<SensitivitySignal>;
  private started = false;
  private closed = false;
  private flushing: Promise<void> | undefined;
  private flushQueued = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private trimTimer: NodeJS.Timeout | undefined;

  constructor(
    /** The commands connection; offline queue off, so a command fails at once while Redis is away. */
    private readonly commands: Redis,
    private readonly link: ReplicationLink,
    private readonly options: PublisherOptions,
  ) {
    this.buffer = new PublishBuffer(options.maxBuffered);
  }

  get buffered(): number {
    return this.buffer.size;
  }

  get dropped(): number {
    return this.buffer.dropped;
  }

  start(): void {
    this.started = true;
    this.trimTimer = setInterval(() => void this.trim(), this.options.trimIntervalMs);
    this.trimTimer.unref();
    this.resume();
  }

  publish(signals: readonly SensitivitySignal[]): void {
    if (this.closed || signals.length === 0) return;
    for (const signal of signals) this.buffer.push(signal);
    this.resume();
  }

  /** Sends what waits, on the next tick: a burst of single-signal requests then shares one entry and one round trip. */
  resume(): void {
    if (this.flushQueued || !this.started || this.closed) return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flushQueued = false;
      void this.flush();
    });
  }

  /** Stops the timers and gives what is still buffered a last, bounded chance to reach Redis. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.trimTimer);
    clearTimeout(this.retryTimer);
    if (this.buffer.size > 0 && this.commands.status === 'ready') {
      await Promise.race([this.flush(), delay(CLOSE_FLUSH_MS)]);
    }
  }

  private flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async drain(): Promise<void> {
    // Not into a connection whose last command hung: a timed-out command is still in its socket, and
    // everything sent after it would wait behind it (and be sent again on retry).
    while (this.buffer.size > 0 && this.commands.status === 'ready' && this.link.healthy('commands')) {
      const chunk = this.buffer.take(this.options.maxSignalsPerEntry);
      try {
        await this.send(chunk);
        this.link.report('commands');
      } catch (err) {
        this.buffer.restore(chunk);
        this.link.report('commands', err);
        if (this.commands.status === 'ready' && !this.closed) {
          clearTimeout(this.retryTimer);
          this.retryTimer = setTimeout(() => this.resume(), PUBLISH_RETRY_MS);
        }
        return;
      }
    }
  }

  private async send(chunk: readonly SensitivitySignal[]): Promise<void> {
    const { streamKey, longKeyPrefix, origin, windowMs } = this.options;
    const pipeline = this.commands.pipeline();
    // MINID trims by age (ids are append times), so the stream holds one TTL window whatever the rate.
    const minId = String(Math.floor(this.link.redisNow() - windowMs));
    pipeline.xadd(streamKey, 'MINID', '~', minId, '*', ORIGIN_FIELD, origin, SIGNALS_FIELD, JSON.stringify(chunk));
    const localNow = Date.now();
    for (const signal of chunk) {
      if (signal.ttl_seconds * 1000 <= windowMs) continue;
      const remainingMs = Date.parse(signal.timestamp) + signal.ttl_seconds * 1000 - localNow;
      if (remainingMs <= 0) continue;
      pipeline.set(`${longKeyPrefix}${signal.signal_type}:${signal.agent_id}`, JSON.stringify(signal), 'PX', Math.ceil(remainingMs));
    }
    const results = await pipeline.exec();
    for (const [err] of results ?? []) if (err) throw err;
  }

  /** Writes trim the stream too, but a quiet deployment would otherwise keep its last window forever. */
  private async trim(): Promise<void> {
    if (this.commands.status !== 'ready') return;
    try {
      await this.commands.xtrim(this.options.streamKey, 'MINID', '~', String(Math.floor(this.link.redisNow() - this.options.windowMs)));
    } catch (err) {
      this.link.noteError(err);
    }
  }
}
