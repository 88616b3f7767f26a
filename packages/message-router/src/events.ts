import type { DeliveryOutcome, RoutingDecision } from './strategy';

export interface DecisionEvent {
  messageId: string;
  traceId?: string;
  capability?: string;
  strategy: string;
  attempt: number;
  candidateIds: readonly string[];
  decision: RoutingDecision;
  /** Time spent inside the strategy's select; 0 for explicit recipients. */
  latencyNs: number;
}

export interface AttemptEvent {
  messageId: string;
  traceId?: string;
  agentId: string;
  strategy: string;
  attempt: number;
  outcome: DeliveryOutcome;
}

export type DecisionListener = (event: DecisionEvent) => void;
export type AttemptListener = (event: AttemptEvent) => void;
