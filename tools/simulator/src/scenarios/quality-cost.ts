import { agent, workload, type ScenarioBuilder } from './fleet';

export const qualityCostScenario: ScenarioBuilder = ({ sampler, quick, durationMs }) => {
  const tiers = [
    { tier: 'premium', quality: 0.95, cost: 1.0, c: 4, s: 2500 },
    { tier: 'standard', quality: 0.84, cost: 0.5, c: 4, s: 2000 },
    { tier: 'budget', quality: 0.62, cost: 0.15, c: 6, s: 1500 },
  ];
  const perTier = quick ? 2 : 4;
  const agents = tiers.flatMap((t) =>
    Array.from({ length: perTier }, (_, i) =>
      agent(`${t.tier}-${i}`, { quality: t.quality, costPerTask: t.cost, maxConcurrency: t.c, maxQueue: 5 * t.c, meanServiceMs: t.s }),
    ),
  );
  return {
    name: 'quality-cost',
    title: 'Quality / cost trade-off',
    description: 'Premium, standard and budget agents; most tasks need quality 0.7 or more, which budget agents rarely reach. 45 % utilisation of the whole fleet, ≈ 65 % of the agents good enough for most tasks.',
    durationMs,
    agents,
    workload: workload(sampler, agents, durationMs, 0.45),
  };
};
