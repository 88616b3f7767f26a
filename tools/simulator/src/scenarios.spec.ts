import { buildScenario, fleetThroughput, SCENARIO_NAMES } from './scenarios';
import { generateTasks, rateMultiplier } from './workload';

describe('scenarios', () => {
  it.each(SCENARIO_NAMES)('builds %s deterministically from the seed', (name) => {
    const a = buildScenario(name, { seed: 9 });
    expect(buildScenario(name, { seed: 9 })).toEqual(a);
    expect(a.agents.length).toBeGreaterThanOrEqual(10);
    expect(new Set(a.agents.map((x) => x.id)).size).toBe(a.agents.length);
    expect(a.workload.ratePerSecond).toBeGreaterThan(0);
    const quick = buildScenario(name, { seed: 9, quick: true });
    expect(quick.durationMs).toBeLessThan(a.durationMs);
  });

  it('has a 200-agent scale run', () => {
    expect(buildScenario('scale-200', { seed: 1 }).agents).toHaveLength(200);
  });

  it('sizes the arrival rate from what the fleet can serve', () => {
    const s = buildScenario('steady', { seed: 1 });
    const throughput = fleetThroughput(s.agents);
    expect(throughput).toBeCloseTo((12 * 4 * 1000) / (2000 * 1.25));
    expect(s.workload.ratePerSecond).toBeLessThanOrEqual(0.75 * throughput);
  });
});

describe('workload', () => {
  it('draws the same tasks for the same seed, with bursts raising the rate', () => {
    const s = buildScenario('spike', { seed: 4, quick: true });
    const tasks = generateTasks(s, 4);
    expect(generateTasks(s, 4)).toEqual(tasks);
    expect(tasks.every((t, i) => i === 0 || t.arrivalMs >= tasks[i - 1].arrivalMs)).toBe(true);
    const spike = s.workload.bursts[0];
    expect(rateMultiplier(s.workload, spike.startMs + 1)).toBeGreaterThanOrEqual(2.2);
    expect(rateMultiplier({ ...s.workload, bursts: [] }, spike.startMs + 1)).toBe(1);
    const inSpike = tasks.filter((t) => t.arrivalMs >= spike.startMs && t.arrivalMs < spike.startMs + spike.durationMs).length;
    const before = tasks.filter((t) => t.arrivalMs >= spike.startMs - spike.durationMs && t.arrivalMs < spike.startMs).length;
    expect(inSpike).toBeGreaterThan(before * 1.5);
  });
});
