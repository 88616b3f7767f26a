import { TASK_OUTCOMES, type ScenarioSpec, type TaskOutcome } from './engine/model';
import type { RunMetrics, RunResult } from './engine/run-types';
import { simulate } from './engine/simulation';
import { generateTasks } from './engine/workload';
import { emptyTally, mergeTallies, scoreTally, type ClassifierScore, type ClassifierTally } from './prediction/classifier-tally';
import { buildScenario, type ScenarioName } from './scenarios/catalog';
import type { SimStrategyName } from './strategies/catalog';
import { variantStrategy, type RippleVariant } from './strategies/variants';

export interface ComparisonOptions {
  scenarios: readonly ScenarioName[];
  strategies: readonly SimStrategyName[];
  seeds: readonly number[];
  quick?: boolean;
  /** Ripple variants to run beside the strategies: shipped changes taken back, or proposals. */
  variants?: readonly RippleVariant[];
  loadReporting?: 'instant' | 'interval-mean';
  /**
   * Also run power-of-two choices once per scenario and seed with agents reporting their
   * interval-mean load, scoring prediction under keys prefixed `interval-mean:`, beside the
   * same strategy's runs with instantaneous reports (prefix `instant:`). Power-of-two ignores
   * signals, so both see identical load traces: only what the agents report differs.
   */
  loadReportingExperiment?: boolean;
  onProgress?: (done: number, total: number, label: string) => void;
}

/** Metrics averaged over seeds; outcome counts summed. */
export type AveragedMetrics = Omit<RunMetrics, 'outcomes'> & { outcomes: Record<TaskOutcome, number> };

export interface ScenarioSummary {
  name: ScenarioName;
  title: string;
  description: string;
  agents: number;
  durationSeconds: number;
  /** Tasks per seed (mean). */
  tasks: number;
  /** Keyed by strategy name or variant name. */
  results: Record<string, AveragedMetrics>;
}

export interface ComparisonResult {
  seeds: number[];
  quick: boolean;
  strategies: SimStrategyName[];
  variants: Array<Pick<RippleVariant, 'name' | 'description' | 'kind'>>;
  scenarios: ScenarioSummary[];
  /** Overload prediction over every run's traces, keyed as in RunResult.prediction. */
  prediction: Record<string, ClassifierScore>;
  /** Prediction on the traces of each scenario (all strategies), core model at 30 s. */
  predictionByScenario: Record<string, Record<string, ClassifierScore>>;
}

const EXPERIMENT_STRATEGY: SimStrategyName = 'power-of-two';

/** Runs every (scenario, strategy, seed), sharing each scenario's task stream across strategies. */
export function runComparison(options: ComparisonOptions): ComparisonResult {
  const variants = options.variants ?? [];
  const labels = [...options.strategies, ...variants.map((v) => v.name)];
  const extra = options.loadReportingExperiment === true ? 1 : 0;
  const total = options.scenarios.length * options.seeds.length * (labels.length + extra);
  let done = 0;
  const predictionTotals: Record<string, ClassifierTally> = {};
  const predictionByScenario: Record<string, Record<string, ClassifierScore>> = {};
  const scenarios: ScenarioSummary[] = [];
  for (const name of options.scenarios) {
    const runs = new Map<string, RunResult[]>();
    const scenarioTallies: Record<string, ClassifierTally> = {};
    let spec = buildScenario(name, { seed: options.seeds[0], quick: options.quick });
    let taskCount = 0;
    for (const seed of options.seeds) {
      spec = buildScenario(name, { seed, quick: options.quick });
      const tasks = generateTasks(spec, seed);
      taskCount += tasks.length;
      for (const label of labels) {
        const variant = variants.find((v) => v.name === label);
        const result =
          variant === undefined
            ? simulate({ scenario: spec, strategy: label as SimStrategyName, seed, tasks, loadReporting: options.loadReporting })
            : simulate({
                scenario: spec,
                strategy: 'ripple',
                seed,
                tasks,
                coordination: variant.coordination,
                selection: variant.selection,
                evaluatePrediction: false,
                strategyOverride: ({ service }) => variantStrategy(service, variant),
              });
        const list = runs.get(label) ?? [];
        list.push(result);
        runs.set(label, list);
        for (const [key, tally] of Object.entries(result.prediction)) {
          mergeTallies((predictionTotals[key] ??= emptyTally()), tally);
          mergeTallies((scenarioTallies[key] ??= emptyTally()), tally);
          if (extra === 1 && label === EXPERIMENT_STRATEGY) mergeTallies((predictionTotals[`instant:${key}`] ??= emptyTally()), tally);
        }
        done++;
        options.onProgress?.(done, total, `${name} · ${label} · seed ${seed}`);
      }
      if (extra === 1) {
        const result = simulate({ scenario: spec, strategy: EXPERIMENT_STRATEGY, seed, tasks, loadReporting: 'interval-mean' });
        for (const [key, tally] of Object.entries(result.prediction)) {
          mergeTallies((predictionTotals[`interval-mean:${key}`] ??= emptyTally()), tally);
        }
        done++;
        options.onProgress?.(done, total, `${name} · interval-mean load reports · seed ${seed}`);
      }
    }
    predictionByScenario[name] = Object.fromEntries(Object.entries(scenarioTallies).map(([k, t]) => [k, scoreTally(t)]));
    scenarios.push(scenarioSummary(name, spec, taskCount / options.seeds.length, runs));
  }
  return {
    seeds: [...options.seeds],
    quick: options.quick === true,
    strategies: [...options.strategies],
    variants: variants.map((v) => ({ name: v.name, description: v.description, kind: v.kind })),
    scenarios,
    prediction: Object.fromEntries(Object.entries(predictionTotals).map(([k, t]) => [k, scoreTally(t)])),
    predictionByScenario,
  };
}

/** One scenario's row of the comparison: its description and each label's metrics averaged over the seeds. */
export function scenarioSummary(
  name: ScenarioName,
  spec: ScenarioSpec,
  tasksPerSeed: number,
  runs: ReadonlyMap<string, readonly RunResult[]>,
): ScenarioSummary {
  return {
    name,
    title: spec.title,
    description: spec.description,
    agents: spec.agents.length,
    durationSeconds: spec.durationMs / 1000,
    tasks: Math.round(tasksPerSeed),
    results: Object.fromEntries([...runs].map(([label, list]) => [label, average(list.map((r) => r.metrics))])),
  };
}

export function average(list: readonly RunMetrics[]): AveragedMetrics {
  const n = list.length;
  const avg = (f: (m: RunMetrics) => number) => list.reduce((s, m) => s + f(m), 0) / n;
  const outcomes = Object.fromEntries(TASK_OUTCOMES.map((o) => [o, list.reduce((s, m) => s + m.outcomes[o], 0)])) as Record<TaskOutcome, number>;
  return {
    tasks: avg((m) => m.tasks),
    outcomes,
    goodTasks: avg((m) => m.goodTasks),
    goodput: avg((m) => m.goodput),
    latencyMs: { p50: avg((m) => m.latencyMs.p50), p95: avg((m) => m.latencyMs.p95), p99: avg((m) => m.latencyMs.p99) },
    overloadEvents: avg((m) => m.overloadEvents),
    meanQuality: avg((m) => m.meanQuality),
    costPerTask: avg((m) => m.costPerTask),
    jain: avg((m) => m.jain),
    freshDecisions: avg((m) => m.freshDecisions),
    retriesPerTask: avg((m) => m.retriesPerTask),
  };
}
