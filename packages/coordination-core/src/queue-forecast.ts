import { BirthDeathChain } from './birth-death';
import { normalCdf } from './normal';

/** The queue, in the chain's units, and when its load reports are expected. */
export interface ReportForecastParams {
  /** c: tasks served at once. */
  slots: number;
  /** The in-flight count at which a report reads at or above the threshold: ⌈threshold × c⌉. */
  thresholdCount: number;
  /** States 0…states−1 of the in-flight count (K + 1). */
  states: number;
  /** λ, tasks per second. */
  arrivalRate: number;
  /** μ, tasks per second per slot. */
  serviceRate: number;
  /** Seconds from now to the next expected report. */
  firstReportSeconds: number;
  /** Mean seconds between reports, and the spread (SD) of one interval. */
  reportIntervalSeconds: number;
  jitterSeconds: number;
  /** The longest horizon that will be asked for. */
  horizonSeconds: number;
}

/** Most reports followed within one horizon: a denser reporter is followed report by report for its first EXACT_REPORTS, then at evenly spaced looks. */
export const MAX_REPORTS = 10;
const EXACT_REPORTS = 4;
/** Reports are followed until their time is this many SDs past the horizon. */
const REPORT_TAIL_SDS = 2.5;

/**
 * The chance that a report of the agent's load, timestamped within the horizon, reads at or
 * above the threshold: the in-flight count is an M/M/c/K birth–death chain started from
 * `start` (filled by the caller), the reports come at now + δ₁, δ₁ + Δ, … (each with its
 * timing spread), and the probability mass at or above ⌈threshold × c⌉ at each report is taken
 * out of the chain as a hit — between reports the count moves freely, as excursions between two
 * reports are not seen. Preallocated: no allocation per forecast.
 */
export class ReportForecaster {
  readonly chain: BirthDeathChain;
  /** The distribution of the in-flight count now; the caller fills entries 0…states−1. */
  readonly start: Float64Array;
  private readonly p: Float64Array;
  private readonly decays: Float64Array;
  /** Per followed report: its expected time (s from now), the SD of that time, and the hit mass taken there. */
  private readonly times = new Float64Array(MAX_REPORTS + 1);
  private readonly sds = new Float64Array(MAX_REPORTS + 1);
  private readonly hits = new Float64Array(MAX_REPORTS + 1);
  private count = 0;
  private slots = 1;

  constructor(readonly maxStates: number) {
    this.chain = new BirthDeathChain(maxStates);
    this.start = new Float64Array(maxStates);
    this.p = new Float64Array(maxStates);
    this.decays = new Float64Array(maxStates);
  }

  /** Decomposes the chain for these rates (call before filling `start` from it, and before run). */
  prepare(params: ReportForecastParams): void {
    this.slots = params.slots;
    this.chain.prepare(params.states, params.slots, params.arrivalRate, params.serviceRate);
  }

  /** Follows the chain from `start` through the expected reports up to the horizon (and its tail). */
  run(params: ReportForecastParams): void {
    const n = params.states;
    const m = params.thresholdCount;
    const p = this.p;
    for (let i = 0; i < n; i++) p[i] = this.start[i];
    let interval = params.reportIntervalSeconds;
    let jitter = params.jitterSeconds;
    let at = params.firstReportSeconds;
    this.count = 0;
    for (let k = 0; k < MAX_REPORTS; k++) {
      // A reporter far denser than the horizon: its first reports are followed one by one (they
      // decide the time to overload), the rest at evenly spaced looks up to the horizon.
      if (k === EXACT_REPORTS && (params.horizonSeconds - at) / interval > MAX_REPORTS - k) {
        interval = (params.horizonSeconds - at) / (MAX_REPORTS - k);
        jitter = 0;
        this.chain.decays(interval, this.decays);
      }
      const sd = jitter * Math.sqrt(k + 1);
      if (at - REPORT_TAIL_SDS * sd > params.horizonSeconds) break;
      if (k === 0) {
        this.chain.advance(p, at);
        // Every later report is one interval after the previous: the same decays each time.
        this.chain.decays(interval, this.decays);
      } else this.chain.advanceBy(p, this.decays);
      let hit = 0;
      for (let i = m; i < n; i++) {
        hit += p[i];
        p[i] = 0;
      }
      this.times[k] = at;
      this.sds[k] = sd;
      this.hits[k] = hit;
      this.count = k + 1;
      at += interval;
    }
  }

  /** P(a report within `horizonSeconds` reads at or above the threshold), each report weighted by the chance it falls within. */
  probabilityWithin(horizonSeconds: number): number {
    let total = 0;
    for (let k = 0; k < this.count; k++) total += this.hits[k] * this.within(k, horizonSeconds);
    return total < 0 ? 0 : total > 1 ? 1 : total;
  }

  /**
   * The median time of the first report at or above the threshold, given there is one within
   * the horizon (seconds from now; the horizon itself when no report can be).
   */
  timeToOverload(horizonSeconds: number): number {
    const total = this.probabilityWithin(horizonSeconds);
    let cumulative = 0;
    for (let k = 0; k < this.count; k++) {
      const mass = this.hits[k] * this.within(k, horizonSeconds);
      if (cumulative + mass >= total / 2) {
        return this.times[k] < horizonSeconds ? this.times[k] : horizonSeconds;
      }
      cumulative += mass;
    }
    return horizonSeconds;
  }

  /** Expected load (E[min(N, c)] ÷ c) `seconds` from now, reports or not. */
  expectedLoadAt(seconds: number): number {
    const n = this.chain.size;
    const p = this.p;
    for (let i = 0; i < n; i++) p[i] = this.start[i];
    this.chain.advance(p, seconds);
    let total = 0;
    let busy = 0;
    for (let i = 0; i < n; i++) {
      total += p[i];
      busy += p[i] * (i < this.slots ? i : this.slots);
    }
    return total > 0 ? busy / total / this.slots : 0;
  }

  private within(k: number, horizonSeconds: number): number {
    const sd = this.sds[k];
    if (sd <= 0) return this.times[k] <= horizonSeconds ? 1 : 0;
    return normalCdf((horizonSeconds - this.times[k]) / sd);
  }
}
