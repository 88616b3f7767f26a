import type { SensitivitySignal } from '@agentcore/coordination-core';
import { addToTally, crossedWithin, emptyTally, endpointForecast, LoadTrace, mergeTallies, naiveForecast, scoreTally } from './prediction-eval';

const T0 = Date.UTC(2025, 0, 1);
function loads(values: number[], everyMs = 10_000): SensitivitySignal[] {
  return values.map((value, i) => ({
    signal_id: `s${i}`,
    agent_id: 'a',
    signal_type: 'load',
    value,
    timestamp: new Date(T0 + i * everyMs).toISOString(),
    ttl_seconds: 60,
    confidence: 1,
  }));
}

describe('classifier scoring', () => {
  it('counts the confusion matrix, Brier score and calibration bins', () => {
    const t = emptyTally();
    addToTally(t, 0.9, true, true);
    addToTally(t, 0.8, true, false);
    addToTally(t, 0.1, false, true);
    addToTally(t, 0.0, false, false);
    const merged = emptyTally();
    mergeTallies(merged, t);
    mergeTallies(merged, t);
    const s = scoreTally(merged);
    expect(s.samples).toBe(8);
    expect([s.truePositives, s.falsePositives, s.falseNegatives, s.trueNegatives]).toEqual([2, 2, 2, 2]);
    expect(s.precision).toBeCloseTo(0.5);
    expect(s.recall).toBeCloseTo(0.5);
    expect(s.f1).toBeCloseTo(0.5);
    expect(s.accuracy).toBeCloseTo(0.5);
    expect(s.baseRate).toBeCloseTo(0.5);
    expect(s.brier).toBeCloseTo((0.01 + 0.64 + 0.81 + 0) / 4);
    expect(s.calibration.map((b) => b.bin)).toEqual([0, 1, 8, 9]);
    expect(s.ece).toBeGreaterThan(0);
  });

  it('scores an empty tally as zeros', () => {
    const s = scoreTally(emptyTally());
    expect([s.samples, s.precision, s.recall, s.f1, s.brier, s.accuracy, s.baseRate]).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('naive slope forecast', () => {
  it('extrapolates a rising load past the threshold and uses the load as probability', () => {
    const history = loads([0.2, 0.4, 0.6]);
    const f = naiveForecast(history, T0 + 20_000, 30, 0.8);
    expect(f.willOverload).toBe(true);
    expect(f.probability).toBe(1);
    expect(naiveForecast(loads([0.3, 0.3]), T0 + 10_000, 30, 0.8)).toEqual({ probability: expect.closeTo(0.3), willOverload: false });
    expect(naiveForecast([], T0, 30, 0.8)).toEqual({ probability: 0, willOverload: false });
    expect(naiveForecast(loads([0.9]), T0, 30, 0.8).willOverload).toBe(true);
  });
});

function trace(values: number[], everyMs = 10_000, capacity = 100): LoadTrace {
  const t = new LoadTrace(capacity);
  values.forEach((v, i) => t.push(T0 + i * everyMs, v));
  return t;
}

describe('LoadTrace', () => {
  it('keeps the newest samples up to its capacity, in arrival order', () => {
    expect(trace([0.1, 0.2, 0.3], 1000, 2).snapshot()).toEqual({ times: [T0 + 1000, T0 + 2000], values: [0.2, 0.3] });
  });
});

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

describe('crossedWithin', () => {
  const trace = new Float32Array([0, 0.5, 0.9, 0.5, 0.5, 0.5, 1, 1, 1, 1, 1, 1]);
  it('reads a momentary peak with a 1 s window and ignores it with a longer one', () => {
    expect(crossedWithin(trace, 0, 2, 0.8)).toBe(true);
    expect(crossedWithin(trace, 0, 4, 0.8, 3)).toBe(false);
    expect(crossedWithin(trace, 0, 11, 0.8, 3)).toBe(true);
    expect(crossedWithin(trace, 0, 1, 0.8)).toBe(false);
  });
});
