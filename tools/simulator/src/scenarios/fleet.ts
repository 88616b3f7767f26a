import type { AgentSpec, BurstSpec, ScenarioSpec, Weighted, WorkloadSpec } from '../engine/model';
import type { Sampler } from '../engine/random';

// The building blocks every named scenario is made of: a default agent, the workload sized
// from what the fleet can serve, and random bursts.

/** What a scenario is built from: its own random stream, the run length and whether it is a quick run. */
export interface ScenarioBuild {
  sampler: Sampler;
  /** Shorter runs and smaller fleets, for tests and `--quick`. */
  quick: boolean;
  /** Arrival period of the standard scenarios (scale-200 sets its own). */
  durationMs: number;
}

export type ScenarioBuilder = (build: ScenarioBuild) => ScenarioSpec;

const CAPABILITIES = ['summarise', 'code', 'search'] as const;
const uniformCapabilities: Weighted<string>[] = CAPABILITIES.map((value) => ({ value, weight: 1 }));
const standardQualityBar: Weighted<number>[] = [
  { value: 0.6, weight: 0.3 },
  { value: 0.7, weight: 0.5 },
  { value: 0.8, weight: 0.2 },
];

/** An agent with the defaults scenarios start from: 4 slots, 2 s tasks, quality 0.9, every standard capability. */
export function agent(id: string, overrides: Partial<AgentSpec> = {}): AgentSpec {
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
export function randomBursts(sampler: Sampler, durationMs: number, meanGapMs: number): BurstSpec[] {
  const bursts: BurstSpec[] = [];
  let t = sampler.exponential(meanGapMs);
  while (t < durationMs) {
    bursts.push({ startMs: t, durationMs: sampler.between(10_000, 30_000), multiplier: sampler.between(1.3, 1.8) });
    t += sampler.exponential(meanGapMs);
  }
  return bursts;
}

/** The workload: Poisson arrivals at `utilisation` of what the fleet can serve, standard deadlines and quality bars. */
export function workload(
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
