import { createHarness, type Harness } from '../test/harness';
import { runQueueAgents } from '../test/queue-agent';
import { ValidationError } from './errors';
import { OverloadPredictionSchema, type OverloadPrediction } from './models';
import { normalCdf } from './normal';

/** Reports an agent with `slots` slots and task time `latencyMs`: its loads `stepMs` apart, ending now. */
function reportLoads(h: Harness, agentId: string, loads: number[], options: { slots?: number; latencyMs?: number; stepMs?: number } = {}): void {
  const { slots = 4, latencyMs = 5_000, stepMs = 10_000 } = options;
  loads.forEach((load, i) => {
    if (i > 0) h.advance(stepMs);
    h.service.registerSignals([
      { agent_id: agentId, signal_type: 'load', value: load, ttl_seconds: 600 },
      { agent_id: agentId, signal_type: 'capacity', value: slots / 16, ttl_seconds: 600 },
      { agent_id: agentId, signal_type: 'latency', value: latencyMs / 10_000, ttl_seconds: 600 },
    ]);
  });
}

const probability = (p: OverloadPrediction | null): number => p?.probability ?? Number.NaN;

describe('predictOverload: the chance a load report within the horizon reads at or above the threshold', () => {
  it('answers in the documented shape, with the time to the first high report when overload is likely', () => {
    const h = createHarness();
    reportLoads(h, 'a', [0.5, 0.75, 0.75, 1]);
    const prediction = h.service.predictOverload('a');
    expect(OverloadPredictionSchema.parse(prediction)).toEqual(prediction);
    expect(prediction).toMatchObject({ agent_id: 'a', will_overload: true, horizon_seconds: 60, threshold: 0.8, samples: 4 });
    expect(prediction?.probability).toBeGreaterThan(0.9);
    expect(prediction?.current_load).toBe(1);
    // The next report is due in about 10 s: that is when the overload is seen.
    expect(prediction?.time_to_overload_seconds).toBeCloseTo(10, 0);
  });

  it('a one-slot queue touches 100 % often; an eight-slot one at the same utilisation rarely reaches 80 %', () => {
    const h = createHarness();
    // Both half busy on average (arrivals × task time = 0.5 × slots), both idle-ish right now.
    runQueueAgents(
      h,
      [
        { id: 'one', slots: 1, queue: 2, serviceMs: 4_000, rate: () => 0.125 },
        { id: 'eight', slots: 8, queue: 8, serviceMs: 4_000, rate: () => 1 },
      ],
      600_000,
    );
    const one = probability(h.service.predictOverload('one', { horizonSeconds: 30 }));
    const eight = probability(h.service.predictOverload('eight', { horizonSeconds: 30 }));
    expect(one).toBeGreaterThan(0.6);
    expect(eight).toBeLessThan(0.2);
  });

  it('sees a rising arrival rate in the picks before the load reports show it', () => {
    const h = createHarness();
    const steady = () => 0.4; // 40 % of 4 slots with 4 s tasks
    const rising = (t: number) => (t < 591_000 ? 0.4 : 3); // the burst starts after the last report (590 s)
    const run = runQueueAgents(
      h,
      [
        { id: 'steady', slots: 4, queue: 8, serviceMs: 4_000, rate: steady },
        { id: 'rising', slots: 4, queue: 8, serviceMs: 4_000, rate: rising },
      ],
      599_000,
    );
    const lastReport = run.reports.get('rising')?.at(-1);
    expect(lastReport).toMatchObject({ atMs: 590_000 });
    expect(lastReport?.load).toBeLessThan(0.8);
    const calm = probability(h.service.predictOverload('steady', { horizonSeconds: 30 }));
    const burst = probability(h.service.predictOverload('rising', { horizonSeconds: 30 }));
    expect(burst).toBeGreaterThan(0.8);
    expect(burst).toBeGreaterThan(calm + 0.4);
  });

  it('forecasts from the reports alone when the service routes none of the work', () => {
    const h = createHarness();
    // The same two agents, but nobody tells the service of their picks and ends.
    runQueueAgents(
      h,
      [
        { id: 'light', slots: 4, queue: 8, serviceMs: 4_000, rate: () => 0.3, visibleShare: 0 },
        { id: 'heavy', slots: 4, queue: 8, serviceMs: 4_000, rate: () => 1.1, visibleShare: 0 },
      ],
      600_000,
    );
    const light = h.service.predictOverload('light', { horizonSeconds: 60 });
    const heavy = h.service.predictOverload('heavy', { horizonSeconds: 60 });
    expect(light?.samples).toBeGreaterThan(50);
    expect(probability(heavy)).toBeGreaterThan(0.9);
    expect(probability(light)).toBeLessThan(probability(heavy) - 0.3);
  });

  it('reads a rising load trend as a queue taking in more than it serves', () => {
    const flat = createHarness();
    reportLoads(flat, 'a', [0.5, 0.5, 0.5, 0.5, 0.5], { slots: 8, latencyMs: 9_000 });
    const rising = createHarness();
    reportLoads(rising, 'a', [0.25, 0.375, 0.5, 0.625, 0.75], { slots: 8, latencyMs: 9_000 });
    expect(probability(rising.service.predictOverload('a'))).toBeGreaterThan(probability(flat.service.predictOverload('a')) + 0.2);
  });

  it('is unsure with a single report rather than certain', () => {
    const h = createHarness();
    h.report('a', 'load', 0.75);
    const p = probability(h.service.predictOverload('a'));
    expect(p).toBeGreaterThan(0.05);
    expect(p).toBeLessThan(0.95);
    const low = createHarness();
    low.report('a', 'load', 0.1);
    expect(probability(low.service.predictOverload('a'))).toBeLessThan(p);
  });

  it('looks further with a longer horizon, never less likely', () => {
    const h = createHarness();
    reportLoads(h, 'a', [0.5, 0.75, 0.5, 0.5, 0.75, 0.5]);
    const at = (horizonSeconds: number) => probability(h.service.predictOverload('a', { horizonSeconds }));
    expect(at(5)).toBeLessThan(at(30));
    expect(at(30)).toBeLessThan(at(60));
    expect(at(60)).toBeLessThanOrEqual(at(600) + 1e-9);
    expect(at(600)).toBeLessThanOrEqual(1);
    // No report is due within 5 s of one just received: nothing can be seen that soon.
    expect(at(5)).toBeLessThan(0.01);
    expect(() => at(601)).toThrow(/horizon_seconds must be > 0 and <= 600/);
  });

  it('answers against the threshold asked for', () => {
    const h = createHarness();
    reportLoads(h, 'a', [0.25, 0.5, 0.25, 0.5]);
    expect(probability(h.service.predictOverload('a', { threshold: 0.25 }))).toBeGreaterThan(probability(h.service.predictOverload('a', { threshold: 1 })));
    expect(h.service.predictOverload('a', { threshold: 0.25 })?.will_overload).toBe(true);
    expect(h.service.predictOverload('a', { horizonSeconds: 30, threshold: 0.9 })).toMatchObject({ horizon_seconds: 30, threshold: 0.9 });
  });

  it('gives no time to overload when overload is unlikely', () => {
    const h = createHarness();
    reportLoads(h, 'a', [0, 0, 0.25, 0], { latencyMs: 1_000 });
    expect(h.service.predictOverload('a')).toMatchObject({ will_overload: false, time_to_overload_seconds: null });
  });

  it('infers the slots from the lattice the reports sit on when there is no capacity signal', () => {
    const h = createHarness();
    for (const load of [0.5, 1, 0.5, 0, 0.5]) {
      h.report('a', 'load', load);
      h.advance(10_000);
    }
    // Reports of 0, 0.5 and 1 only: a two-slot agent, busy half the time; a report at 0.8 or more is likely.
    expect(probability(h.service.predictOverload('a'))).toBeGreaterThan(0.5);
  });

  it('follows an agent bigger than the chain in groups of slots', () => {
    const h = createHarness();
    reportLoads(h, 'big', [0.5, 0.5, 0.5], { slots: 16 });
    reportLoads(h, 'big-high', [0.95, 0.95, 1], { slots: 16 });
    expect(probability(h.service.predictOverload('big'))).toBeLessThan(probability(h.service.predictOverload('big-high')));
  });

  it.each([
    [{ threshold: 0 }, ['threshold']],
    [{ threshold: 1.2 }, ['threshold']],
    [{ threshold: Number.NaN }, ['threshold']],
    [{ horizonSeconds: 0 }, ['horizon_seconds']],
    [{ horizonSeconds: -5 }, ['horizon_seconds']],
    [{ horizonSeconds: Number.POSITIVE_INFINITY }, ['horizon_seconds']],
    [{ horizonSeconds: 86_401, threshold: -1 }, ['horizon_seconds', 'threshold']],
  ])('rejects options %p', (options, paths) => {
    const h = createHarness();
    h.report('a', 'load', 0.5);
    try {
      h.service.predictOverload('a', options);
      throw new Error('expected a ValidationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual(paths);
    }
  });

  it('weighs load reports by their confidence: an untrusted report is absent here too', () => {
    const h = createHarness();
    h.report('a', 'load', 1, { confidence: 0 });
    expect(h.service.getState('a')?.load_score).toBe(0.5);
    expect(h.service.predictOverload('a')).toMatchObject({ will_overload: false, probability: 0, samples: 0 });
  });

  it('returns null for an unknown agent', () => {
    expect(createHarness().service.predictOverload('nobody')).toBeNull();
  });

  it('predicts nothing for an agent with no active load signal: expired = absent', () => {
    const h = createHarness();
    h.report('a', 'quality', 0.9);
    expect(h.service.predictOverload('a')).toMatchObject({ will_overload: false, probability: 0, samples: 0 });
    h.report('c', 'load', 1, { ttl_seconds: 1 });
    h.advance(30_000);
    expect(h.service.getState('c')?.signals.load).toBeUndefined();
    expect(h.service.predictOverload('c')).toMatchObject({ will_overload: false, probability: 0, samples: 0 });
  });

  it('treats a report stamped slightly ahead (clock skew) as now', () => {
    const h = createHarness();
    h.report('a', 'load', 1, { timestamp: h.now() + 5_000 });
    expect(h.service.predictOverload('a')).toMatchObject({ current_load: 1, samples: 1 });
  });

  it('emits and counts a predicted overload; scanOverloads returns the agents at risk', () => {
    const h = createHarness();
    const seen: OverloadPrediction[] = [];
    const unsubscribe = h.service.on('overloadPredicted', (p) => seen.push(p));
    reportLoads(h, 'calm', [0, 0.25, 0, 0.25], { latencyMs: 1_000 });
    reportLoads(h, 'busy', [1, 1, 1, 1]);
    h.report('quiet', 'quality', 1);
    const atRisk = h.service.scanOverloads();
    expect(atRisk.map((p) => p.agent_id)).toEqual(['busy']);
    expect(seen.map((p) => p.agent_id)).toEqual(['busy']);
    expect(h.service.metrics().overload_predictions).toBe(1);
    unsubscribe();
    h.service.predictOverload('busy');
    expect(seen).toHaveLength(1);
    expect(h.service.metrics().overload_predictions).toBe(2);
  });
});

describe('normalCdf', () => {
  it('matches known values of the standard normal distribution', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 3);
    expect(normalCdf(-1.96)).toBeCloseTo(0.025, 3);
    expect(normalCdf(-8)).toBeCloseTo(0, 6);
  });
});
