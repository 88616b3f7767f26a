import { DEFAULT_TREND_TUNING, normalCdf, type SensitivitySignal, type TrendTuning } from '@agentcore/coordination-core';
import { clamp } from './random';

/** One forecast made during a run, scored once the run has revealed what actually happened. */
export interface ForecastRecord {
  agentIndex: number;
  atMs: number;
  horizonSeconds: number;
  probability: number;
  willOverload: boolean;
}

export interface ClassifierScore {
  samples: number;
  /** Share of samples in which the agent actually crossed the threshold. */
  baseRate: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  brier: number;
  /** Expected calibration error over ten probability bins. */
  ece: number;
  /** Reliability diagram: per bin, mean forecast probability vs observed frequency. */
  calibration: Array<{ bin: number; count: number; meanProbability: number; observed: number }>;
}

/** Sufficient statistics of a classifier's score; they add up across runs. */
export interface ClassifierTally {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  brierSum: number;
  binCount: number[];
  binProbability: number[];
  binObserved: number[];
}

export function emptyTally(): ClassifierTally {
  return { tp: 0, fp: 0, fn: 0, tn: 0, brierSum: 0, binCount: new Array(10).fill(0), binProbability: new Array(10).fill(0), binObserved: new Array(10).fill(0) };
}

export function addToTally(tally: ClassifierTally, probability: number, predicted: boolean, actual: boolean): void {
  if (predicted && actual) tally.tp++;
  else if (predicted) tally.fp++;
  else if (actual) tally.fn++;
  else tally.tn++;
  const y = actual ? 1 : 0;
  tally.brierSum += (probability - y) * (probability - y);
  const bin = Math.min(9, Math.floor(probability * 10));
  tally.binCount[bin]++;
  tally.binProbability[bin] += probability;
  tally.binObserved[bin] += y;
}

export function mergeTallies(into: ClassifierTally, from: ClassifierTally): void {
  into.tp += from.tp;
  into.fp += from.fp;
  into.fn += from.fn;
  into.tn += from.tn;
  into.brierSum += from.brierSum;
  for (let i = 0; i < 10; i++) {
    into.binCount[i] += from.binCount[i];
    into.binProbability[i] += from.binProbability[i];
    into.binObserved[i] += from.binObserved[i];
  }
}

export function scoreTally(t: ClassifierTally): ClassifierScore {
  const samples = t.tp + t.fp + t.fn + t.tn;
  const precision = t.tp + t.fp === 0 ? 0 : t.tp / (t.tp + t.fp);
  const recall = t.tp + t.fn === 0 ? 0 : t.tp / (t.tp + t.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  let ece = 0;
  const calibration: ClassifierScore['calibration'] = [];
  for (let i = 0; i < 10; i++) {
    const count = t.binCount[i];
    if (count === 0) continue;
    const meanProbability = t.binProbability[i] / count;
    const observed = t.binObserved[i] / count;
    ece += (count / samples) * Math.abs(meanProbability - observed);
    calibration.push({ bin: i, count, meanProbability, observed });
  }
  return {
    samples,
    baseRate: samples === 0 ? 0 : (t.tp + t.fn) / samples,
    truePositives: t.tp,
    falsePositives: t.fp,
    falseNegatives: t.fn,
    trueNegatives: t.tn,
    precision,
    recall,
    f1,
    accuracy: samples === 0 ? 0 : (t.tp + t.tn) / samples,
    brier: samples === 0 ? 0 : t.brierSum / samples,
    ece,
    calibration,
  };
}

/**
 * The naive baseline: an ordinary least-squares line through the last few reported loads,
 * extrapolated to the horizon; its "probability" is that predicted load.
 */
export function naiveForecast(
  history: readonly SensitivitySignal[],
  nowMs: number,
  horizonSeconds: number,
  threshold: number,
  samples = 5,
): { probability: number; willOverload: boolean } {
  const loads = history.filter((s) => s.signal_type === 'load').slice(-samples);
  if (loads.length === 0) return { probability: 0, willOverload: false };
  const xs = loads.map((s) => (Date.parse(s.timestamp) - nowMs) / 1000);
  const ys = loads.map((s) => s.value);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxx += (xs[i] - mx) * (xs[i] - mx);
    sxy += (xs[i] - mx) * (ys[i] - my);
  }
  const slope = sxx > 1e-9 ? sxy / sxx : 0;
  const predicted = clamp(my + slope * (horizonSeconds - mx), 0, 1);
  return { probability: predicted, willOverload: predicted >= threshold };
}

/**
 * Whether the true load, averaged over `windowSeconds`, reached `threshold` at some point
 * after `atMs` up to the horizon. Window 1 with per-second maxima is the strict reading (any
 * instant at the threshold); a 10 s mean is "overloaded" in the sense a load trend can
 * forecast — a 4-slot agent touches 100 % for a moment far more often than it is overloaded.
 */
export function crossedWithin(
  loadBySecond: Float32Array,
  atMs: number,
  horizonSeconds: number,
  threshold: number,
  windowSeconds = 1,
): boolean {
  const from = Math.floor(atMs / 1000) + 1;
  const to = Math.min(loadBySecond.length - 1, Math.floor(atMs / 1000 + horizonSeconds));
  for (let end = from; end <= to; end++) {
    let sum = 0;
    const start = Math.max(0, end - windowSeconds + 1);
    for (let s = start; s <= end; s++) sum += loadBySecond[s];
    if (sum / (end - start + 1) >= threshold) return true;
  }
  return false;
}

/** The load samples a coordination service holds for one agent: the newest `capacity`, in arrival order. */
export class LoadTrace {
  private readonly times: number[] = [];
  private readonly values: number[] = [];

  constructor(private readonly capacity: number) {}

  push(timeMs: number, value: number): void {
    this.times.push(timeMs);
    this.values.push(value);
    if (this.times.length > this.capacity) {
      this.times.shift();
      this.values.shift();
    }
  }

  snapshot(): { times: number[]; values: number[] } {
    return { times: [...this.times], values: [...this.values] };
  }
}

/**
 * Core's forecast before the first-passage change, kept as the "before" of the comparison:
 * the same recency-weighted fit, but the probability is that the fitted line at the end of the
 * horizon (or now, if the trend falls) lies above the threshold — one point, not a passage.
 */
export function endpointForecast(
  trace: LoadTrace,
  nowMs: number,
  horizonSeconds: number,
  threshold: number,
  tuning: TrendTuning = DEFAULT_TREND_TUNING,
): { probability: number; willOverload: boolean } {
  const { times, values } = trace.snapshot();
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  for (let i = 0; i < times.length; i++) {
    const x = (times[i] - nowMs) / 1000;
    if (x < -tuning.windowSeconds) continue;
    xs.push(Math.min(0, x));
    ys.push(values[i]);
    ws.push(Math.exp(-Math.max(0, -x) / tuning.recencySeconds));
  }
  if (xs.length === 0) return { probability: 0, willOverload: false };
  const sum = (f: (i: number) => number) => xs.reduce((acc, _, i) => acc + f(i), 0);
  const sw = sum((i) => ws[i]);
  const nEff = (sw * sw) / sum((i) => ws[i] * ws[i]);
  const scale = nEff / sw;
  const meanX = sum((i) => ws[i] * xs[i]) / sw;
  const meanY = sum((i) => ws[i] * ys[i]) / sw;
  const sxx = sum((i) => ws[i] * scale * (xs[i] - meanX) ** 2);
  const sxy = sum((i) => ws[i] * scale * (xs[i] - meanX) * (ys[i] - meanY));
  const slope = sxx > 1e-9 ? sxy / sxx : 0;
  const level = meanY - slope * meanX;
  let sigma = tuning.priorSigma;
  if (nEff > 2.5) {
    const dof = nEff - 2;
    const estimate = Math.sqrt(sum((i) => ws[i] * scale * (ys[i] - (level + slope * xs[i])) ** 2) / dof);
    sigma = (dof * estimate + 2 * tuning.priorSigma) / (dof + 2);
  }
  sigma = Math.max(sigma, tuning.minSigma);
  const atHorizon = level + slope * horizonSeconds;
  const peakX = atHorizon > level ? horizonSeconds : 0;
  const peak = Math.max(level, atHorizon);
  const leverage = sxx > 1e-9 ? (peakX - meanX) ** 2 / sxx : 0;
  const probability = 1 - normalCdf((threshold - peak) / (sigma * Math.sqrt(1 + 1 / nEff + leverage)));
  return { probability, willOverload: probability >= 0.5 };
}
