import type { SampleRing } from './ring-buffer';

export interface PredictionOptions {
  /** Seconds ahead to look. Default 60. */
  horizonSeconds?: number;
  /** Load at or above which the agent counts as overloaded. Default 0.8. */
  threshold?: number;
}

export interface TrendTuning {
  /** Time constant (s) of the recency weighting: older samples count less. */
  recencySeconds: number;
  /** Samples older than this (s) are ignored. */
  windowSeconds: number;
  /** Floor on the residual spread: reported loads are never exact. */
  minSigma: number;
  /** Spread assumed when there are too few samples to estimate one. */
  priorSigma: number;
}

export const DEFAULT_TREND_TUNING: Readonly<TrendTuning> = Object.freeze({
  recencySeconds: 90,
  windowSeconds: 600,
  minSigma: 0.03,
  priorSigma: 0.1,
});

export interface TrendForecast {
  samples: number;
  currentLoad: number;
  predictedLoad: number;
  probability: number;
  timeToOverloadSeconds: number | null;
}

/**
 * Fits a recency-weighted least-squares line through the load samples and turns it into the
 * probability that load reaches `threshold` within `horizonSeconds`. The probability comes
 * from the prediction interval of the fit (residual spread plus the uncertainty of the
 * extrapolated slope), so a noisy or short history yields an honest, less certain answer.
 */
export function forecastLoad(
  trace: SampleRing,
  nowMs: number,
  horizonSeconds: number,
  threshold: number,
  tuning: TrendTuning = DEFAULT_TREND_TUNING,
): TrendForecast | null {
  let sw = 0;
  let sw2 = 0;
  let swx = 0;
  let swy = 0;
  let n = 0;
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  trace.forEach((time, value) => {
    const x = (time - nowMs) / 1000;
    if (x < -tuning.windowSeconds) return;
    // Samples stamped slightly in the future (clock skew) count as now.
    const age = Math.max(0, -x);
    const w = Math.exp(-age / tuning.recencySeconds);
    xs.push(Math.min(0, x));
    ys.push(value);
    ws.push(w);
    sw += w;
    sw2 += w * w;
    swx += w * Math.min(0, x);
    swy += w * value;
    n++;
  });
  if (n === 0) return null;

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
  const slope = sxx > 1e-9 ? sxy / sxx : 0;
  const level = meanY - slope * meanX;

  let sigma = tuning.priorSigma;
  if (nEff > 2.5) {
    let sse = 0;
    for (let i = 0; i < n; i++) {
      const r = ys[i] - (level + slope * xs[i]);
      sse += ws[i] * scale * r * r;
    }
    // Blend towards the prior while the fit has few degrees of freedom.
    const dof = nEff - 2;
    const estimate = Math.sqrt(sse / dof);
    sigma = (dof * estimate + 2 * tuning.priorSigma) / (dof + 2);
  }
  sigma = Math.max(sigma, tuning.minSigma);

  const atHorizon = level + slope * horizonSeconds;
  // A straight line peaks at one end of the window; the worst end decides overload.
  const peakX = atHorizon > level ? horizonSeconds : 0;
  const peak = Math.max(level, atHorizon);
  const leverage = sxx > 1e-9 ? ((peakX - meanX) * (peakX - meanX)) / sxx : 0;
  const spread = sigma * Math.sqrt(1 + 1 / nEff + leverage);
  const probability = 1 - normalCdf((threshold - peak) / spread);

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
