import type { FailureSpec } from '../engine/model';
import { agent, workload, type ScenarioBuilder } from './fleet';

export const failuresScenario: ScenarioBuilder = ({ sampler, quick, durationMs }) => {
  const count = quick ? 6 : 12;
  const agents = Array.from({ length: count }, (_, i) => {
    const failures: FailureSpec[] = [];
    // Every other agent fails once or twice at a random time; half the outages are announced.
    if (i % 2 === 0) {
      const outages = 1 + sampler.int(2);
      for (let k = 0; k < outages; k++) {
        failures.push({
          atMs: sampler.between(0.1, 0.85) * durationMs,
          downMs: sampler.between(30_000, 90_000),
          graceful: sampler.chance(0.5),
        });
      }
      failures.sort((a, b) => a.atMs - b.atMs);
    }
    return agent(`fail-${i}`, { maxConcurrency: i % 3 === 0 ? 8 : 4, maxQueue: i % 3 === 0 ? 40 : 20, failures });
  });
  return {
    name: 'failures',
    title: 'Agent failures',
    description: 'Half the agents crash or drain once or twice (30–90 s outages); 65 % utilisation of the full fleet.',
    durationMs,
    agents,
    workload: workload(sampler, agents, durationMs, 0.65),
  };
};
