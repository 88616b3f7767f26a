import { createHarness } from '../test/harness';
import { runQueueAgents, type QueueAgentSpec } from '../test/queue-agent';

describe('CoordinationService: the scan scores its own forecasts and recalibrates from them', () => {
  it('forecasts the scored horizons at every scan and settles them against the load reports that follow', () => {
    const h = createHarness();
    runQueueAgents(h, [{ id: 'a', slots: 2, queue: 4, serviceMs: 5_000, rate: () => 0.3 }], 300_000, { scanEveryMs: 15_000 });
    const { prediction } = h.service.metrics();
    expect(prediction.threshold).toBe(0.8);
    expect(prediction.horizons.map((x) => x.horizon_seconds)).toEqual([30, 60]);
    for (const horizon of prediction.horizons) {
      // One forecast per scan (20 scans); those whose horizon has not passed are still pending.
      expect(horizon.scored + horizon.pending + horizon.skipped).toBe(20);
      expect(horizon.scored).toBeGreaterThan(14);
      expect(horizon.pending).toBeLessThanOrEqual(4);
      expect(horizon.true_positives + horizon.false_positives + horizon.false_negatives + horizon.true_negatives).toBe(horizon.scored);
      expect(horizon.brier).toBeGreaterThanOrEqual(0);
      expect(horizon.recalibrated).toBe(false);
    }
  });

  it('does not score a scan at another threshold, and forgets the forecasts of an agent that expires', () => {
    const h = createHarness();
    h.report('a', 'load', 0.5, { ttl_seconds: 20 });
    h.service.scanOverloads({ threshold: 0.5 });
    expect(h.service.metrics().prediction.horizons.map((x) => x.pending)).toEqual([0, 0]);
    h.service.scanOverloads();
    expect(h.service.metrics().prediction.horizons.map((x) => x.pending)).toEqual([1, 1]);
    h.advance(21_000);
    expect(h.service.metrics().prediction.horizons.map((x) => x.pending)).toEqual([0, 0]);
    expect(h.service.metrics().prediction.horizons.map((x) => x.scored)).toEqual([0, 0]);
  });

  it('takes the horizons, threshold and memory it scores from its options', () => {
    const h = createHarness({ prediction: { scoredHorizons: [45], threshold: 0.5, recalibrate: false, memory: 100, calibration: { minForecasts: 1 } } });
    h.report('a', 'load', 0.75);
    h.service.scanOverloads({ threshold: 0.5 });
    expect(h.service.metrics().prediction).toMatchObject({ threshold: 0.5, horizons: [{ horizon_seconds: 45, pending: 1 }] });
    expect(() => createHarness({ prediction: { scoredHorizons: [601] } })).toThrow(/horizon_seconds/);
  });

  it('recalibrates a model that the agents mislead: its published probabilities score better than its raw ones', () => {
    const h = createHarness({ prediction: { calibration: { minForecasts: 300 } } });
    // The agents say their tasks take 0.5 s; they take 8 s. Nobody routes through the service,
    // so the model trusts the latency signal and expects every queue to clear in moments.
    const agents: QueueAgentSpec[] = Array.from({ length: 24 }, (_, i) => ({
      id: `liar-${i}`,
      slots: 1 + (i % 4),
      queue: 6,
      serviceMs: 8_000,
      reportedLatencyMs: 500,
      visibleShare: 0,
      rate: (t: number) => ((1 + (i % 4)) / 8) * (0.5 + 0.4 * Math.sin(t / 200_000 + i)),
    }));
    runQueueAgents(h, agents, 3_600_000, { scanEveryMs: 15_000, seed: 3 });
    for (const horizon of h.service.metrics().prediction.horizons) {
      expect(horizon.recalibrated).toBe(true);
      expect(horizon.brier).toBeLessThan(horizon.brier_uncalibrated);
      expect(horizon.ece).toBeLessThan(0.05);
      // Every scan's forecast was kept: the pending slots cover a horizon's worth of scans.
      expect(horizon.skipped).toBe(0);
    }
  });
});
