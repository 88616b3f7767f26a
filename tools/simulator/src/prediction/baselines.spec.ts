import { frequencyForecast, persistenceForecast, slopeForecast } from './baselines';

describe('the naive forecasts', () => {
  it('persistence: the newest report, with certainty', () => {
    expect(persistenceForecast([0.2, 0.9], 0.8)).toEqual({ probability: 1, willOverload: true });
    expect(persistenceForecast([0.9, 0.2], 0.8)).toEqual({ probability: 0, willOverload: false });
    expect(persistenceForecast([], 0.8)).toEqual({ probability: 0, willOverload: false });
  });

  it('last-two slope: extrapolates the line through the last two reports to the horizon', () => {
    expect(slopeForecast([0, 10_000], [0.5, 0.6], 10_000, 30, 0.8).willOverload).toBe(true); // +0.01/s: 0.9 at 30 s
    expect(slopeForecast([0, 10_000], [0.5, 0.6], 10_000, 10, 0.8).willOverload).toBe(false); // 0.7 at 10 s
    expect(slopeForecast([0, 10_000], [0.9, 0.5], 10_000, 60, 0.8)).toEqual({ probability: 0, willOverload: false });
    expect(slopeForecast([10_000], [0.85], 10_000, 60, 0.8).willOverload).toBe(true);
    expect(slopeForecast([10_000, 10_000], [0.1, 0.5], 10_000, 60, 0.8).willOverload).toBe(false);
    expect(slopeForecast([], [], 0, 60, 0.8).willOverload).toBe(false);
  });

  it('recent frequency: the share of the last six reports, over the reports the horizon holds', () => {
    const times = [0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000];
    const values = [1, 1, 0, 0, 0, 1, 0]; // last six: 2 of 6 high
    const f = frequencyForecast(times, values, 30, 0.8);
    expect(f.probability).toBeCloseTo(1 - Math.pow(2 / 3, 3), 9);
    expect(f.willOverload).toBe(true);
    expect(frequencyForecast([0], [0.9], 30, 0.8).probability).toBe(1);
    expect(frequencyForecast([0], [0.1], 30, 0.8)).toEqual({ probability: 0, willOverload: false });
    expect(frequencyForecast([], [], 30, 0.8).probability).toBe(0);
  });
});
