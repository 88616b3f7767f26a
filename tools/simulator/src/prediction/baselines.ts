/**
 * The naive forecasts predictOverload is compared with, from the reports alone (times in ms,
 * values in [0, 1], oldest first, the newest being the one just received). Each returns the
 * probability that a report within the horizon is at or above the threshold and its yes/no.
 * Always "yes" needs the base rate, which is only known once the run is over: it is scored
 * there (see queue-evaluation.ts).
 */
export interface BaselineForecast {
  probability: number;
  willOverload: boolean;
}

/** The newest report says it all: at or above the threshold now means yes, with certainty. */
export function persistenceForecast(values: readonly number[], threshold: number): BaselineForecast {
  const yes = values.length > 0 && values[values.length - 1] >= threshold;
  return { probability: yes ? 1 : 0, willOverload: yes };
}

/** A line through the last two reports, extrapolated to the horizon: yes (certainly) if it reaches the threshold. */
export function slopeForecast(times: readonly number[], values: readonly number[], nowMs: number, horizonSeconds: number, threshold: number): BaselineForecast {
  const n = values.length;
  if (n === 0) return { probability: 0, willOverload: false };
  const last = values[n - 1];
  let peak = last;
  if (n >= 2) {
    const dt = (times[n - 1] - times[n - 2]) / 1000;
    if (dt > 0) {
      const slope = (last - values[n - 2]) / dt;
      const ahead = (nowMs - times[n - 1]) / 1000 + horizonSeconds;
      peak = Math.max(last, last + slope * ahead);
    }
  }
  const yes = peak >= threshold;
  return { probability: yes ? 1 : 0, willOverload: yes };
}

/**
 * The recent-frequency rule: the share f of the last `window` reports at or above the threshold
 * is taken as the chance that any one report is, independently, so a horizon holding k reports
 * (horizon ÷ the mean interval between the recent reports) gives 1 − (1 − f)^k.
 */
export function frequencyForecast(times: readonly number[], values: readonly number[], horizonSeconds: number, threshold: number, window = 6): BaselineForecast {
  const n = values.length;
  if (n === 0) return { probability: 0, willOverload: false };
  const from = Math.max(0, n - window);
  let high = 0;
  for (let i = from; i < n; i++) if (values[i] >= threshold) high++;
  const f = high / (n - from);
  const intervalSeconds = n - from >= 2 ? (times[n - 1] - times[from]) / 1000 / (n - 1 - from) : 10;
  const k = horizonSeconds / Math.max(1, intervalSeconds);
  const probability = 1 - Math.pow(1 - f, k);
  return { probability, willOverload: probability >= 0.5 };
}
