import { LatencyRecorder, StrategyStatsRecorder } from './stats';

describe('LatencyRecorder', () => {
  it('reports zeros before any sample', () => {
    expect(new LatencyRecorder().summary()).toEqual({ count: 0, meanNs: 0, p50Ns: 0, p99Ns: 0, maxNs: 0 });
  });

  it('computes nearest-rank percentiles over the samples', () => {
    const recorder = new LatencyRecorder();
    for (let ns = 1; ns <= 100; ns += 1) recorder.record(ns);
    expect(recorder.summary()).toEqual({ count: 100, meanNs: 50.5, p50Ns: 50, p99Ns: 99, maxNs: 100 });
  });

  it('keeps memory bounded: percentiles cover the recent window, count/mean/max everything', () => {
    const recorder = new LatencyRecorder(10);
    recorder.record(1000);
    for (let i = 0; i < 10; i += 1) recorder.record(1);
    const summary = recorder.summary();
    expect(summary).toMatchObject({ count: 11, maxNs: 1000, p99Ns: 1 });
    expect(summary.meanNs).toBeCloseTo(1010 / 11);
  });
});

describe('StrategyStatsRecorder', () => {
  it('counts fallbacks by reason and snapshots a copy', () => {
    const stats = new StrategyStatsRecorder();
    stats.recordFallback('no_data');
    stats.recordFallback('no_data');
    stats.recordFallback('timeout');
    const snapshot = stats.snapshot();
    expect(snapshot.fallbacks).toEqual({ no_data: 2, timeout: 1 });
    stats.recordFallback('timeout');
    expect(snapshot.fallbacks.timeout).toBe(1);
  });
});
