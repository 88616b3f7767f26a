import type { Logger } from '@agentcore/coordination-core';

export type ThrottledLevel = 'error' | 'warn' | 'info';

export interface LogThrottleOptions {
  /** Length of one interval. Default 10 s. */
  intervalMs?: number;
  /** Distinct causes and callers tracked per interval; beyond it they share one line per message. Default 1,000. */
  maxKeys?: number;
}

interface Pending {
  level: ThrottledLevel;
  message: string;
  meta: Record<string, unknown>;
  repeats: number;
}

/** The caller field of the line shared by the keys past `maxKeys`. */
export const OTHER_CALLERS = '(others)';

/**
 * Warnings a client can trigger at will (rate limited, refused calls, internal errors) would turn
 * the log into an amplifier: thousands of lines a second from one client. Here each cause and
 * caller (`key`) logs at once the first time in an interval; its repeats in that interval are
 * counted and written as one line, with `repeated: n`, when the interval ends. So a cause costs at
 * most two lines per interval whatever the request rate, and the number of keys is bounded too.
 */
export class LogThrottle {
  private readonly intervalMs: number;
  private readonly maxKeys: number;
  private readonly pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logger: Logger,
    options: LogThrottleOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 10_000;
    this.maxKeys = options.maxKeys ?? 1_000;
  }

  log(level: ThrottledLevel, message: string, key: string, meta: Record<string, unknown>): void {
    let id = `${message}\u0000${key}`;
    let entry = this.pending.get(id);
    if (entry === undefined && this.pending.size >= this.maxKeys) {
      id = `${message}\u0000${OTHER_CALLERS}`;
      entry = this.pending.get(id);
      meta = { ...meta, caller: OTHER_CALLERS };
    }
    if (entry !== undefined) {
      entry.repeats++;
      entry.meta = meta;
      return;
    }
    this.pending.set(id, { level, message, meta, repeats: 0 });
    this.logger[level](message, meta);
    // The interval starts with the first line after a quiet one.
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs).unref();
  }

  /** Ends the interval: one line per key that repeated, then every key logs at once again. */
  flush(): void {
    for (const entry of this.pending.values()) {
      if (entry.repeats > 0) this.logger[entry.level](entry.message, { ...entry.meta, repeated: entry.repeats, interval_seconds: this.intervalMs / 1000 });
    }
    this.pending.clear();
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
