import { MAX_REPORTS, ReportForecaster, type ReportForecastParams } from './queue-forecast';

const base: ReportForecastParams = {
  slots: 1,
  thresholdCount: 1,
  states: 4,
  arrivalRate: 0.1,
  serviceRate: 0.1,
  firstReportSeconds: 10,
  reportIntervalSeconds: 10,
  jitterSeconds: 0,
  horizonSeconds: 60,
};

function forecast(params: Partial<ReportForecastParams>, start: number[]): ReportForecaster {
  const all = { ...base, ...params };
  const f = new ReportForecaster(8);
  f.prepare(all);
  f.start.fill(0);
  start.forEach((p, i) => (f.start[i] = p));
  f.run(all);
  return f;
}

describe('ReportForecaster', () => {
  it('counts only what a report can see: nothing before the first report is due', () => {
    const f = forecast({}, [1]);
    expect(f.probabilityWithin(9.9)).toBe(0);
    expect(f.probabilityWithin(10)).toBeGreaterThan(0);
    // Each further report is one more chance.
    expect(f.probabilityWithin(20)).toBeGreaterThan(f.probabilityWithin(10));
    expect(f.probabilityWithin(60)).toBeGreaterThan(f.probabilityWithin(30));
  });

  it('an agent busy now is seen busy at the next report unless its task ends first', () => {
    // One slot, task time 10 s, no arrivals to speak of: P(still busy after 10 s) = e^-1.
    const f = forecast({ arrivalRate: 1e-6 }, [0, 1]);
    expect(f.probabilityWithin(10)).toBeCloseTo(Math.exp(-1), 3);
    expect(f.timeToOverload(60)).toBe(10);
  });

  it('spreads a report that may fall either side of the horizon by its timing spread', () => {
    const sharp = forecast({ arrivalRate: 0.05 }, [1]);
    const fuzzy = forecast({ arrivalRate: 0.05, jitterSeconds: 1 }, [1]);
    const before = sharp.probabilityWithin(29.9);
    const after = sharp.probabilityWithin(30);
    expect(before).toBeLessThan(after);
    // The third report is due at 30 s give or take √3 s: at a 30 s horizon it counts about half.
    const middle = (fuzzy.probabilityWithin(30) - before) / (after - before);
    expect(middle).toBeGreaterThan(0.4);
    expect(middle).toBeLessThan(0.6);
  });

  it('follows a dense reporter at evenly spaced looks, and gives the median time of the first high one', () => {
    const f = forecast({ reportIntervalSeconds: 0.5, firstReportSeconds: 0.5, arrivalRate: 0.05, serviceRate: 0.05 }, [1]);
    const p = f.probabilityWithin(60);
    expect(p).toBeGreaterThan(0.5);
    const t = f.timeToOverload(60);
    expect(t).toBeGreaterThan(0);
    expect(t).toBeLessThanOrEqual(60);
    expect(MAX_REPORTS).toBeLessThanOrEqual(12);
  });

  it('gives the horizon as the time when nothing can be seen within it', () => {
    const f = forecast({ firstReportSeconds: 100 }, [1]);
    expect(f.probabilityWithin(60)).toBe(0);
    expect(f.timeToOverload(60)).toBe(60);
  });

  it("expects the load to drift to the queue's own level", () => {
    const f = forecast({ arrivalRate: 0.1, serviceRate: 1, slots: 2, thresholdCount: 2, states: 5 }, [0, 0, 0, 0, 1]);
    expect(f.expectedLoadAt(0)).toBeCloseTo(1, 12);
    expect(f.expectedLoadAt(100)).toBeCloseTo(0.05, 2);
  });
});
