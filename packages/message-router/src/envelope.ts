/** A message handler an in-process agent exposes to {@link InMemoryTransport}. */
export type AgentHandler = (message: MessageEnvelope) => Promise<unknown> | unknown;

export interface AgentRegistration {
  id: string;
  capabilities: readonly string[];
  /** URL that {@link HttpTransport} POSTs to. */
  endpoint?: string;
  handler?: AgentHandler;
  metadata?: Record<string, unknown>;
}

export interface MessageEnvelope {
  id: string;
  sender: string;
  /** Required capability; absent means any registered agent may take the message. */
  capability?: string;
  payload: unknown;
  trace_id?: string;
  /** Names the agent outright: the strategy is bypassed, delivery and stats are not. */
  recipient?: string;
}
