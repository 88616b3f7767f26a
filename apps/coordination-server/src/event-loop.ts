import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

const RESOLUTION_MS = 10;

export interface EventLoopDelay {
  p99Seconds: number;
  maxSeconds: number;
  windowSeconds: number;
}

/**
 * How long the event loop was held up, over fixed windows. prom-client's
 * `nodejs_eventloop_lag_p99_seconds` resets at every scrape, so what it says depends on who
 * scrapes how often; this keeps its own windows, and `/metrics` shows the last complete one.
 * A request that blocks the loop for 100 ms shows as a max of about 0.1 s in its window.
 */
export class EventLoopMonitor {
  private readonly histogram: IntervalHistogram;
  private timer: NodeJS.Timeout | undefined;
  private last: EventLoopDelay;

  constructor(private readonly windowMs = 10_000) {
    // 10 ms sampling: fine enough for a 50 ms target, cheap enough to run always.
    this.histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    this.last = { p99Seconds: 0, maxSeconds: 0, windowSeconds: windowMs / 1000 };
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.histogram.enable();
    this.timer = setInterval(() => this.roll(), this.windowMs).unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.histogram.disable();
  }

  /** The last complete window (zeros before the first one ends). */
  current(): EventLoopDelay {
    return this.last;
  }

  private roll(): void {
    const h = this.histogram;
    // The histogram holds the time between its timer's runs in nanoseconds, the sampling
    // interval included: what is past the interval is the delay. An empty one reports NaN or 0.
    const seconds = (ns: number) => (Number.isFinite(ns) ? Math.max(0, ns / 1e6 - RESOLUTION_MS) / 1000 : 0);
    this.last = { p99Seconds: seconds(h.percentile(99)), maxSeconds: seconds(h.max), windowSeconds: this.windowMs / 1000 };
    h.reset();
  }
}
