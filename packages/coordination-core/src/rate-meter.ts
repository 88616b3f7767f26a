/**
 * An exponentially decayed event count: `rate()` is events per second over roughly the last
 * `timeConstantMs`, O(1) per event and per read, no timers. Used for arrival and completion
 * rates, where a sliding window would cost memory per event.
 */
export class RateMeter {
  private value = 0;
  private atMs = Number.NaN;

  constructor(readonly timeConstantMs: number) {}

  add(nowMs: number, count = 1): void {
    this.value = this.valueAt(nowMs) + count;
    this.atMs = nowMs;
  }

  /** Events per second. */
  rate(nowMs: number): number {
    return (this.valueAt(nowMs) * 1000) / this.timeConstantMs;
  }

  private valueAt(nowMs: number): number {
    if (this.value === 0) return 0;
    const dt = nowMs - this.atMs;
    return dt > 0 ? this.value * Math.exp(-dt / this.timeConstantMs) : this.value;
  }
}
