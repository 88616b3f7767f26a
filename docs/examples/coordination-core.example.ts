import {
  CoordinationService,
  loadConfig,
  seededRandom,
  type AgentCoordinationState,
  type OverloadPrediction,
  type SelectionResult,
  type SensitivitySignalInput,
} from '@agentcore/coordination-core';

/** What an agent knows about itself; `signalsFor` turns it into signals the service understands. */
export interface AgentSelfReport {
  agentId: string;
  inFlightTasks: number;
  maxConcurrentTasks: number;
  /** Share of recent tasks done well, 0–1. */
  successRate: number;
  /** Price per task relative to the most expensive option, 0–1. */
  relativeCost: number;
  meanLatencyMs: number;
  accepting: boolean;
}

/** The agent side: one signal per type, values computed as docs/coordination-core.md defines them. */
export function signalsFor(agent: AgentSelfReport, capacityScale = 16, latencyScaleMs = 10_000): SensitivitySignalInput[] {
  const value = (signal_type: SensitivitySignalInput['signal_type'], v: number): SensitivitySignalInput => ({
    agent_id: agent.agentId,
    signal_type,
    value: Math.min(1, Math.max(0, v)),
  });
  return [
    value('load', agent.inFlightTasks / agent.maxConcurrentTasks),
    value('capacity', agent.maxConcurrentTasks / capacityScale),
    value('quality', agent.successRate),
    value('cost', agent.relativeCost),
    value('latency', agent.meanLatencyMs / latencyScaleMs),
    value('availability', agent.accepting ? 1 : 0),
  ];
}

export interface QuickstartResult {
  routingScores: Record<string, number>;
  state: AgentCoordinationState | null;
  pick: SelectionResult;
  cheapestPick: string;
  burst: Record<string, number>;
  prediction: OverloadPrediction | null;
  cleanedUp: number;
}

export function quickstart(): QuickstartResult {
  // Clock and RNG are injected: a fixed start and a seed make this example reproducible.
  let now = Date.parse('2026-11-25T12:00:00Z');
  const service = new CoordinationService({
    config: loadConfig({ COORDINATION_SIGNAL_TTL: '30' }),
    clock: () => now,
    random: seededRandom(2026),
  });

  // Three agents report their signals; a batch is stored entirely or not at all.
  service.registerSignals([
    ...signalsFor({ agentId: 'summariser-a', inFlightTasks: 2, maxConcurrentTasks: 8, successRate: 0.95, relativeCost: 0.6, meanLatencyMs: 1200, accepting: true }),
    ...signalsFor({ agentId: 'summariser-b', inFlightTasks: 4, maxConcurrentTasks: 8, successRate: 0.9, relativeCost: 0.3, meanLatencyMs: 900, accepting: true }),
    ...signalsFor({ agentId: 'summariser-c', inFlightTasks: 0, maxConcurrentTasks: 4, successRate: 0.99, relativeCost: 1, meanLatencyMs: 800, accepting: false }),
  ]);
  const candidates = ['summariser-a', 'summariser-b', 'summariser-c'];
  const routingScores = service.routingScores(candidates);
  const state = service.getState('summariser-a');

  // The best candidate, with the reason and every candidate's breakdown.
  const pick = service.selectAgent(candidates, { explain: true });

  // A per-request profile: this caller only cares about price (dimensions left out weigh 0).
  const cheapestPick = service.selectAgent(candidates, { weights: { cost: 1 }, recordAssignment: false }).agent_id;

  // Twenty decisions before any agent reports again: each pick counts as work on its agent,
  // so the burst spreads out instead of piling onto one "best" agent.
  const burst: Record<string, number> = {};
  for (let i = 0; i < 20; i++) {
    const id = service.selectAgent(candidates).agent_id;
    burst[id] = (burst[id] ?? 0) + 1;
  }

  // summariser-b's load climbs by 0.03 every 5 s: will it cross 0.8 within the next minute?
  for (let i = 1; i <= 6; i++) {
    now += 5_000;
    service.registerSignal({ agent_id: 'summariser-b', signal_type: 'load', value: 0.55 + 0.03 * i });
  }
  const prediction = service.predictOverload('summariser-b', { horizonSeconds: 60, threshold: 0.8 });

  // Signals expire after their TTL (30 s here); a periodic cleanup drops them.
  now += 31_000;
  const cleanedUp = service.removeExpired().removedSignals;

  return { routingScores, state, pick, cheapestPick, burst, prediction, cleanedUp };
}
