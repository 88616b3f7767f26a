import { scenarioSummary, type ComparisonResult, type ScenarioSummary } from '../compare';
import type { ScenarioSpec } from '../engine/model';
import type { RunResult } from '../engine/run-types';
import { simulate } from '../engine/simulation';
import { generateTasks } from '../engine/workload';
import { renderSummary } from '../report/report';
import { buildScenario, type ScenarioName } from '../scenarios/catalog';
import type { SimStrategyName } from '../strategies/catalog';
import { HTTP_RIPPLE_ENV, HTTP_SERVER_ENV, SERVER_TTL_SECONDS, simulateOverHttp, TIME_SCALE, type HttpTransport } from './http-run';
import { ServerProcess as CoordinationServerProcess } from '@agentcore/coordination-server/testing';

/** Column of ripple over an in-process service on the same compressed run, for reference. */
export const HTTP_REFERENCE = 'ripple (in-process)';
/** Bound on one `--http` invocation's wall time; larger requests are refused before anything starts. */
export const HTTP_WALL_BUDGET_MS = 55_000;
/** Per HTTP run, beyond the scaled scenario: server start-up and stop, draining, reporters' last flush. */
const RUN_OVERHEAD_MS = 3000;

export interface HttpComparisonOptions {
  scenarios: readonly ScenarioName[];
  /** Must include `ripple`, which runs over HTTP; the others run in virtual time. */
  strategies: readonly SimStrategyName[];
  seeds: readonly number[];
  /** Cap on the arrival period (virtual ms), for a shorter run than the quick scenario's own. */
  arrivalsMs?: number;
  onProgress?: (done: number, total: number, label: string) => void;
}

export interface HttpRunSummary {
  scenario: ScenarioName;
  seed: number;
  tasks: number;
  wallMs: number;
  /** Longest virtual-time slice simulated without yielding to the network. */
  maxStepVirtualMs: number;
  transport: HttpTransport;
}

export interface HttpComparisonResult {
  timeScale: number;
  comparison: ComparisonResult;
  runs: HttpRunSummary[];
}

/** The small, short (quick) build of a scenario, its arrivals optionally cut shorter. */
export function httpScenario(name: ScenarioName, seed: number, arrivalsMs?: number): ScenarioSpec {
  const spec = buildScenario(name, { seed, quick: true });
  return arrivalsMs === undefined ? spec : { ...spec, durationMs: Math.min(spec.durationMs, arrivalsMs) };
}

/** Virtual time a run lasts at least: arrivals, and outages scheduled beyond them. */
function virtualSpanMs(spec: ScenarioSpec): number {
  const outages = spec.agents.flatMap((a) => (a.failures ?? []).map((f) => f.atMs + f.downMs));
  return Math.max(spec.durationMs, ...outages);
}

/** Expected wall time of the HTTP runs an invocation asks for. */
export function estimateHttpWallMs(options: Pick<HttpComparisonOptions, 'scenarios' | 'seeds' | 'arrivalsMs'>): number {
  let total = 0;
  for (const name of options.scenarios) {
    for (const seed of options.seeds) total += virtualSpanMs(httpScenario(name, seed, options.arrivalsMs)) / TIME_SCALE + RUN_OVERHEAD_MS;
  }
  return total;
}

/**
 * Ripple over the whole product path against the baselines on the same compressed scenario
 * and seeds. Each HTTP run gets a fresh coordination-server child process on loopback, which
 * is stopped when the run ends, fails or throws. Strategies other than ripple ignore signals,
 * so they run in virtual time: pacing could not change a single one of their decisions.
 */
export async function runHttpComparison(options: HttpComparisonOptions): Promise<HttpComparisonResult> {
  if (!options.strategies.includes('ripple')) throw new Error('--http compares ripple over HTTP: include ripple in --strategies');
  const estimate = estimateHttpWallMs(options);
  if (estimate > HTTP_WALL_BUDGET_MS) {
    throw new Error(
      `--http would take about ${Math.round(estimate / 1000)} s, over its ${HTTP_WALL_BUDGET_MS / 1000} s bound: choose fewer scenarios or seeds`,
    );
  }
  const others = options.strategies.filter((s) => s !== 'ripple');
  const total = options.scenarios.length * options.seeds.length * (options.strategies.length + 1);
  let done = 0;
  const step = (label: string) => options.onProgress?.(++done, total, label);
  const scenarios: ScenarioSummary[] = [];
  const runs: HttpRunSummary[] = [];
  for (const name of options.scenarios) {
    const results = new Map<string, RunResult[]>();
    const add = (label: string, result: RunResult) => results.set(label, [...(results.get(label) ?? []), result]);
    let spec = httpScenario(name, options.seeds[0], options.arrivalsMs);
    let taskCount = 0;
    for (const seed of options.seeds) {
      spec = httpScenario(name, seed, options.arrivalsMs);
      const tasks = generateTasks(spec, seed);
      taskCount += tasks.length;
      for (const strategy of [...others, 'ripple' as const]) {
        add(strategy === 'ripple' ? HTTP_REFERENCE : strategy, simulate({ scenario: spec, strategy, seed, tasks, evaluatePrediction: false }));
        step(`${name} · ${strategy === 'ripple' ? HTTP_REFERENCE : strategy} · seed ${seed}`);
      }
      const server = await CoordinationServerProcess.start(HTTP_SERVER_ENV);
      try {
        const result = await simulateOverHttp({ scenario: spec, seed, tasks, serverUrl: server.url });
        add('ripple', result);
        const pacing = result.pacing as NonNullable<RunResult['pacing']>;
        runs.push({ scenario: name, seed, tasks: tasks.length, wallMs: pacing.wallMs, maxStepVirtualMs: pacing.maxStepVirtualMs, transport: result.http });
      } finally {
        await server.stop();
      }
      step(`${name} · ripple over HTTP · seed ${seed}`);
    }
    const ordered = new Map([...options.strategies, HTTP_REFERENCE].map((label) => [label, results.get(label) as RunResult[]]));
    scenarios.push(scenarioSummary(name, spec, taskCount / options.seeds.length, ordered));
  }
  return {
    timeScale: TIME_SCALE,
    comparison: {
      seeds: [...options.seeds],
      quick: true,
      strategies: [...options.strategies],
      variants: [{ name: HTTP_REFERENCE, kind: 'baseline', description: 'Ripple over an in-process coordination service, in virtual time, on the same compressed scenario: what the HTTP path is measured against.' }],
      scenarios,
      prediction: {},
      predictionByScenario: {},
    },
    runs,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** The summary table, then what ran over HTTP, how, and how it went on the wire. */
export function renderHttpSummary(result: HttpComparisonResult): string {
  const lines = [renderSummary(result.comparison), ''];
  lines.push(
    `Column "ripple": router-ripple in remote mode over HTTP against a coordination-server child process on 127.0.0.1; every agent reported through its own CoordinationClient and SignalReporter.`,
    `"${HTTP_REFERENCE}": the same strategy over an in-process service. Other columns: the same compressed scenario, tasks and seed in virtual time.`,
    `Scaled real time: ${result.timeScale}× (1 s of wall time = ${result.timeScale} s simulated); server signal TTL ${SERVER_TTL_SECONDS} s, ` +
      `score refresh every ${HTTP_RIPPLE_ENV.RIPPLE_REFRESH_INTERVAL_MS} ms, scores trusted for ${HTTP_RIPPLE_ENV.RIPPLE_MAX_STALENESS_MS} ms.`,
    'Not bit-for-bit reproducible: which reports and refreshes have landed when a decision is made depends on real scheduling, so the ripple column varies a little between identical runs. The other columns are deterministic.',
  );
  for (const run of result.runs) {
    const r = run.transport.ripple;
    const fallbacks = Object.entries(r.fallbacks).filter(([, n]) => n > 0);
    lines.push(
      `  ${run.scenario} · seed ${run.seed}: ${run.tasks} tasks in ${(run.wallMs / 1000).toFixed(1)} s; ${run.transport.signalsSent} signals sent, ` +
        `${run.transport.signalsDropped} dropped, ${run.transport.failedFlushes} failed flushes; ${r.decisions} decisions, ${pct(r.decisions === 0 ? 0 : r.coordinated / r.decisions)} on scores` +
        `${fallbacks.length === 0 ? '' : ` (fallbacks: ${fallbacks.map(([k, n]) => `${k} ${n}`).join(', ')})`}; longest step ${Math.round(run.maxStepVirtualMs)} ms simulated`,
    );
  }
  return lines.join('\n');
}
