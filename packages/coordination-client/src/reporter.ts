import { randomUUID } from 'node:crypto';
import { parseSignal, ValidationError, type SensitivitySignalInput } from '@agentcore/coordination-core';
import { CoordinationRpcError, RpcErrorCode } from './errors';
import type { SignalResult } from './types';

/** What the reporter needs from a client: `CoordinationClient` fits. */
export interface SignalSender {
  signals(signals: SensitivitySignalInput[]): Promise<SignalResult>;
}

export interface DroppedSignals {
  /** `queue_full`: the bound was reached; `rejected`: the server refused them; `stopped`: unsent when `stop()` gave up. */
  reason: 'queue_full' | 'rejected' | 'stopped';
  signals: SensitivitySignalInput[];
  /** Every signal dropped so far, for all reasons. */
  totalDropped: number;
}

export interface SignalReporterOptions {
  client: SignalSender;
  /** Flush at least this often. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Signals per request; a flush starts early once this many are waiting. Default 100. */
  maxBatchSize?: number;
  /** Bound on queued signals, in-flight ones included. Default 10,000. */
  maxQueueSize?: number;
  /** Backoff after a failed flush: doubling from the base up to the max. Defaults 250 ms and 10 s. */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** How long `stop()` keeps retrying what is queued. Default 5000 ms. */
  stopTimeoutMs?: number;
  /** Called whenever signals are dropped, so loss is never silent. */
  onDrop?: (event: DroppedSignals) => void;
  /** Called when a flush fails; `willRetry` tells whether the batch stays queued. */
  onError?: (error: unknown, info: { batchSize: number; willRetry: boolean }) => void;
}

export interface ReporterStats {
  queued: number;
  inFlight: number;
  sent: number;
  dropped: number;
  droppedQueueFull: number;
  rejected: number;
  failedFlushes: number;
}

/**
 * Queues an agent's signals and reports them in batches, every `flushIntervalMs` or as soon as
 * `maxBatchSize` are waiting. Each signal gets a `signal_id` and `timestamp` when reported, so a
 * batch retried after a lost response is stored once and keeps its original time. The queue is
 * bounded: when full, the oldest signal not yet in flight is dropped (newer readings matter more)
 * and the drop is counted and reported. Batches go out one at a time, in order.
 */
export class SignalReporter {
  private readonly client: SignalSender;
  private readonly flushIntervalMs: number;
  private readonly maxBatchSize: number;
  private readonly maxQueueSize: number;
  private readonly retryBaseDelayMs: number;
  private readonly retryMaxDelayMs: number;
  private readonly stopTimeoutMs: number;
  private readonly onDrop: (event: DroppedSignals) => void;
  private readonly onError: (error: unknown, info: { batchSize: number; willRetry: boolean }) => void;
  private readonly queue: SensitivitySignalInput[] = [];
  /** The first `inFlight` queue entries are being sent; they leave the queue only once accepted. */
  private inFlight = 0;
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private retryAtMs = 0;
  private consecutiveFailures = 0;
  private stopped = false;
  private readonly counts = { sent: 0, dropped: 0, droppedQueueFull: 0, rejected: 0, failedFlushes: 0 };

  constructor(options: SignalReporterOptions) {
    this.client = options.client;
    this.flushIntervalMs = positive(options.flushIntervalMs ?? 1000, 'flushIntervalMs');
    this.maxBatchSize = positive(options.maxBatchSize ?? 100, 'maxBatchSize');
    this.maxQueueSize = positive(options.maxQueueSize ?? 10_000, 'maxQueueSize');
    if (this.maxQueueSize < this.maxBatchSize) throw new RangeError('maxQueueSize must be >= maxBatchSize');
    this.retryBaseDelayMs = positive(options.retryBaseDelayMs ?? 250, 'retryBaseDelayMs');
    this.retryMaxDelayMs = positive(options.retryMaxDelayMs ?? 10_000, 'retryMaxDelayMs');
    this.stopTimeoutMs = positive(options.stopTimeoutMs ?? 5000, 'stopTimeoutMs');
    this.onDrop = options.onDrop ?? (() => undefined);
    this.onError = options.onError ?? (() => undefined);
  }

  /** Starts the periodic flush. The timer does not keep the process alive on its own. */
  start(): this {
    if (this.stopped) throw new Error('SignalReporter was stopped');
    if (this.timer === undefined) {
      this.timer = setInterval(() => void this.flush(), this.flushIntervalMs);
      this.timer.unref();
    }
    return this;
  }

  /**
   * Queues a signal and returns it as it will be sent (with id and timestamp). Throws a
   * ValidationError for a signal the server would reject, so one bad reading cannot sink a batch.
   */
  report(signal: SensitivitySignalInput): SensitivitySignalInput {
    if (this.stopped) throw new Error('SignalReporter was stopped');
    const parsed = parseSignal(signal);
    if (!('agent_id' in parsed)) throw new ValidationError(parsed);
    const stamped: SensitivitySignalInput = {
      ...signal,
      signal_id: signal.signal_id ?? randomUUID(),
      timestamp: signal.timestamp ?? Date.now(),
    };
    if (this.queue.length >= this.maxQueueSize) {
      // Drop the oldest signal that is not in flight; if all are, the new one loses.
      const dropped = this.queue.length > this.inFlight ? this.queue.splice(this.inFlight, 1)[0] : stamped;
      this.drop('queue_full', [dropped]);
      if (dropped === stamped) return stamped;
    }
    this.queue.push(stamped);
    if (this.queue.length - this.inFlight >= this.maxBatchSize) void this.flush();
    return stamped;
  }

  /**
   * Sends what is queued, batch by batch, until the queue is empty or a send fails (the failed
   * batch stays queued and is retried after a backoff). Never rejects: failures go to `onError`.
   */
  flush(): Promise<void> {
    if (this.flushing === null) {
      this.flushing = this.drain().finally(() => {
        this.flushing = null;
      });
    }
    return this.flushing;
  }

  /** Stops the timer and sends everything queued, retrying until `stopTimeoutMs`; what is left is dropped and reported. */
  async stop(): Promise<ReporterStats> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    const deadline = Date.now() + this.stopTimeoutMs;
    while (this.queue.length > 0 && Date.now() < deadline) {
      await this.flush();
      const wait = Math.min(this.retryAtMs, deadline) - Date.now();
      if (this.queue.length > 0 && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    await this.flushing;
    if (this.queue.length > 0) this.drop('stopped', this.queue.splice(0));
    return this.stats;
  }

  get stats(): ReporterStats {
    return { queued: this.queue.length, inFlight: this.inFlight, ...this.counts };
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && Date.now() >= this.retryAtMs) {
      const batch = this.queue.slice(0, this.maxBatchSize);
      this.inFlight = batch.length;
      try {
        await this.client.signals(batch);
        this.queue.splice(0, batch.length);
        this.counts.sent += batch.length;
        this.consecutiveFailures = 0;
      } catch (error) {
        this.counts.failedFlushes++;
        if (!this.settleRejected(error, batch)) {
          this.consecutiveFailures++;
          const delay = Math.min(this.retryMaxDelayMs, this.retryBaseDelayMs * 2 ** (this.consecutiveFailures - 1));
          this.retryAtMs = Date.now() + delay * (0.5 + Math.random() * 0.5);
          this.onError(error, { batchSize: batch.length, willRetry: true });
          return;
        }
        this.onError(error, { batchSize: batch.length, willRetry: false });
      } finally {
        this.inFlight = 0;
      }
    }
  }

  /**
   * A batch the server refused outright would fail again as it is. For invalid params the
   * issues name the offending items (`signals.3.value`): only those are dropped and the rest
   * stay queued in order; for other refusals the whole batch goes. Returns false when the
   * failure is transient and the batch should be retried.
   */
  private settleRejected(error: unknown, batch: SensitivitySignalInput[]): boolean {
    if (!(error instanceof CoordinationRpcError)) return false;
    const permanent: number[] = [RpcErrorCode.INVALID_PARAMS, RpcErrorCode.FORBIDDEN, RpcErrorCode.BATCH_TOO_LARGE, RpcErrorCode.PAYLOAD_TOO_LARGE];
    if (!permanent.includes(error.code)) return false;
    const bad = new Set<number>();
    if (error.code === RpcErrorCode.INVALID_PARAMS) {
      for (const issue of error.issues) {
        const match = /^signals\.(\d+)(\.|$)/.exec(issue.path);
        if (match !== null && Number(match[1]) < batch.length) bad.add(Number(match[1]));
      }
    }
    const rejected = bad.size === 0 ? batch : batch.filter((_, i) => bad.has(i));
    const keep = bad.size === 0 ? [] : batch.filter((_, i) => !bad.has(i));
    this.queue.splice(0, batch.length, ...keep);
    this.counts.rejected += rejected.length;
    this.drop('rejected', rejected);
    return true;
  }

  private drop(reason: DroppedSignals['reason'], signals: SensitivitySignalInput[]): void {
    this.counts.dropped += signals.length;
    if (reason === 'queue_full') this.counts.droppedQueueFull += signals.length;
    this.onDrop({ reason, signals, totalDropped: this.counts.dropped });
  }
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number`);
  return value;
}
