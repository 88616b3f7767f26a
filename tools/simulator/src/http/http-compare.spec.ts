import { TASK_OUTCOMES } from '../engine/model';
import { simulatePaced } from '../engine/simulation';
import { SCENARIO_NAMES } from '../scenarios/catalog';
import { estimateHttpWallMs, HTTP_REFERENCE, HTTP_WALL_BUDGET_MS, httpScenario, renderHttpSummary, runHttpComparison, type HttpComparisonResult } from './http-compare';
import { HTTP_SERVER_ENV, TIME_SCALE } from './http-run';
import { ServerProcess as CoordinationServerProcess } from '@agentcore/coordination-server/testing';

// These tests start the real coordination-server as a child process and talk HTTP to it.
jest.setTimeout(30_000);

describe('--http: ripple over the coordination-server', () => {
  let result: HttpComparisonResult;
  const progress: string[] = [];
  const started = jest.spyOn(CoordinationServerProcess, 'start');
  const stopped = jest.spyOn(CoordinationServerProcess.prototype, 'stop');

  beforeAll(async () => {
    // 30 s of arrivals: half a second of wall time at 60×.
    result = await runHttpComparison({
      scenarios: ['heterogeneous'],
      strategies: ['random', 'power-of-two', 'ripple'],
      seeds: [1],
      arrivalsMs: 30_000,
      onProgress: (done, total, label) => progress.push(`${done}/${total} ${label}`),
    });
  });

  it('routes every task through remote ripple, fed by agents reporting over HTTP', () => {
    expect(progress).toEqual([
      '1/4 heterogeneous · random · seed 1',
      '2/4 heterogeneous · power-of-two · seed 1',
      `3/4 heterogeneous · ${HTTP_REFERENCE} · seed 1`,
      '4/4 heterogeneous · ripple over HTTP · seed 1',
    ]);
    const [run] = result.runs;
    expect(run.tasks).toBeGreaterThan(50);
    expect(run.transport.signalsSent).toBeGreaterThan(20);
    expect(run.transport.signalsDropped).toBe(0);
    // Only the first tasks, before any agent has reported, may fall back.
    expect(run.transport.ripple.decisions).toBeGreaterThanOrEqual(run.tasks);
    expect(run.transport.ripple.coordinated / run.transport.ripple.decisions).toBeGreaterThan(0.8);
    expect(run.wallMs).toBeGreaterThanOrEqual((30_000 / TIME_SCALE) * 0.9);
    const scenario = result.comparison.scenarios[0];
    expect(Object.keys(scenario.results)).toEqual(['random', 'power-of-two', 'ripple', HTTP_REFERENCE]);
    const http = scenario.results['ripple'];
    expect(TASK_OUTCOMES.reduce((sum, o) => sum + http.outcomes[o], 0)).toBe(run.tasks);
    expect(http.goodput).toBeGreaterThan(0.5);
    expect(http.freshDecisions).toBeGreaterThan(0.5);
  });

  it('starts one server per HTTP run and stops it', () => {
    expect(started).toHaveBeenCalledTimes(1);
    expect(stopped).toHaveBeenCalledTimes(1);
  });

  it('prints the summary table and says what ran how', () => {
    const text = renderHttpSummary(result);
    expect(text).toMatch(/^scenario +random +power-of-two +ripple +ripple \(in-process\)\nheterogeneous /);
    expect(text).toContain('SLA goodput ≥ 1× power-of-two choices');
    expect(text).toContain('Not bit-for-bit reproducible');
    expect(text).toMatch(/heterogeneous · seed 1: \d+ tasks/);
    const run = result.runs[0];
    const quiet = { ...run, transport: { ...run.transport, ripple: { ...run.transport.ripple, decisions: 0, coordinated: 0, fallbacks: { ...run.transport.ripple.fallbacks, stale: 2 } } } };
    expect(renderHttpSummary({ ...result, runs: [quiet] })).toMatch(/0 decisions, 0\.0 % on scores \(fallbacks: .*stale 2/);
  });
});

describe('--http bounds', () => {
  it('refuses runs that would exceed the wall-time bound, or that leave ripple out, before starting anything', async () => {
    const everything = { scenarios: [...SCENARIO_NAMES], strategies: ['random', 'ripple'] as const, seeds: [1, 2, 3] };
    expect(estimateHttpWallMs(everything)).toBeGreaterThan(HTTP_WALL_BUDGET_MS);
    // Outages scheduled past the arrivals keep the run going: they count.
    expect(estimateHttpWallMs({ scenarios: ['failures'], seeds: [1], arrivalsMs: 1000 })).toBeGreaterThan(1000 / TIME_SCALE + 3000);
    expect(httpScenario('steady', 1).durationMs).toBe(150_000);
    await expect(runHttpComparison({ ...everything, strategies: [...everything.strategies] })).rejects.toThrow(/over its 55 s bound/);
    await expect(runHttpComparison({ scenarios: ['steady'], strategies: ['random'], seeds: [1] })).rejects.toThrow(/include ripple/);
  });

  it('stops a paced run that overruns its wall-time bound', async () => {
    await expect(simulatePaced({ scenario: httpScenario('steady', 1, 10_000), strategy: 'random', seed: 1 }, { scale: 1, maxWallMs: 20 })).rejects.toThrow(
      /exceeded its 20 ms wall-time bound/,
    );
  });

  it('reports a server that cannot start, and leaves no process behind', async () => {
    const stop = jest.spyOn(CoordinationServerProcess.prototype, 'stop');
    await expect(CoordinationServerProcess.start({ ...HTTP_SERVER_ENV, COORDINATION_SIGNAL_TTL: 'soon' })).rejects.toThrow(/exited during start-up/);
    expect(stop).toHaveBeenCalled();
    const server = await CoordinationServerProcess.start(HTTP_SERVER_ENV);
    expect(server.running).toBe(true);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await server.stop();
    expect(server.running).toBe(false);
    await server.stop();
    expect(server.log).not.toMatch(/"level":"error"/);
  });
});
