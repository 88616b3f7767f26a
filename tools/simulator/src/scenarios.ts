import type { AgentSpec, BurstSpec, FailureSpec, ScenarioSpec, Weighted, WorkloadSpec } from './model';
import { Sampler } from './random';

export const SCENARIO_NAMES = [
  'steady',
  'heterogeneous',
  'spike',
  'degrading',
  'failures',
  'quality-cost',
  'scale-200',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface ScenarioOptions {
  seed: number;
  /** Shorter runs and smaller fleets, for tests and `--quick`. */
  quick?: boolean;
}

const CAPABILITIES = ['summarise', 'code', 'search'] as const;
const uniformCapabilities: Weighted<string>[] = CAPABILITIES.map((value) => ({ value, weight: 1 }));
const standardQualityBar: Weighted<number>[] = [
  { value: 0.6, weight: 0.3 },
  { value: 0.7, weight: 0.5 },
  { value: 0.8, weight: 0.2 },
];

function agent(id: string, overrides: Partial<AgentSpec> = {}): AgentSpec {
  const maxConcurrency = overrides.maxConcurrency ?? 4;
  return {
    id,
    capabilities: CAPABILITIES,
    maxConcurrency,
    meanServiceMs: 2000,
    serviceCv: 0.5,
    loadStretch: 0.25,
    quality: 0.9,
    qualityNoise: 0.06,
    costPerTask: 0.5,
    maxQueue: 5 * maxConcurrency,
    reportIntervalMs: [10_000, 30_000],
    ...overrides,
  };
}

/** Tasks per second the fleet can serve with every slot busy (service stretched by full load). */
export function fleetThroughput(agents: readonly AgentSpec[]): number {
  return agents.reduce((sum, a) => sum + (a.maxConcurrency * 1000) / (a.meanServiceMs * (1 + (a.maxConcurrency > 1 ? a.loadStretch : 0))), 0);
}

/**
 * Random bursts on top of the Poisson base rate: burst starts are themselves a Poisson
 * process, each lasting tens of seconds at a moderately higher rate.
 */
function randomBursts(sampler: Sampler, durationMs: number, meanGapMs: number): BurstSpec[] {
  const bursts: BurstSpec[] = [];
  let t = sampler.exponential(meanGapMs);
  while (t < durationMs) {
    bursts.push({ startMs: t, durationMs: sampler.between(10_000, 30_000), multiplier: sampler.between(1.3, 1.8) });
    t += sampler.exponential(meanGapMs);
  }
  return bursts;
}

function workload(
  sampler: Sampler,
  agents: readonly AgentSpec[],
  durationMs: number,
  utilisation: number,
  overrides: Partial<WorkloadSpec> = {},
): WorkloadSpec {
  // Bursts raise the mean rate; scale the base so the average load is the intended utilisation.
  const bursts = overrides.bursts ?? randomBursts(sampler, durationMs, 120_000);
  const extra = bursts.reduce((sum, b) => sum + (b.multiplier - 1) * Math.min(b.durationMs, durationMs - b.startMs), 0);
  const meanMultiplier = 1 + Math.max(0, extra) / durationMs;
  return {
    ratePerSecond: (utilisation * fleetThroughput(agents)) / meanMultiplier,
    bursts,
    capabilities: uniformCapabilities,
    deadlineMs: [6000, 12_000],
    minQuality: standardQualityBar,
    sizeCv: 0.4,
    ...overrides,
  };
}

export function buildScenario(name: ScenarioName, options: ScenarioOptions): ScenarioSpec {
  const sampler = new Sampler(Sampler.streamSeed(options.seed, `scenario:${name}`));
  const quick = options.quick === true;
  const durationMs = quick ? 150_000 : 600_000;
  switch (name) {
    case 'steady': {
      const agents = Array.from({ length: quick ? 6 : 12 }, (_, i) => agent(`steady-${i}`));
      return {
        name,
        title: 'Steady, homogeneous',
        description: 'Identical agents, Poisson arrivals with mild bursts at 75 % utilisation.',
        durationMs,
        agents,
        workload: workload(sampler, agents, durationMs, 0.75),
      };
    }
    case 'heterogeneous': {
      const shapes: Array<[number, number]> = [
        [1, 1500], [1, 3000], [2, 2000], [2, 4000], [4, 1500], [4, 3000],
        [8, 2000], [8, 4000], [16, 2500], [16, 1500], [4, 2000], [2, 1000],
      ];
      const agents = shapes
        .slice(0, quick ? 6 : 12)
        .map(([c, s], i) => agent(`het-${i}`, { maxConcurrency: c, maxQueue: 5 * c, meanServiceMs: s, quality: sampler.between(0.82, 0.94) }));
      return {
        name,
        title: 'Heterogeneous capacity',
        description: 'Agents with 1 to 16 slots and 1–4 s service times at 75 % utilisation.',
        durationMs,
        agents,
        workload: workload(sampler, agents, durationMs, 0.75),
      };
    }
    case 'spike': {
      const agents = Array.from({ length: quick ? 6 : 12 }, (_, i) => {
        const c = [2, 4, 8][i % 3];
        return agent(`spike-${i}`, { maxConcurrency: c, maxQueue: 5 * c, meanServiceMs: 1500 + 500 * (i % 4) });
      });
      const spike: BurstSpec = { startMs: durationMs * 0.4, durationMs: durationMs * 0.1, multiplier: 2.2 };
      return {
        name,
        title: 'Load spike',
        description: 'Mixed fleet at 55 % utilisation, then a spike to 2.2× the rate (≈ 120 % of capacity) for a tenth of the run.',
        durationMs,
        agents,
        workload: workload(sampler, agents, durationMs, 0.55, { bursts: [spike, ...randomBursts(sampler, durationMs, 200_000)] }),
      };
    }
    case 'degrading': {
      const count = quick ? 6 : 10;
      const agents = Array.from({ length: count }, (_, i) =>
        agent(`deg-${i}`, {
          degradation:
            i === 1 ? { startMs: durationMs * 0.2, rampMs: durationMs * 0.3, slowdown: 8, qualityDrop: 0.3 } : undefined,
        }),
      );
      return {
        name,
        title: 'One agent degrading into overload',
        description: 'Ten identical agents at 70 % utilisation; one slows down 8× and loses quality over a third of the run, but keeps accepting work.',
        durationMs,
        agents,
        workload: workload(sampler, agents, durationMs, 0.7),
      };
    }
    case 'failures': {
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
        name,
        title: 'Agent failures',
        description: 'Half the agents crash or drain once or twice (30–90 s outages); 65 % utilisation of the full fleet.',
        durationMs,
        agents,
        workload: workload(sampler, agents, durationMs, 0.65),
      };
    }
    case 'quality-cost': {
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
        name,
        title: 'Quality / cost trade-off',
        description: 'Premium, standard and budget agents; most tasks need quality 0.7 or more, which budget agents rarely reach. 45 % utilisation of the whole fleet, ≈ 65 % of the agents good enough for most tasks.',
        durationMs,
        agents,
        workload: workload(sampler, agents, durationMs, 0.45),
      };
    }
    case 'scale-200':
      return scaleScenario(sampler, quick);
  }
}

function scaleScenario(sampler: Sampler, quick: boolean): ScenarioSpec {
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
}
