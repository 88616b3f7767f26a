import { CoordinationService, SIGNAL_TYPES, seededRandom } from '@agentcore/coordination-core';
import {
  AgentRegistry,
  createDefaultStrategyRegistry,
  InMemoryTransport,
  MessageRouter,
  noopLogger,
  StrategyName,
  type AgentRegistration,
  type RoutingContext,
  type RoutingStrategy,
} from '@agentcore/message-router';
import { InProcessScoreSource, RemoteScoreSource, RippleStrategy } from '@agentcore/router-ripple';
import { summarise, table } from './stats';
import type { BenchSuite } from './suite';

const CANDIDATES = 100;
const BATCH = 2_000;
const ROUNDS = 40;

function loadedService(agents: readonly AgentRegistration[], random: () => number): CoordinationService {
  const service = new CoordinationService({ clock: Date.now, random });
  for (const agent of agents) {
    for (const type of SIGNAL_TYPES) service.registerSignal({ agent_id: agent.id, signal_type: type, value: random() });
  }
  return service;
}

/** Re-reports load so herding counters reset, as periodic signals do in production. */
function refreshLoad(service: CoordinationService, agents: readonly AgentRegistration[], random: () => number): void {
  for (const agent of agents) service.registerSignal({ agent_id: agent.id, signal_type: 'load', value: random() * 0.8 });
}

/** ns per decision: the mean over a batch of BATCH decisions, sampled ROUNDS times. */
async function timeSelect(strategy: RoutingStrategy, ctx: RoutingContext, between: () => Promise<void> | void): Promise<number[]> {
  const samples: number[] = [];
  for (let round = -5; round < ROUNDS; round++) {
    await between();
    const started = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i++) strategy.select(ctx);
    const perDecision = Number(process.hrtime.bigint() - started) / BATCH;
    if (round >= 0) samples.push(perDecision);
  }
  return samples;
}

async function timeRoute(router: MessageRouter, between: () => Promise<void> | void): Promise<number[]> {
  const samples: number[] = [];
  let id = 0;
  for (let round = -5; round < ROUNDS; round++) {
    await between();
    const started = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i++) await router.route({ id: `m${id++}`, sender: 'bench', capability: 'work', payload: null });
    const perMessage = Number(process.hrtime.bigint() - started) / BATCH;
    if (round >= 0) samples.push(perMessage);
  }
  return samples;
}

/** A ripple figure only counts if ripple really decided (a fallback is just RANDOM's cost). */
function assertCoordinated(name: string, strategy: RippleStrategy): void {
  const stats = strategy.stats();
  if (stats.coordinated !== stats.decisions) throw new Error(`${name}: ${stats.decisions - stats.coordinated} decisions fell back`);
}

export const routerBenchmark: BenchSuite = {
  name: 'router',
  title: `Routing decision cost per strategy (${CANDIDATES} candidates)`,
  async run() {
    const random = seededRandom(1);
    const agents: AgentRegistration[] = Array.from({ length: CANDIDATES }, (_, i) => ({
      id: `agent-${i}`,
      capabilities: ['work'],
      handler: () => undefined,
    }));
    const service = loadedService(agents, random);
    const remote = new RemoteScoreSource({
      fetcher: { fetchStates: async () => service.getStates(agents.map((a) => a.id)) },
      random,
    });
    await remote.refresh();

    const builtIns = createDefaultStrategyRegistry();
    const factoryOptions = { random, now: Date.now, logger: noopLogger };
    const strategies: Array<[string, () => RoutingStrategy, () => Promise<void> | void]> = [
      ...[
        StrategyName.RANDOM,
        StrategyName.ROUND_ROBIN,
        StrategyName.LEAST_LOADED,
        StrategyName.POWER_OF_TWO_CHOICES,
        StrategyName.CAPABILITY_MATCH,
      ].map((name): [string, () => RoutingStrategy, () => void] => [name, () => builtIns.create(name, factoryOptions), () => undefined]),
      [
        'RIPPLE_COORDINATION (in-process)',
        () => new RippleStrategy({ source: new InProcessScoreSource(service) }),
        () => refreshLoad(service, agents, random),
      ],
      [
        'RIPPLE_COORDINATION (remote, warm cache)',
        () => new RippleStrategy({ source: remote }),
        async () => {
          refreshLoad(service, agents, random);
          await remote.refresh();
        },
      ],
    ];

    const ctx: RoutingContext = {
      message: { id: 'm', sender: 'bench', capability: 'work', payload: null },
      candidates: agents,
      inFlight: () => 0,
      random,
      now: Date.now,
      attempt: 1,
    };
    const rows: (string | number)[][] = [];
    let randomSelect = 0;
    let randomRoute = 0;
    for (const [name, make, between] of strategies) {
      const strategy = make();
      const select = summarise(await timeSelect(strategy, ctx, between));
      if (strategy instanceof RippleStrategy) assertCoordinated(name, strategy);
      const registry = new AgentRegistry(agents);
      const router = new MessageRouter({ registry, strategy: make(), transport: new InMemoryTransport(), random });
      const route = summarise(await timeRoute(router, between));
      await router.close();
      if (name === StrategyName.RANDOM) {
        randomSelect = select.p50;
        randomRoute = route.p50;
      }
      rows.push([name, select.p50, select.p99, `${(select.p50 / randomSelect).toFixed(1)}×`, route.p50, route.p99, `${(route.p50 / randomRoute).toFixed(2)}×`]);
    }
    await remote.close();
    console.log(
      table(
        ['strategy', 'select ns p50', 'select ns p99', 'select vs RANDOM', 'route() ns p50', 'route() ns p99', 'route() vs RANDOM'],
        rows,
      ),
    );
    console.log(
      `\nselect = strategy.select() alone; route() = the router's whole in-process path (candidate filtering, decision, in-memory delivery, stats).` +
        `\nEach figure is the mean of ${BATCH} consecutive decisions; p50/p99 are over ${ROUNDS} such batches. Target: ripple with a warm cache ≤ 3× RANDOM.`,
    );
  },
};
