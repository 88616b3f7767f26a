import { agent, workload, type ScenarioBuilder } from './fleet';

export const degradingScenario: ScenarioBuilder = ({ sampler, quick, durationMs }) => {
  const count = quick ? 6 : 10;
  const agents = Array.from({ length: count }, (_, i) =>
    agent(`deg-${i}`, {
      degradation:
        i === 1 ? { startMs: durationMs * 0.2, rampMs: durationMs * 0.3, slowdown: 8, qualityDrop: 0.3 } : undefined,
    }),
  );
  return {
    name: 'degrading',
    title: 'One agent degrading into overload',
    description: 'Ten identical agents at 70 % utilisation; one slows down 8× and loses quality over a third of the run, but keeps accepting work.',
    durationMs,
    agents,
    workload: workload(sampler, agents, durationMs, 0.7),
  };
};
