import type { DecisionEvent, RoutingStrategy } from '@agentcore/message-router';
import type { ScoredForecast } from '../prediction/run-forecasts';
import { buildScenario, SCENARIO_NAMES, type ScenarioName } from '../scenarios/catalog';
import { STRATEGY_NAMES } from '../strategies/catalog';
import { TASK_OUTCOMES } from './model';
import { simulate } from './simulation';
import { generateTasks } from './workload';

// Small, short versions of every scenario: the full comparison runs from `npm run sim`.
function small(name: ScenarioName, seed = 1) {
  const scenario = buildScenario(name, { seed, quick: true });
  return { ...scenario, durationMs: Math.min(scenario.durationMs, 90_000) };
}

describe('simulate', () => {
  it('gives identical results for the same seed and different ones for another seed', () => {
    const scenario = small('failures');
    const a = simulate({ scenario, strategy: 'ripple', seed: 5 });
    const b = simulate({ scenario, strategy: 'ripple', seed: 5 });
    const c = simulate({ scenario, strategy: 'ripple', seed: 6 });
    expect(b).toEqual(a);
    expect(c.metrics).not.toEqual(a.metrics);
  });

  it.each(SCENARIO_NAMES)('runs %s under every strategy and accounts for every task exactly once', (name) => {
    const scenario = small(name);
    const tasks = generateTasks(scenario, 1);
    expect(tasks.length).toBeGreaterThan(100);
    for (const strategy of STRATEGY_NAMES) {
      const { metrics } = simulate({ scenario, strategy, seed: 1, tasks, evaluatePrediction: strategy === 'ripple' });
      const settled = TASK_OUTCOMES.reduce((sum, o) => sum + metrics.outcomes[o], 0);
      expect(settled).toBe(tasks.length);
      expect(metrics.goodTasks).toBeLessThanOrEqual(metrics.outcomes.completed);
      expect(metrics.goodput).toBeGreaterThanOrEqual(0);
      expect(metrics.goodput).toBeLessThanOrEqual(1);
      expect(metrics.latencyMs.p50).toBeLessThanOrEqual(metrics.latencyMs.p99);
      expect(metrics.jain).toBeGreaterThan(0);
      expect(metrics.jain).toBeLessThanOrEqual(1 + 1e-9);
    }
  });

  it('lets the oracle beat random routing on a heterogeneous fleet', () => {
    const scenario = small('heterogeneous');
    const tasks = generateTasks(scenario, 2);
    const oracle = simulate({ scenario, strategy: 'oracle', seed: 2, tasks, evaluatePrediction: false });
    const random = simulate({ scenario, strategy: 'random', seed: 2, tasks, evaluatePrediction: false });
    expect(oracle.metrics.goodput).toBeGreaterThan(random.metrics.goodput);
  });

  it('retries around crashed agents, and fails or drops tasks once no attempt is left', () => {
    const scenario = small('failures');
    const { metrics } = simulate({ scenario, strategy: 'round-robin', seed: 1 });
    expect(metrics.retriesPerTask).toBeGreaterThan(0);
    expect(metrics.freshDecisions).toBeLessThan(1);
  });

  it('drops a task whose capability no agent has, and scores overload forecasts', () => {
    const base = small('steady');
    const scenario = {
      ...base,
      workload: { ...base.workload, capabilities: [...base.workload.capabilities, { value: 'nobody', weight: 0.2 }] },
    };
    const scored: ScoredForecast[] = [];
    const result = simulate({ scenario, strategy: 'least-loaded', seed: 3, loadReporting: 'interval-mean', onForecastScored: (f) => scored.push(f) });
    expect(result.metrics.outcomes.dropped).toBeGreaterThan(0);
    expect(Object.keys(result.prediction)).toEqual(expect.arrayContaining(['core@30s', 'naive@30s', 'endpoint@30s/onset', 'core@30s/peak']));
    // Every scored forecast is handed out once, with the samples the service held.
    const total = result.prediction['core@30s'].tp + result.prediction['core@30s'].fn + result.prediction['core@30s'].fp + result.prediction['core@30s'].tn;
    expect(scored.filter((f) => f.horizonSeconds === 30)).toHaveLength(total);
    expect(scored[0].times.length).toBe(scored[0].values.length);
    expect(scored[0].times.every((t) => t <= scored[0].nowMs)).toBe(true);
  });

  it("routes through the router's guards: a strategy's pick outside the candidates falls back to random, counted", () => {
    const rogue: RoutingStrategy = { name: 'rogue', select: () => ({ agentId: 'ghost' }) };
    const decisions: DecisionEvent[] = [];
    const scenario = small('steady');
    const tasks = generateTasks(scenario, 1);
    const { metrics } = simulate({ scenario, strategy: 'random', seed: 1, tasks, strategyOverride: () => rogue, onDecision: (e) => decisions.push(e) });
    expect(TASK_OUTCOMES.reduce((sum, o) => sum + metrics.outcomes[o], 0)).toBe(tasks.length);
    expect(decisions.length).toBeGreaterThanOrEqual(tasks.length);
    expect(decisions.every((e) => e.strategy === 'rogue' && e.decision.fallbackReason === 'invalid_decision')).toBe(true);
  });

  it("bounds attempts through the router's maxAttempts, and otherwise tries every capable agent once", () => {
    const scenario = small('heterogeneous');
    const tasks = generateTasks(scenario, 1);
    const attempts = (maxAttempts?: number) => {
      const perTask = new Map<string, number>();
      simulate({ scenario, strategy: 'round-robin', seed: 1, tasks, maxAttempts, evaluatePrediction: false, onDecision: (e) => perTask.set(e.messageId, e.attempt) });
      return Math.max(...perTask.values());
    };
    expect(attempts(1)).toBe(1);
    expect(attempts(2)).toBe(2);
    // Unbounded, as the router ships: a task may go on past the old fixed three attempts.
    expect(attempts()).toBeGreaterThan(3);
  });
});
