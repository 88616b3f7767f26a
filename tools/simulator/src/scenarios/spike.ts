import type { BurstSpec } from '../engine/model';
import { agent, randomBursts, workload, type ScenarioBuilder } from './fleet';

export const spikeScenario: ScenarioBuilder = ({ sampler, quick, durationMs }) => {
  const agents = Array.from({ length: quick ? 6 : 12 }, (_, i) => {
    const c = [2, 4, 8][i % 3];
    return agent(`spike-${i}`, { maxConcurrency: c, maxQueue: 5 * c, meanServiceMs: 1500 + 500 * (i % 4) });
  });
  const spike: BurstSpec = { startMs: durationMs * 0.4, durationMs: durationMs * 0.1, multiplier: 2.2 };
  return {
    name: 'spike',
    title: 'Load spike',
    description: 'Mixed fleet at 55 % utilisation, then a spike to 2.2× the rate (≈ 120 % of capacity) for a tenth of the run.',
    durationMs,
    agents,
    workload: workload(sampler, agents, durationMs, 0.55, { bursts: [spike, ...randomBursts(sampler, durationMs, 200_000)] }),
  };
};
