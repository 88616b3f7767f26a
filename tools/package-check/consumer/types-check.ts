// A TypeScript consumer of the four packages. The test compiles it as CommonJS and as an ES
// module under node16 resolution, and under bundler and node10 resolution: each must find the
// declarations, and the @ts-expect-error lines prove they are real types, not `any`.
import { CoordinationService, type AgentCoordinationState, type SensitivitySignalInput } from '@agentcore/coordination-core';
import { CoordinationClient, SignalReporter, type ReporterStats } from '@agentcore/coordination-client';
import { AgentRegistry, createDefaultStrategyRegistry, InMemoryTransport, MessageRouter, StrategyName } from '@agentcore/message-router';
import { createRippleFromConfig, loadRippleConfig, type RippleStats } from '@agentcore/router-ripple';

const signal: SensitivitySignalInput = { agent_id: 'a', signal_type: 'load', value: 0.3 };
// @ts-expect-error: 'heat' is no signal type
const wrongType: SensitivitySignalInput = { agent_id: 'a', signal_type: 'heat', value: 0.3 };

export function pick(candidates: readonly string[]): string {
  const service = new CoordinationService({ clock: Date.now, random: Math.random });
  service.registerSignals([signal, wrongType]);
  const chosen: string = service.selectAgent(candidates).agent_id;
  // @ts-expect-error: a selection's score is a number
  const score: string = service.selectAgent(candidates).routing_score;
  return chosen + score;
}

export async function report(url: string): Promise<[AgentCoordinationState | null, ReporterStats]> {
  const client = new CoordinationClient({ url });
  const reporter = new SignalReporter({ client }).start();
  reporter.report(signal);
  // @ts-expect-error: state() takes one agent id
  await client.state(['a', 'b']);
  return [await client.state('a'), await reporter.stop()];
}

export async function route(): Promise<RippleStats> {
  const strategies = createDefaultStrategyRegistry();
  const ripple = createRippleFromConfig(loadRippleConfig({}), { strategies });
  strategies.register(StrategyName.RIPPLE_COORDINATION, () => ripple);
  const router = new MessageRouter({
    registry: new AgentRegistry([{ id: 'a', capabilities: ['x'], handler: () => 'done' }]),
    strategies,
    strategy: StrategyName.RIPPLE_COORDINATION,
    transport: new InMemoryTransport(),
  });
  const { agentId } = await router.route({ id: 'm', sender: 's', capability: 'x', payload: null });
  // @ts-expect-error: there is no such strategy
  router.setStrategy(StrategyName.BEST_GUESS);
  await router.close();
  console.log(`routed to ${agentId}`);
  return ripple.stats();
}
