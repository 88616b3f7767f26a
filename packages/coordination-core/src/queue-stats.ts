/** Time constant (s) of the long-run average: service rates change slowly. */
export const LONG_RUN_SECONDS = 600;
/** Gaps between load reports longer than this (s) say nothing about the time in between. */
const MAX_GAP_SECONDS = 300;

/**
 * The long-run service rate of one agent's slots, updated at each of its load reports from what
 * happened since the previous one: task ends over busy slot-seconds (unlike a task's latency, the
 * ratio does not depend on how much queueing there is). Ends are the agent's whole work: what
 * this service saw, divided by its share of the work. Exponential forgetting over LONG_RUN_SECONDS.
 */
export class QueueStats {
  private ends = 0;
  private busySeconds = 0;
  private lastReportMs = Number.NaN;
  private lastBusy = 0;

  /** Service rate per slot (tasks per second), or NaN while too little is known. */
  get serviceRate(): number {
    return this.ends >= 5 && this.busySeconds >= 20 ? this.ends / this.busySeconds : Number.NaN;
  }

  /** Ends behind the service rate (effective count). */
  get serviceEvidence(): number {
    return this.ends;
  }

  /**
   * A load report stamped `timestampMs` found `busy` slots busy; since the previous report the
   * service saw `ends` task ends, a `share` of the agent's work (0 when it routes too little of
   * it to say: then the interval is not counted).
   */
  onReport(timestampMs: number, busy: number, ends: number, share: number): void {
    const dt = (timestampMs - this.lastReportMs) / 1000;
    if (dt > 0 && dt <= MAX_GAP_SECONDS && share > 0) {
      const keep = Math.exp(-dt / LONG_RUN_SECONDS);
      this.busySeconds = this.busySeconds * keep + 0.5 * (this.lastBusy + busy) * dt;
      this.ends = this.ends * keep + ends / share;
    }
    if (!(timestampMs <= this.lastReportMs)) {
      this.lastReportMs = timestampMs;
      this.lastBusy = busy;
    }
  }
}
