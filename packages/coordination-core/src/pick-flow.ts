import { RateMeter } from './rate-meter';

/** Arrival and completion rates are averaged over about this long. */
export const FLOW_TIME_CONSTANT_MS = 30_000;
/** The share of picks whose end is reported is taken over about this long. */
const END_SHARE_TIME_CONSTANT_MS = 600_000;
/** How fast the estimate of our share of the agent's work follows new reports (per report). */
const SHARE_GAIN = 0.2;

/**
 * The work this service routed to one agent, as overload prediction needs it: arrival and
 * completion rates of the picks and task ends it is told about, what is outstanding (picked, end
 * not heard of), what changed since the agent's last load report, and which share of the
 * agent's reported work is ours (the rest comes from other routers).
 */
export class PickFlow {
  readonly arrivals = new RateMeter(FLOW_TIME_CONSTANT_MS);
  readonly completions = new RateMeter(FLOW_TIME_CONSTANT_MS);
  private readonly longArrivals = new RateMeter(END_SHARE_TIME_CONSTANT_MS);
  private readonly longCompletions = new RateMeter(END_SHARE_TIME_CONSTANT_MS);
  private lastMs = 0;
  private outstandingCount = 0;
  private picksSince = 0;
  private endsSince = 0;
  private shareEstimate = 0;
  private shareReports = 0;
  private picksSeen = 0;
  private changeCount = 0;

  get outstanding(): number {
    return this.outstandingCount;
  }

  /** Picks and ends counted since the agent's last load report. */
  get picksSinceReport(): number {
    return this.picksSince;
  }

  get endsSinceReport(): number {
    return this.endsSince;
  }

  /** Bumped by every pick, end and load report: what a cached outlook was computed from. */
  get changes(): number {
    return this.changeCount;
  }

  /** Picks ever counted. */
  get totalPicks(): number {
    return this.picksSeen;
  }

  /**
   * Our share of the agent's in-flight work at its recent load reports (0 until a report finds
   * work in flight), and how many reports back it.
   */
  get share(): number {
    return this.shareEstimate;
  }

  get shareSamples(): number {
    return this.shareReports;
  }

  /**
   * The share of our picks whose end we hear of, over the last ten minutes or so (1 before any
   * pick): a router that never reports ends leaves our outstanding count meaningless.
   */
  get endShare(): number {
    const picks = this.longArrivals.rate(this.lastMs);
    if (!(picks > 0)) return 1;
    const share = this.longCompletions.rate(this.lastMs) / picks;
    return share < 1 ? share : 1;
  }

  addPicks(count: number, nowMs: number): void {
    this.arrivals.add(nowMs, count);
    this.longArrivals.add(nowMs, count);
    if (nowMs > this.lastMs) this.lastMs = nowMs;
    this.outstandingCount += count;
    this.picksSince += count;
    this.picksSeen += count;
    this.changeCount++;
  }

  addEnds(count: number, nowMs: number): void {
    this.completions.add(nowMs, count);
    this.longCompletions.add(nowMs, count);
    if (nowMs > this.lastMs) this.lastMs = nowMs;
    this.outstandingCount = this.outstandingCount > count ? this.outstandingCount - count : 0;
    this.endsSince += count;
    this.changeCount++;
  }

  /**
   * The agent reported `inFlight` tasks (load × slots; `saturated` when its load was 1, so it
   * may be queueing beyond that). Below saturation the count is exact: ours cannot exceed it.
   */
  onLoadReport(inFlight: number, saturated: boolean): void {
    if (!saturated && this.outstandingCount > inFlight) this.outstandingCount = inFlight;
    if (!saturated && inFlight >= 0.5) {
      const ratio = Math.min(1, this.outstandingCount / inFlight);
      this.shareReports++;
      const gain = this.shareReports < 1 / SHARE_GAIN ? 1 / this.shareReports : SHARE_GAIN;
      this.shareEstimate += gain * (ratio - this.shareEstimate);
    }
    this.picksSince = 0;
    this.endsSince = 0;
    this.changeCount++;
  }
}
