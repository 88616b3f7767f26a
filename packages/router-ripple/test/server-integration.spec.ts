import { CoordinationClient } from '@agentcore/coordination-client';
import type { SensitivitySignalInput } from '@agentcore/coordination-core';
import {
  AgentRegistry,
  createDefaultStrategyRegistry,
  InMemoryTransport,
  MessageRouter,
  StrategyName,
  type AgentRegistration,
} from '@agentcore/message-router';
import { createRippleFromConfig, loadRippleConfig, RemoteScoreSource, type RippleStrategy } from '../src';
import { ServerProcess } from '@agentcore/coordination-server/testing';

jest.setTimeout(60_000);

const AGENTS = 24;
let server: ServerProcess;
let client: CoordinationClient;

beforeAll(async () => {
  // A fixed port (picked at the first start) lets the outage test restart it on the same address.
  server = new ServerProcess({ env: { LOG_LEVEL: 'warn' } });
  await server.start();
  client = new CoordinationClient({ url: server.url, timeoutMs: 2000 });
});

afterAll(async () => {
  await server.kill();
});

function fleet(prefix: string, count = AGENTS): AgentRegistration[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i}`, capabilities: ['work'], handler: () => 'done' }));
}

async function report(agents: readonly AgentRegistration[], values: (id: string) => Partial<Record<string, number>>, ttl = 60): Promise<void> {
  const signals: SensitivitySignalInput[] = [];
  for (const agent of agents) {
    for (const [type, value] of Object.entries(values(agent.id))) {
      signals.push({ agent_id: agent.id, signal_type: type as SensitivitySignalInput['signal_type'], value: value as number, ttl_seconds: ttl });
    }
  }
  await client.signals(signals);
}

/** A router whose RIPPLE_COORDINATION reads the real server over HTTP, refreshing fast for the test. */
async function rippleRouter(agents: AgentRegistration[], env: Record<string, string> = {}) {
  const strategies = createDefaultStrategyRegistry();
  const registry = new AgentRegistry(agents);
  const ripple: RippleStrategy = createRippleFromConfig(
    loadRippleConfig({
      RIPPLE_MODE: 'remote',
      COORDINATION_SERVER_URL: server.url,
      RIPPLE_REFRESH_INTERVAL_MS: '100',
      RIPPLE_MAX_STALENESS_MS: '400',
      RIPPLE_REQUEST_TIMEOUT_MS: '300',
      RIPPLE_CIRCUIT_FAILURES: '2',
      RIPPLE_CIRCUIT_COOLDOWN_MS: '300',
      ...env,
    }),
    { strategies, agentIds: () => registry.list().map((a) => a.id) },
  );
  await (ripple.source as RemoteScoreSource).start();
  strategies.register(StrategyName.RIPPLE_COORDINATION, () => ripple);
  const router = new MessageRouter({ registry, strategies, strategy: StrategyName.RIPPLE_COORDINATION, transport: new InMemoryTransport() });
  return { router, ripple };
}

async function routeMany(router: MessageRouter, count: number, tag: string): Promise<Record<string, number>> {
  const delivered: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    const { agentId } = await router.route({ id: `${tag}-${i}`, sender: 'test', capability: 'work', payload: i });
    delivered[agentId] = (delivered[agentId] ?? 0) + 1;
  }
  return delivered;
}

describe('RIPPLE_COORDINATION against the real coordination-server over HTTP', () => {
  it('sends a heavily loaded agent markedly fewer messages than RANDOM does', async () => {
    const agents = fleet('loaded');
    await report(agents, (id) => ({ capacity: 1, load: id === 'loaded-0' ? 0.95 : 0.1 }));
    const { router, ripple } = await rippleRouter(agents);
    const withRipple = await routeMany(router, 480, 'ripple');
    router.setStrategy(StrategyName.RANDOM);
    const withRandom = await routeMany(router, 480, 'random');
    expect(withRandom['loaded-0']).toBeGreaterThanOrEqual(8);
    expect(withRipple['loaded-0'] ?? 0).toBeLessThan((withRandom['loaded-0'] ?? 0) / 4);
    expect(ripple.stats().coordinated).toBe(480);
    await router.close();
    await ripple.close();
  });

  it('sends nothing to an agent with availability 0 while others are available', async () => {
    const agents = fleet('avail');
    await report(agents, (id) => ({ load: 0.3, availability: id === 'avail-5' ? 0 : 1 }));
    const { router, ripple } = await rippleRouter(agents);
    const delivered = await routeMany(router, 300, 'avail');
    expect(delivered['avail-5']).toBeUndefined();
    await router.close();
    await ripple.close();
  });

  it('with equal load, sends more work to higher quality', async () => {
    const agents = fleet('quality');
    await report(agents, (id) => ({ load: 0.3, capacity: 1, quality: Number(id.split('-')[1]) < 4 ? 0.95 : 0.4 }));
    const { router, ripple } = await rippleRouter(agents);
    const delivered = await routeMany(router, 240, 'quality');
    const good = [0, 1, 2, 3].reduce((sum, i) => sum + (delivered[`quality-${i}`] ?? 0), 0) / 4;
    const rest = (240 - good * 4) / (AGENTS - 4);
    expect(good).toBeGreaterThan(rest * 2);
    await router.close();
    await ripple.close();
  });

  it('degrades to the fallback when signals stop, and keeps delivering', async () => {
    const agents = fleet('silent', 20);
    await report(agents, () => ({ load: 0.2 }), 1);
    const { router, ripple } = await rippleRouter(agents);
    await routeMany(router, 20, 'before');
    expect(ripple.stats().coordinated).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1300)); // every signal's TTL has passed
    const delivered = await routeMany(router, 100, 'after');
    expect(Object.values(delivered).reduce((a, b) => a + b, 0)).toBe(100);
    expect(ripple.stats().fallbacks.no_signals).toBeGreaterThanOrEqual(100);
    await router.close();
    await ripple.close();
  });

  it('loses no message when the server is killed mid-run, counts fallbacks, and resumes when it is back', async () => {
    const agents = fleet('outage');
    const reportAll = () => report(agents, (id) => ({ load: id === 'outage-0' ? 0.95 : 0.2, capacity: 1 }));
    await reportAll();
    const { router, ripple } = await rippleRouter(agents);
    let reporting = true;
    // Agents keep reporting every 200 ms, as they would; failures while the server is down are expected.
    const reporter = (async () => {
      while (reporting) {
        await reportAll().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();

    const TOTAL = 1200;
    let delivered = 0;
    let coordinatedAtKill = 0;
    let coordinatedAtRestart = 0;
    let fallbacksDuringOutage = 0;
    for (let i = 0; i < TOTAL; i++) {
      if (i === 300) {
        coordinatedAtKill = ripple.stats().coordinated;
        await server.kill();
      }
      if (i === 700) {
        const stats = ripple.stats();
        fallbacksDuringOutage = stats.decisions - stats.coordinated;
        await server.start();
        coordinatedAtRestart = stats.coordinated;
        await new Promise((resolve) => setTimeout(resolve, 800)); // agents report again, circuit half-opens, cache refreshes
      }
      await router.route({ id: `outage-${i}`, sender: 'test', capability: 'work', payload: i });
      delivered++;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    reporting = false;
    await reporter;

    const stats = ripple.stats();
    const routerStats = router.stats()[StrategyName.RIPPLE_COORDINATION];
    expect(delivered).toBe(TOTAL);
    expect(routerStats.lost).toBe(0);
    expect(routerStats.deliveries).toBe(TOTAL);
    expect(coordinatedAtKill).toBeGreaterThan(250);
    expect(fallbacksDuringOutage).toBeGreaterThan(200);
    expect(stats.fallbacks.circuit_open + stats.fallbacks.error + stats.fallbacks.timeout + stats.fallbacks.stale).toBe(fallbacksDuringOutage);
    expect(routerStats.fallbacks).toMatchObject(
      Object.fromEntries(Object.entries(stats.fallbacks).filter(([, n]) => n > 0)),
    );
    // Back on scores after the restart, for most of the last 500 messages.
    expect(stats.coordinated - coordinatedAtRestart).toBeGreaterThan(400);
    await router.close();
    await ripple.close();
  });
});
