import { AdmissionQueueFullError, AdmissionTimeoutError, RouterClosedError } from './errors';

/** How the router holds messages a strategy says no agent should take now. Off unless given. */
export interface AdmissionOptions {
  /** Messages waiting at most; one more is refused at once with AdmissionQueueFullError. */
  maxQueued: number;
  /** Longest a message waits for admission, in ms, before it fails with AdmissionTimeoutError. */
  timeoutMs: number;
  /** Told of every message queued, admitted to try again, timed out or refused (metrics, logs). */
  onEvent?: (event: AdmissionEvent) => void;
  /** Timers, for running in virtual time; default the global setTimeout and clearTimeout. */
  timers?: AdmissionTimers;
}

export interface AdmissionTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type AdmissionEventKind = 'queued' | 'retry' | 'timed_out' | 'rejected';

export interface AdmissionEvent {
  kind: AdmissionEventKind;
  messageId: string;
  /** ms since the message was first held (0 for queued and rejected). */
  waitedMs: number;
  /** Messages waiting after the event. */
  queued: number;
}

interface Waiter {
  messageId: string;
  since: number;
  resolve: () => void;
  reject: (error: Error) => void;
  timer: unknown;
}

/**
 * The router's bounded admission queue. A message the strategy holds waits here — oldest first —
 * until an outcome frees capacity somewhere (`release`), its retry-after passes, or its deadline:
 * then it is decided again (or fails with AdmissionTimeoutError). When `maxQueued` messages
 * wait already, a new one is refused at once with AdmissionQueueFullError: a queue that grows
 * without bound only turns overload into latency.
 */
export class AdmissionQueue {
  private readonly waiters: Waiter[] = [];
  private readonly timers: AdmissionTimers;
  private closed = false;

  constructor(
    private readonly options: AdmissionOptions,
    private readonly now: () => number,
  ) {
    if (!Number.isInteger(options.maxQueued) || options.maxQueued < 1) throw new RangeError(`admission maxQueued must be an integer >= 1, got ${options.maxQueued}`);
    if (!(options.timeoutMs > 0) || !Number.isFinite(options.timeoutMs)) throw new RangeError(`admission timeoutMs must be a positive finite number, got ${options.timeoutMs}`);
    this.timers = options.timers ?? { setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout) };
  }

  get size(): number {
    return this.waiters.length;
  }

  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  /**
   * Holds `messageId` until capacity may have been freed or `retryAfterMs` passed (resolves: try
   * again), or `deadlineMs` (epoch ms, the message's whole admission budget) passes (rejects).
   * `since` is when the message was first held.
   */
  wait(messageId: string, retryAfterMs: number, since: number, deadlineMs: number): Promise<void> {
    if (this.closed) return Promise.reject(new RouterClosedError());
    const now = this.now();
    if (now >= deadlineMs) {
      this.emit('timed_out', messageId, now - since);
      return Promise.reject(new AdmissionTimeoutError(messageId, this.options.timeoutMs));
    }
    if (this.waiters.length >= this.options.maxQueued) {
      this.emit('rejected', messageId, 0);
      return Promise.reject(new AdmissionQueueFullError(messageId, this.options.maxQueued));
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { messageId, since, resolve, reject, timer: undefined };
      const wake = Math.max(0, Math.min(retryAfterMs, deadlineMs - now));
      waiter.timer = this.timers.setTimeout(() => this.wake(waiter, this.now() >= deadlineMs), wake);
      this.waiters.push(waiter);
      this.emit('queued', messageId, now - since);
    });
  }

  /** Outcomes freed capacity: the `count` oldest waiting messages are decided again now. */
  release(count = 1): void {
    for (let i = 0; i < count && this.waiters.length > 0; i++) this.wake(this.waiters[0], false);
  }

  /** Fails every waiting message (the router is closing). */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) {
      this.timers.clearTimeout(waiter.timer);
      waiter.reject(new RouterClosedError());
    }
  }

  private wake(waiter: Waiter, expired: boolean): void {
    const i = this.waiters.indexOf(waiter);
    if (i < 0) return;
    this.waiters.splice(i, 1);
    this.timers.clearTimeout(waiter.timer);
    const waited = this.now() - waiter.since;
    if (expired) {
      this.emit('timed_out', waiter.messageId, waited);
      waiter.reject(new AdmissionTimeoutError(waiter.messageId, this.options.timeoutMs));
    } else {
      this.emit('retry', waiter.messageId, waited);
      waiter.resolve();
    }
  }

  private emit(kind: AdmissionEventKind, messageId: string, waitedMs: number): void {
    // A hook that throws must not break routing.
    try {
      this.options.onEvent?.({ kind, messageId, waitedMs, queued: this.waiters.length });
    } catch {
      // ignored: observers are best effort
    }
  }
}
