import type { SampleRing } from './ring-buffer';

export interface TrendTuning {
  /** Time constant (s) of the recency weighting: older samples count less. */
  recencySeconds: number;
  /** Samples older than this (s) are ignored. */
  windowSeconds: number;
  /** Floor on the residual spread: reported loads are never exact. */
  minSigma: number;
  /** Spread assumed when there are too few samples to estimate one. */
  priorSigma: number;
  /** Prior spread of the load's slope (load per second): how fast load plausibly moves. */
  slopePriorPerSecond: number;
}

export const DEFAULT_TREND_TUNING: Readonly<TrendTuning> = Object.freeze({
  recencySeconds: 90,
  windowSeconds: 600,
  minSigma: 0.03,
  priorSigma: 0.1,
  slopePriorPerSecond: 0.005,
});

export interface TrendForecast {
  samples: number;
  currentLoad: number;
  predictedLoad: number;
  probability: number;
  timeToOverloadSeconds: number | null;
}

/** Seconds between the looks the first-passage probability takes across the horizon. */
export const LOOK_SECONDS = 10;
/**
 * The longest horizon a forecast answers: as far back as the fit looks by default — the trend
 * says nothing beyond it — and it keeps the cost per forecast bounded. Longer horizons are
 * refused (a ValidationError naming horizon_seconds) rather than answered inconsistently.
 */
export const MAX_HORIZON_SECONDS = 600;
const PASSAGE_CAP_SECONDS = MAX_HORIZON_SECONDS;
/**
 * Load wanders: beyond what the fit already leaves open, the uncertainty about where the load
 * is heading grows by one residual variance every this many seconds ahead (a random walk).
 */
const DRIFT_SECONDS = 10;
/**
 * E[f(Z)] for Z ~ N(0, 1) as the mean of f at the midpoints of eight equally likely slices,
 * Φ⁻¹((i + ½) / 8). Unlike a Gauss–Hermite rule it stays right (within 1/8) when f is close
 * to a step, as the passage probability is once the shared error dwarfs the fluctuation.
 */
const SHARED_QUANTILES = [
  -1.5341205449145758, -0.8871465585242647, -0.4887764115418613, -0.1573106845731409, 0.1573106845731409,
  0.4887764115418613, 0.8871465585242647, 1.5341205449145758,
] as const;

// Samples in the window, gathered without allocating: forecastLoad runs for every agent on
// every scan. Grown on demand; only ever used synchronously inside one forecastLoad call.
let xs = new Float64Array(128);
let ys = new Float64Array(128);
let ws = new Float64Array(128);
let gathered = 0;
let gatherNow = 0;
let gatherWindow = 0;
let gatherRecency = 1;

function gather(time: number, value: number, confidence: number): void {
  const x = (time - gatherNow) / 1000;
  // Confidence counts here as it does in the scores: a sample its reporter did not trust is absent.
  if (x < -gatherWindow || confidence <= 0) return;
  // Samples stamped slightly in the future (clock skew) count as now.
  const at = x < 0 ? x : 0;
  xs[gathered] = at;
  ys[gathered] = value;
  ws[gathered] = confidence * Math.exp(at / gatherRecency);
  gathered++;
}

/**
 * Fits a recency-weighted least-squares line through the load samples and turns it into the
 * probability that load reaches `threshold` at any time within `horizonSeconds` — a first
 * passage, not the chance that one point at the end of the horizon lies above it.
 *
 * The path ahead is the fitted line plus two kinds of error, both in units of the residual
 * spread σ (blended towards a prior while the history is short, and floored):
 * - a shared error, common to the whole path: the fit's prediction interval
 *   (σ²·(1 + 1/n_eff + leverage)) plus a drift that grows by σ² every DRIFT_SECONDS ahead;
 * - an independent fluctuation of σ at each look, one look every LOOK_SECONDS from now to the
 *   horizon.
 * Given the shared error the path stays below the threshold with Π Φ((threshold − μ(t)) / σ);
 * the probability averages one minus that over the shared error (eight equally likely values).
 * Measured on the simulator's load traces this is calibrated to a few points (see
 * docs/effectiveness.md), where the endpoint probability under-forecast overloads.
 */
export function forecastLoad(
  trace: SampleRing,
  nowMs: number,
  horizonSeconds: number,
  threshold: number,
  tuning: TrendTuning = DEFAULT_TREND_TUNING,
): TrendForecast | null {
  if (xs.length < trace.size) {
    xs = new Float64Array(trace.size);
    ys = new Float64Array(trace.size);
    ws = new Float64Array(trace.size);
  }
  gathered = 0;
  gatherNow = nowMs;
  gatherWindow = tuning.windowSeconds;
  gatherRecency = tuning.recencySeconds;
  trace.forEach(gather);
  const n = gathered;
  if (n === 0) return null;

  let sw = 0;
  let sw2 = 0;
  let swx = 0;
  let swy = 0;
  for (let i = 0; i < n; i++) {
    const w = ws[i];
    sw += w;
    sw2 += w * w;
    swx += w * xs[i];
    swy += w * ys[i];
  }
  const meanX = swx / sw;
  const meanY = swy / sw;
  // Effective sample size of the weighted fit; weights rescaled so they sum to it.
  const nEff = (sw * sw) / sw2;
  const scale = nEff / sw;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - meanX;
    sxx += ws[i] * scale * dx * dx;
    sxy += ws[i] * scale * dx * (ys[i] - meanY);
  }
  const slopeLs = sxx > 1e-9 ? sxy / sxx : 0;
  const levelLs = meanY - slopeLs * meanX;

  let sigma = tuning.priorSigma;
  if (nEff > 2.5) {
    let sse = 0;
    for (let i = 0; i < n; i++) {
      const r = ys[i] - (levelLs + slopeLs * xs[i]);
      sse += ws[i] * scale * r * r;
    }
    // Blend towards the prior while the fit has few degrees of freedom.
    const dof = nEff - 2;
    const estimate = Math.sqrt(sse / dof);
    sigma = (dof * estimate + 2 * tuning.priorSigma) / (dof + 2);
  }
  sigma = Math.max(sigma, tuning.minSigma);

  // A prior on the slope (Bayesian ridge, N(0, τ²)): samples bunched into a few seconds say
  // little about the trend and must not be extrapolated across a minute, while a trend seen
  // over minutes is barely touched. Its weight, in s², is σ² / τ².
  const sxxPosterior = sxx + (sigma * sigma) / (tuning.slopePriorPerSecond * tuning.slopePriorPerSecond);
  const slope = sxy / sxxPosterior;
  const level = meanY - slope * meanX;

  const probability = passageProbability(level, slope, meanX, sxxPosterior, nEff, sigma, horizonSeconds, threshold);
  const atHorizon = level + slope * horizonSeconds;

  // When the trend line itself reaches the threshold: the expected time, not a quantile.
  let timeToOverloadSeconds: number | null = null;
  if (level >= threshold) timeToOverloadSeconds = 0;
  else if (slope > 0) {
    const t = (threshold - level) / slope;
    if (t <= horizonSeconds) timeToOverloadSeconds = t;
  }

  return {
    samples: n,
    currentLoad: clampLoad(level),
    predictedLoad: clampLoad(atHorizon),
    probability,
    timeToOverloadSeconds,
  };
}

/** P(load ≥ threshold at some look in [0, horizon]); see forecastLoad. */
function passageProbability(
  level: number,
  slope: number,
  meanX: number,
  sxx: number,
  nEff: number,
  sigma: number,
  horizonSeconds: number,
  threshold: number,
): number {
  const passage = horizonSeconds < PASSAGE_CAP_SECONDS ? horizonSeconds : PASSAGE_CAP_SECONDS;
  const looks = Math.max(1, Math.ceil(passage / LOOK_SECONDS));
  const step = passage / looks;
  let stayBelowSum = 0;
  for (let q = 0; q < SHARED_QUANTILES.length; q++) {
    let stayBelow = 1;
    for (let j = 0; j <= looks && stayBelow > 1e-12; j++) {
      const t = j * step;
      const dx = t - meanX;
      const leverage = (dx * dx) / sxx;
      const shared = sigma * Math.sqrt(1 + 1 / nEff + leverage + t / DRIFT_SECONDS);
      const mu = level + slope * t + SHARED_QUANTILES[q] * shared;
      stayBelow *= normalCdf((threshold - mu) / sigma);
    }
    stayBelowSum += stayBelow;
  }
  const probability = 1 - stayBelowSum / SHARED_QUANTILES.length;
  return probability < 0 ? 0 : probability > 1 ? 1 : probability;
}

function clampLoad(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26; absolute error < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
