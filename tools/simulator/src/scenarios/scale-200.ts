import { agent, workload, type ScenarioBuilder } from './fleet';

export const scale200Scenario: ScenarioBuilder = ({ sampler, quick }) => {
  const durationMs = quick ? 120_000 : 300_000;
  const count = quick ? 40 : 200;
  const capabilities = ['summarise', 'code', 'search', 'translate', 'plan', 'review'];
  const agents = Array.from({ length: count }, (_, i) => {
    const c = [1, 2, 4, 8, 16][sampler.int(5)];
    const own = new Set<string>([capabilities[i % capabilities.length]]);
    const extra = sampler.int(3);
    for (let k = 0; k < extra; k++) own.add(capabilities[sampler.int(capabilities.length)]);
    const spec = agent(`agent-${String(i).padStart(3, '0')}`, {
      capabilities: [...own].sort(),
      maxConcurrency: c,
      maxQueue: 5 * c,
      meanServiceMs: sampler.between(1000, 4000),
      quality: sampler.between(0.6, 0.95),
      costPerTask: sampler.between(0.1, 1),
    });
    // A few agents degrade and a few fail: at this size something is always going wrong somewhere.
    if (i % 20 === 7) {
      spec.degradation = { startMs: sampler.between(0.1, 0.5) * durationMs, rampMs: 60_000, slowdown: 5, qualityDrop: 0.2 };
    }
    if (i % 20 === 13) {
      spec.failures = [{ atMs: sampler.between(0.1, 0.8) * durationMs, downMs: sampler.between(30_000, 90_000), graceful: sampler.chance(0.5) }];
    }
    return spec;
  });
  return {
    name: 'scale-200',
    title: `${count}-agent scale run`,
    description: `${count} agents with 1–3 of 6 capabilities, 1–16 slots, mixed speed, quality and cost; a few degrade or fail. 65 % utilisation.`,
    durationMs,
    agents,
    workload: workload(sampler, agents, durationMs, 0.65, { capabilities: capabilities.map((value) => ({ value, weight: 1 })) }),
  };
};
