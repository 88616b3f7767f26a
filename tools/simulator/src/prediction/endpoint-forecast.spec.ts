import { endpointForecast } from './endpoint-forecast';
import { LoadTrace } from './load-trace';

const T0 = Date.UTC(2025, 0, 1);

function trace(values: number[], everyMs = 10_000, capacity = 100): LoadTrace {
  const t = new LoadTrace(capacity);
  values.forEach((v, i) => t.push(T0 + i * everyMs, v));
  return t;
}

describe('endpoint forecast (core before the first-passage change)', () => {
  it('is likelier to fire for a high or rising load than for a low flat one', () => {
    const low = endpointForecast(trace([0.2, 0.25, 0.2, 0.22, 0.2, 0.21]), T0 + 50_000, 30, 0.8);
    const rising = endpointForecast(trace([0.3, 0.4, 0.5, 0.6, 0.7, 0.75]), T0 + 50_000, 30, 0.8);
    expect(low.willOverload).toBe(false);
    expect(low.probability).toBeLessThan(0.001);
    expect(rising.willOverload).toBe(true);
    expect(rising.probability).toBeGreaterThan(0.9);
    expect(endpointForecast(trace([]), T0, 30, 0.8)).toEqual({ probability: 0, willOverload: false });
    // Samples older than the window are ignored.
    expect(endpointForecast(trace([0.9]), T0 + 700_000, 30, 0.8)).toEqual({ probability: 0, willOverload: false });
  });

  it('looks at one point only: a flat load just below the threshold stays below 0.5 at any horizon', () => {
    const flat = trace([0.75, 0.75, 0.75, 0.75, 0.75, 0.75]);
    expect(endpointForecast(flat, T0 + 50_000, 30, 0.8).probability).toBeLessThan(0.5);
    expect(endpointForecast(flat, T0 + 50_000, 300, 0.8).probability).toBeLessThan(0.5);
    expect(endpointForecast(trace([0.5]), T0, 30, 0.8).probability).toBeLessThan(0.5);
  });
});
