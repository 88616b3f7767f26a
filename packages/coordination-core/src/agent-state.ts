import type { AgentRecord } from './agent-record';
import type { AgentCoordinationState, Weights } from './models';
import { scoreAgent, type AgentView, type SelectionTuning } from './scoring';

/** An agent's state as `coordination.state` answers it: its active signals and their scores now. */
export function agentState(
  record: AgentRecord,
  now: number,
  scoring: { weights: Weights; capacityScale: number; tuning: SelectionTuning; view: AgentView },
): AgentCoordinationState {
  record.fillView(scoring.view, now);
  const breakdown = scoreAgent(scoring.view, scoring.weights, 0, scoring.capacityScale, scoring.tuning);
  return {
    agent_id: record.agentId,
    signals: record.activeSignals(now),
    load_score: breakdown.scores.load,
    capacity_score: breakdown.scores.capacity,
    quality_score: breakdown.scores.quality,
    cost_score: breakdown.scores.cost,
    availability_score: breakdown.scores.availability,
    routing_score: breakdown.routingScore,
    last_updated: new Date(record.lastUpdatedMs).toISOString(),
  };
}
