import { agent, workload, type ScenarioBuilder } from './fleet';

export const steadyScenario: ScenarioBuilder = ({ sampler, quick, durationMs }) => {
  const agents = Array.from({ length: quick ? 6 : 12 }, (_, i) => agent(`steady-${i}`));
  return {
    name: 'steady',
    title: 'Steady, homogeneous',
    description: 'Identical agents, Poisson arrivals with mild bursts at 75 % utilisation.',
    durationMs,
    agents,
    workload: workload(sampler, agents, durationMs, 0.75),
  };
};
