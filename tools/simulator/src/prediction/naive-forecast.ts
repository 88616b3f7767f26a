import type { SensitivitySignal } from '@agentcore/coordination-core';
import { clamp } from '../engine/random';

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
