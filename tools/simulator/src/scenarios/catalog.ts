import type { ScenarioSpec } from '../engine/model';
import { Sampler } from '../engine/random';
import { degradingScenario } from './degrading';
import { failuresScenario } from './failures';
import type { ScenarioBuilder } from './fleet';
import { heterogeneousScenario } from './heterogeneous';
import { qualityCostScenario } from './quality-cost';
import { scale200Scenario } from './scale-200';
import { spikeScenario } from './spike';
import { steadyScenario } from './steady';

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

/** One builder per named scenario, each in its own file. */
const BUILDERS: Readonly<Record<ScenarioName, ScenarioBuilder>> = {
  steady: steadyScenario,
  heterogeneous: heterogeneousScenario,
  spike: spikeScenario,
  degrading: degradingScenario,
  failures: failuresScenario,
  'quality-cost': qualityCostScenario,
  'scale-200': scale200Scenario,
};

/** A named scenario, drawn from its own stream of the seed. */
export function buildScenario(name: ScenarioName, options: ScenarioOptions): ScenarioSpec {
  const sampler = new Sampler(Sampler.streamSeed(options.seed, `scenario:${name}`));
  const quick = options.quick === true;
  return BUILDERS[name]({ sampler, quick, durationMs: quick ? 150_000 : 600_000 });
}
