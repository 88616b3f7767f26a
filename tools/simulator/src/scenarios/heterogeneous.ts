import { agent, workload, type ScenarioBuilder } from './fleet';

export const heterogeneousScenario: ScenarioBuilder = ({ sampler, quick, durationMs }) => {
  const shapes: Array<[number, number]> = [
    [1, 1500], [1, 3000], [2, 2000], [2, 4000], [4, 1500], [4, 3000],
    [8, 2000], [8, 4000], [16, 2500], [16, 1500], [4, 2000], [2, 1000],
  ];
  const agents = shapes
    .slice(0, quick ? 6 : 12)
    .map(([c, s], i) => agent(`het-${i}`, { maxConcurrency: c, maxQueue: 5 * c, meanServiceMs: s, quality: sampler.between(0.82, 0.94) }));
  return {
    name: 'heterogeneous',
    title: 'Heterogeneous capacity',
    description: 'Agents with 1 to 16 slots and 1–4 s service times at 75 % utilisation.',
    durationMs,
    agents,
    workload: workload(sampler, agents, durationMs, 0.75),
  };
};
