import type { SensitivitySignal } from '@agentcore/coordination-core';
import { naiveForecast } from './naive-forecast';

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
