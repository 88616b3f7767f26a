import type { MessageAttempts } from '@agentcore/message-router';
import type { AgentSpec, TaskSpec } from './model';
import { clamp } from './random';

/** A task while it is in the system: its spec plus where it is now. */
export interface LiveTask {
  spec: TaskSpec;
  /** The router's attempts for this task's message: who is left to try, and how many tries. */
  routing: MessageAttempts;
  agentId?: string;
  acceptedMs?: number;
  /** Cancels the pending completion when the agent crashes mid-task. */
  cancelled?: boolean;
}

const RECENT_WINDOW = 50;

/**
 * The true, instantaneous state of one simulated agent. Only the oracle reads it directly;
 * everyone else sees the agent through the router's in-flight counts or its signal reports.
 */
export class SimAgent {
  up = true;
  draining = false;
  busy = 0;
  readonly queue: LiveTask[] = [];
  readonly running = new Set<LiveTask>();
  served = 0;
  overloadEvents = 0;
  private overloaded = false;
  /** Integral of busy slots over time, for utilisation. */
  private busySlotMs = 0;
  private upMs = 0;
  private lastAccountMs = 0;
  private lastLoad = 0;
  private lastReportSecond = 0;
  private lastLoadMs = 0;
  private readonly recentLatency: number[] = [];
  private readonly recentWell: boolean[] = [];
  /** Per-second maximum of the true load, for scoring overload prediction. */
  readonly loadBySecond: Float32Array;
  /** Per-second mean of the true load (time-weighted). */
  readonly meanLoadBySecond: Float32Array;

  constructor(
    readonly spec: AgentSpec,
    horizonMs: number,
  ) {
    this.loadBySecond = new Float32Array(Math.ceil(horizonMs / 1000) + 1);
    this.meanLoadBySecond = new Float32Array(this.loadBySecond.length);
  }

  /** Load as the design defines it: in-flight ÷ slots, 1 when saturated or queueing. Down agents carry none. */
  trueLoad(): number {
    if (!this.up) return 0;
    return this.queue.length > 0 ? 1 : this.busy / this.spec.maxConcurrency;
  }

  /** Service-time multiplier from degradation at `now`. */
  slowdown(now: number): number {
    const d = this.spec.degradation;
    if (d === undefined || now <= d.startMs) return 1;
    const progress = Math.min(1, (now - d.startMs) / d.rampMs);
    return 1 + (d.slowdown - 1) * progress;
  }

  meanQuality(now: number): number {
    const d = this.spec.degradation;
    if (d === undefined || now <= d.startMs) return this.spec.quality;
    const progress = Math.min(1, (now - d.startMs) / d.rampMs);
    return this.spec.quality - d.qualityDrop * progress;
  }

  /** Expected service time of an average task started now, with one more slot busy. */
  expectedServiceMs(now: number): number {
    const c = this.spec.maxConcurrency;
    const busyAfter = Math.min(c, this.busy + 1);
    return this.spec.meanServiceMs * this.slowdown(now) * this.stretch(busyAfter);
  }

  stretch(busy: number): number {
    const c = this.spec.maxConcurrency;
    return c <= 1 ? 1 : 1 + (this.spec.loadStretch * (busy - 1)) / (c - 1);
  }

  canAccept(): boolean {
    return this.up && !this.draining && (this.busy < this.spec.maxConcurrency || this.queue.length < this.spec.maxQueue);
  }

  /** Accounts time up to `now` before the state changes. */
  account(now: number): void {
    const dt = now - this.lastAccountMs;
    if (dt > 0) {
      this.busySlotMs += this.busy * dt;
      if (this.up) this.upMs += dt;
      this.lastAccountMs = now;
    }
  }

  /** Records the load after a change; call after every change of busy, queue or up. */
  noteLoad(now: number): void {
    // The previous load held from the last change until now: carry it through those seconds.
    const trace = this.loadBySecond;
    const last = Math.min(trace.length - 1, Math.floor(now / 1000));
    for (let s = Math.floor(this.lastLoadMs / 1000); s <= last; s++) {
      if (this.lastLoad > trace[s]) trace[s] = this.lastLoad;
      const overlap = Math.min(now, (s + 1) * 1000) - Math.max(this.lastLoadMs, s * 1000);
      if (overlap > 0) this.meanLoadBySecond[s] += (this.lastLoad * overlap) / 1000;
    }
    const load = this.trueLoad();
    if (load > trace[last]) trace[last] = load;
    this.lastLoad = load;
    this.lastLoadMs = now;
    const c = this.spec.maxConcurrency;
    // Overloaded: a whole round of work is waiting. Cleared only when the queue empties (hysteresis).
    if (!this.overloaded && this.queue.length >= c) {
      this.overloaded = true;
      this.overloadEvents++;
    } else if (this.overloaded && this.queue.length === 0) {
      this.overloaded = false;
    }
  }

  /** Time-averaged load over the whole seconds since the previous call (the current load if none passed). */
  meanLoadSinceReport(now: number): number {
    const second = Math.floor(now / 1000);
    const from = Math.min(this.lastReportSecond, second);
    this.lastReportSecond = second;
    if (second <= from) return this.trueLoad();
    let sum = 0;
    for (let s = from; s < second; s++) sum += this.meanLoadBySecond[s];
    return sum / (second - from);
  }

  recordCompletion(latencyMs: number, metBar: boolean): void {
    this.served++;
    this.recentLatency.push(latencyMs);
    this.recentWell.push(metBar);
    if (this.recentLatency.length > RECENT_WINDOW) {
      this.recentLatency.shift();
      this.recentWell.shift();
    }
  }

  /** What the agent knows about its own recent work, for its signal reports. */
  recent(): { count: number; meanLatencyMs: number; shareWell: number } {
    const count = this.recentLatency.length;
    if (count === 0) return { count, meanLatencyMs: 0, shareWell: 0 };
    const meanLatencyMs = this.recentLatency.reduce((s, x) => s + x, 0) / count;
    const shareWell = this.recentWell.filter(Boolean).length / count;
    return { count, meanLatencyMs, shareWell };
  }

  /** Share of up-time slot capacity that was busy. */
  utilisation(): number {
    return this.upMs > 0 ? clamp(this.busySlotMs / (this.upMs * this.spec.maxConcurrency), 0, 1) : 0;
  }
}
