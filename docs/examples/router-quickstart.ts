// Routing with RIPPLE_COORDINATION, as docs/router.md shows it. Run it:
//
//   npx tsx docs/examples/router-quickstart.ts
//   RIPPLE_MODE=remote COORDINATION_SERVER_URL=http://127.0.0.1:8080 npx tsx docs/examples/router-quickstart.ts
//
// The second form reads a coordination-server (start one with `npm start`); the example then
// plays the agents too, reporting their signals to that server.
import { CoordinationClient } from '@agentcore/coordination-client';
import { CoordinationService, type SensitivitySignalInput } from '@agentcore/coordination-core';
import {
  AgentRegistry,
  createDefaultStrategyRegistry,
  InMemoryTransport,
  MessageRouter,
  StrategyName,
  type DecisionExplanation,
} from '@agentcore/message-router';
import { createRippleFromConfig, loadRippleConfig, RemoteScoreSource } from '@agentcore/router-ripple';

/** What the agents report: capacity 1 = 16 concurrent tasks (COORDINATION_CAPACITY_SCALE); load = share of them in use. */
const SIGNALS: SensitivitySignalInput[] = [
  { agent_id: 'summarizer-a', signal_type: 'capacity', value: 1 },
  { agent_id: 'summarizer-b', signal_type: 'capacity', value: 1 },
  { agent_id: 'summarizer-c', signal_type: 'capacity', value: 1 },
  { agent_id: 'summarizer-a', signal_type: 'load', value: 0.95 },
  { agent_id: 'summarizer-b', signal_type: 'load', value: 0.1 },
  { agent_id: 'summarizer-c', signal_type: 'load', value: 0.2 },
  { agent_id: 'summarizer-c', signal_type: 'availability', value: 0 }, // draining
];

export interface QuickstartResult {
  mode: string;
  /** Messages delivered, by agent. */
  delivered: Record<string, number>;
  /** The explanation of the last decision, as `onDecision` listeners see it. */
  lastExplanation: DecisionExplanation | undefined;
}

export async function routeWithRipple(env: Record<string, string | undefined> = process.env): Promise<QuickstartResult> {
  const config = loadRippleConfig(env);

  // 1. Agents the router can deliver to (in-process handlers here; HttpTransport for real agents).
  const registry = new AgentRegistry([
    { id: 'summarizer-a', capabilities: ['summarize'], handler: (m) => `a:${m.id}` },
    { id: 'summarizer-b', capabilities: ['summarize'], handler: (m) => `b:${m.id}` },
    { id: 'summarizer-c', capabilities: ['summarize'], handler: (m) => `c:${m.id}` },
  ]);

  // 2. Coordination state: a service in this process, or (RIPPLE_MODE=remote) the server's,
  //    to which the agents report. Here the example reports for them.
  const service = new CoordinationService({ clock: Date.now, random: Math.random });
  if (config.mode === 'remote') {
    await new CoordinationClient({ url: config.serverUrl as string, token: config.token }).signals(SIGNALS);
  } else {
    service.registerSignals(SIGNALS);
  }

  // 3. Register RIPPLE_COORDINATION beside the built-in strategies and route with it.
  const strategies = createDefaultStrategyRegistry();
  const ripple = createRippleFromConfig(config, { strategies, service, agentIds: () => registry.list().map((a) => a.id) });
  strategies.register(StrategyName.RIPPLE_COORDINATION, () => ripple);
  // Remote: the first refresh of the local mirror of the server's states, before routing.
  if (ripple.source instanceof RemoteScoreSource) await ripple.source.start();

  let lastExplanation: DecisionExplanation | undefined;
  const router = new MessageRouter({
    registry,
    strategies,
    strategy: StrategyName.RIPPLE_COORDINATION,
    transport: new InMemoryTransport(),
    // Every decision carries its explanation (scores, reason, fallback if any) for tracing.
    onDecision: (event) => (lastExplanation = event.decision.explanation),
  });

  const delivered: Record<string, number> = {};
  for (let i = 0; i < 10; i++) {
    const result = await router.route({ id: `task-${i}`, sender: 'planner', capability: 'summarize', payload: { text: '…' } });
    delivered[result.agentId] = (delivered[result.agentId] ?? 0) + 1;
  }
  await router.close();
  return { mode: config.mode, delivered, lastExplanation };
}

if (require.main === module) {
  routeWithRipple().then(
    ({ mode, delivered, lastExplanation }) => {
      console.log(`10 messages routed with RIPPLE_COORDINATION (${mode}):`);
      for (const [agent, count] of Object.entries(delivered).sort()) console.log(`  ${agent}: ${count}`);
      console.log('the last decision, as onDecision listeners see it:');
      console.log(JSON.stringify(lastExplanation, null, 2));
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
