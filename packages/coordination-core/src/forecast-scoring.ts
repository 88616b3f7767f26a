import { DEFAULT_CALIBRATION, IsotonicCalibration, type CalibrationOptions } from './calibration';
import { PendingForecasts } from './pending-forecasts';

/** The horizons the background scan forecasts and scores by default (s). */
export const DEFAULT_SCORED_HORIZONS: readonly number[] = Object.freeze([30, 60]);
/**
 * A pending forecast whose horizon has passed is scored "no" at the first load report stamped
 * after it or, for an agent that went quiet, once this much longer has passed.
 */
export const RESOLUTION_GRACE_MS = 30_000;
/** Bins of the reliability diagram the service publishes (of the probabilities it gave). */
export const RELIABILITY_BINS = 10;

export interface ScoringOptions {
  horizons: readonly number[];
  threshold: number;
  /** Effective memory of the published figures (precision, recall, Brier, ECE), in scored forecasts. */
  memory: number;
  /** Recalibrate the probabilities from the record (default true). */
  recalibrate: boolean;
  calibration: CalibrationOptions;
}

/** How the service's scan forecasts at one horizon came out (the wire form: docs/coordination-core.md). */
export interface HorizonScore {
  horizon_seconds: number;
  /** Forecasts scored so far, and how many came out "yes". */
  scored: number;
  happened: number;
  true_positives: number;
  false_positives: number;
  false_negatives: number;
  true_negatives: number;
  /** Forecasts waiting for their outcome now, and forecasts not scored because an agent's slots were full. */
  pending: number;
  skipped: number;
  /** Recent figures (effective memory `memory` forecasts), of the probabilities the service gave. */
  base_rate: number;
  precision: number;
  recall: number;
  f1: number;
  brier: number;
  /** Brier score the raw probabilities would have had: what the recalibration buys. */
  brier_uncalibrated: number;
  ece: number;
  reliability: Array<{ bin: number; count: number; mean_probability: number; observed_frequency: number }>;
  /** Mean absolute error of time_to_overload_seconds for onsets (agent below the threshold when forecast); null before any. */
  time_to_overload_mae_seconds: number | null;
  time_to_overload_scored: number;
  /** Whether the probabilities are being recalibrated from this record yet, and on how many forecasts (effective). */
  recalibrated: boolean;
  calibration_forecasts: number;
}

export interface PredictionMetrics {
  threshold: number;
  horizons: HorizonScore[];
}

interface HorizonRecord {
  readonly seconds: number;
  readonly calibration: IsotonicCalibration;
  scored: number;
  happened: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  pending: number;
  skipped: number;
  // Recent, decayed.
  n: number;
  brier: number;
  brierRaw: number;
  wtp: number;
  wfp: number;
  wfn: number;
  wtn: number;
  readonly binCount: Float64Array;
  readonly binProbability: Float64Array;
  readonly binHappened: Float64Array;
  ttoCount: number;
  ttoAbs: number;
  ttoScored: number;
}

/**
 * The service scoring its own forecasts: the background scan's forecast of each agent at each
 * scored horizon waits (bounded, per agent) until the agent's load reports settle it — "yes" at
 * the first report stamped within the horizon at or above the threshold, "no" once a report
 * stamped past the horizon arrives (or the horizon is RESOLUTION_GRACE_MS behind and the agent
 * is silent). Exactly the event predictOverload documents, so the record says how good the
 * published probabilities are, and the recalibration learns from it.
 */
export class ForecastScoring {
  readonly horizons: readonly number[];
  readonly threshold: number;
  private readonly records: HorizonRecord[];
  private readonly keep: number;

  constructor(private readonly options: ScoringOptions) {
    this.horizons = [...options.horizons].sort((a, b) => a - b);
    this.threshold = options.threshold;
    this.keep = 1 - 1 / options.memory;
    this.records = this.horizons.map((seconds) => ({
      seconds,
      calibration: new IsotonicCalibration(options.calibration),
      scored: 0,
      happened: 0,
      tp: 0,
      fp: 0,
      fn: 0,
      tn: 0,
      pending: 0,
      skipped: 0,
      n: 0,
      brier: 0,
      brierRaw: 0,
      wtp: 0,
      wfp: 0,
      wfn: 0,
      wtn: 0,
      binCount: new Float64Array(RELIABILITY_BINS),
      binProbability: new Float64Array(RELIABILITY_BINS),
      binHappened: new Float64Array(RELIABILITY_BINS),
      ttoCount: 0,
      ttoAbs: 0,
      ttoScored: 0,
    }));
  }

  /** The probability to publish for a raw one at `horizonSeconds`: the nearest scored horizon's map. */
  calibrate(raw: number, horizonSeconds: number): number {
    if (!this.options.recalibrate) return raw;
    let best = this.records[0];
    for (const record of this.records) {
      if (Math.abs(Math.log(record.seconds / horizonSeconds)) < Math.abs(Math.log(best.seconds / horizonSeconds))) best = record;
    }
    return best.calibration.map(raw);
  }

  /** Keeps a scan forecast of the agent at horizon index `h` for scoring (if its slots allow). */
  forecast(
    holder: { pendingForecasts: PendingForecasts | undefined },
    h: number,
    madeAtMs: number,
    raw: number,
    published: number,
    timeToOverload: number,
    below: boolean,
  ): void {
    const pending = (holder.pendingForecasts ??= new PendingForecasts(this.records.length));
    const record = this.records[h];
    if (pending.add(h, madeAtMs, raw, published, timeToOverload, below)) record.pending++;
    else record.skipped++;
  }

  /** A load report stamped `timestampMs` arrived: settles the agent's forecasts it decides. */
  loadReported(holder: { pendingForecasts: PendingForecasts | undefined }, timestampMs: number, value: number): void {
    const pending = holder.pendingForecasts;
    if (pending === undefined) return;
    const high = value >= this.threshold;
    for (let h = 0; h < this.records.length; h++) {
      const horizonMs = this.records[h].seconds * 1000;
      for (let i = 0; i < pending.count(h); ) {
        const madeAt = pending.madeAt(h, i);
        if (timestampMs <= madeAt || (timestampMs <= madeAt + horizonMs && !high)) {
          i++;
          continue;
        }
        const happened = timestampMs <= madeAt + horizonMs;
        this.settle(pending, h, i, happened, (timestampMs - madeAt) / 1000);
      }
    }
  }

  /** Scores "no" for the agent's forecasts whose horizon passed RESOLUTION_GRACE_MS ago without a report settling them. */
  expire(holder: { pendingForecasts: PendingForecasts | undefined }, nowMs: number): void {
    const pending = holder.pendingForecasts;
    if (pending === undefined) return;
    for (let h = 0; h < this.records.length; h++) {
      const limitMs = this.records[h].seconds * 1000 + RESOLUTION_GRACE_MS;
      for (let i = 0; i < pending.count(h); ) {
        if (nowMs - pending.madeAt(h, i) > limitMs) this.settle(pending, h, i, false, Number.NaN);
        else i++;
      }
    }
  }

  /** The agent is gone: its pending forecasts are dropped unscored. */
  forget(holder: { pendingForecasts: PendingForecasts | undefined }): void {
    const pending = holder.pendingForecasts;
    if (pending === undefined) return;
    for (let h = 0; h < this.records.length; h++) this.records[h].pending -= pending.count(h);
    holder.pendingForecasts = undefined;
  }

  snapshot(): PredictionMetrics {
    return { threshold: this.threshold, horizons: this.records.map((r) => this.score(r)) };
  }

  private settle(pending: PendingForecasts, h: number, i: number, happened: boolean, actualSeconds: number): void {
    const r = this.records[h];
    const raw = pending.raw(h, i);
    const p = pending.published(h, i);
    const tto = pending.timeToOverload(h, i);
    const below = pending.below(h, i);
    pending.remove(h, i);
    r.pending--;
    r.calibration.add(raw, happened);
    const said = p >= 0.5;
    r.scored++;
    if (happened) r.happened++;
    if (said && happened) r.tp++;
    else if (said) r.fp++;
    else if (happened) r.fn++;
    else r.tn++;
    const keep = this.keep;
    r.n = r.n * keep + 1;
    const y = happened ? 1 : 0;
    r.brier = r.brier * keep + (p - y) * (p - y);
    r.brierRaw = r.brierRaw * keep + (raw - y) * (raw - y);
    r.wtp = r.wtp * keep + (said && happened ? 1 : 0);
    r.wfp = r.wfp * keep + (said && !happened ? 1 : 0);
    r.wfn = r.wfn * keep + (!said && happened ? 1 : 0);
    r.wtn = r.wtn * keep + (!said && !happened ? 1 : 0);
    const bin = Math.min(RELIABILITY_BINS - 1, Math.floor(p * RELIABILITY_BINS));
    for (let b = 0; b < RELIABILITY_BINS; b++) {
      r.binCount[b] *= keep;
      r.binProbability[b] *= keep;
      r.binHappened[b] *= keep;
    }
    r.binCount[bin] += 1;
    r.binProbability[bin] += p;
    r.binHappened[bin] += y;
    if (below && said && happened && tto === tto) {
      r.ttoCount = r.ttoCount * keep + 1;
      r.ttoAbs = r.ttoAbs * keep + Math.abs(tto - actualSeconds);
      r.ttoScored++;
    }
  }

  private score(r: HorizonRecord): HorizonScore {
    const precision = r.wtp + r.wfp > 0 ? r.wtp / (r.wtp + r.wfp) : 0;
    const recall = r.wtp + r.wfn > 0 ? r.wtp / (r.wtp + r.wfn) : 0;
    let ece = 0;
    const reliability: HorizonScore['reliability'] = [];
    for (let b = 0; b < RELIABILITY_BINS; b++) {
      const c = r.binCount[b];
      if (c <= 0) continue;
      const meanP = r.binProbability[b] / c;
      const observed = r.binHappened[b] / c;
      if (r.n > 0) ece += (c / r.n) * Math.abs(meanP - observed);
      reliability.push({ bin: b, count: c, mean_probability: meanP, observed_frequency: observed });
    }
    return {
      horizon_seconds: r.seconds,
      scored: r.scored,
      happened: r.happened,
      true_positives: r.tp,
      false_positives: r.fp,
      false_negatives: r.fn,
      true_negatives: r.tn,
      pending: r.pending,
      skipped: r.skipped,
      base_rate: r.n > 0 ? (r.wtp + r.wfn) / r.n : 0,
      precision,
      recall,
      f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
      brier: r.n > 0 ? r.brier / r.n : 0,
      brier_uncalibrated: r.n > 0 ? r.brierRaw / r.n : 0,
      ece,
      reliability,
      time_to_overload_mae_seconds: r.ttoCount > 0 ? r.ttoAbs / r.ttoCount : null,
      time_to_overload_scored: r.ttoScored,
      recalibrated: this.options.recalibrate && r.calibration.active,
      calibration_forecasts: r.calibration.evidence,
    };
  }
}

export const DEFAULT_SCORING: Readonly<Omit<ScoringOptions, 'horizons'>> = Object.freeze({
  threshold: 0.8,
  memory: 20_000,
  recalibrate: true,
  calibration: DEFAULT_CALIBRATION,
});
