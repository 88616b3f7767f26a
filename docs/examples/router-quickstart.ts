// The router team's adoption path for RIPPLE_COORDINATION, as shown in docs/router.md.
// This file is compiled and run by packages/router-ripple/src/docs-example.spec.ts.
import { CoordinationService } from '@agentcore/coordination-core';
import {
  AgentRegistry,
  createDefaultStrategyRegistry,
  InMemoryTransport,
  MessageRouter,
  StrategyName,
} from '@agentcore/message-router';
import { createRippleFromConfig, loadRippleConfig } from '@agentcore/router-ripple';

export async function routeWithRipple(env: Record<string, string | undefined> = {}): Promise<Record<string, number>> {
  // 1. Agents the router can deliver to (in-process handlers here; HttpTransport for real agents).
  const registry = new AgentRegistry([
    { id: 'summarizer-a', capabilities: ['summarize'], handler: (m) => `a:${m.id}` },
    { id: 'summarizer-b', capabilities: ['summarize'], handler: (m) => `b:${m.id}` },
    { id: 'summarizer-c', capabilities: ['summarize'], handler: (m) => `c:${m.id}` },
  ]);

  // 2. Coordination state. In-process here; set RIPPLE_MODE=remote and COORDINATION_SERVER_URL
  //    to read a coordination-server instead.
  const service = new CoordinationService({ clock: Date.now, random: Math.random });
  service.registerSignals([
    // capacity 1 = 16 concurrent tasks (COORDINATION_CAPACITY_SCALE); load = share of them in use.
    { agent_id: 'summarizer-a', signal_type: 'capacity', value: 1 },
    { agent_id: 'summarizer-b', signal_type: 'capacity', value: 1 },
    { agent_id: 'summarizer-c', signal_type: 'capacity', value: 1 },
    { agent_id: 'summarizer-a', signal_type: 'load', value: 0.95 },
    { agent_id: 'summarizer-b', signal_type: 'load', value: 0.1 },
    { agent_id: 'summarizer-c', signal_type: 'load', value: 0.2 },
    { agent_id: 'summarizer-c', signal_type: 'availability', value: 0 }, // draining
  ]);

  // 3. Register RIPPLE_COORDINATION beside the built-in strategies and route with it.
  const strategies = createDefaultStrategyRegistry();
  const ripple = createRippleFromConfig(loadRippleConfig(env), { strategies, service });
  strategies.register(StrategyName.RIPPLE_COORDINATION, () => ripple);
  const router = new MessageRouter({
    registry,
    strategies,
    strategy: StrategyName.RIPPLE_COORDINATION,
    transport: new InMemoryTransport(),
    onDecision: (event) => {
      // Every decision carries its explanation (scores, reason, fallback if any) for tracing.
      if (event.decision.fallbackReason !== undefined) console.warn('ripple fell back:', event.decision.explanation);
    },
  });

  const delivered: Record<string, number> = {};
  for (let i = 0; i < 10; i++) {
    const result = await router.route({ id: `task-${i}`, sender: 'planner', capability: 'summarize', payload: { text: '…' } });
    delivered[result.agentId] = (delivered[result.agentId] ?? 0) + 1;
  }
  await router.close();
  return delivered;
}
