import { normalCdf } from '@agentcore/coordination-core';

/** The old fit's tuning: recency time constant and window (s), residual spread floor and prior. */
export interface EndpointTuning {
  recencySeconds: number;
  windowSeconds: number;
  minSigma: number;
  priorSigma: number;
}

export const ENDPOINT_TUNING: Readonly<EndpointTuning> = Object.freeze({ recencySeconds: 90, windowSeconds: 600, minSigma: 0.03, priorSigma: 0.1 });
import type { LoadTrace } from './load-trace';

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
  tuning: EndpointTuning = ENDPOINT_TUNING,
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
