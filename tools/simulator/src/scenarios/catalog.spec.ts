import { buildScenario, SCENARIO_NAMES } from './catalog';

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
});
