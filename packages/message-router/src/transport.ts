import { DeliveryError } from './errors';
import type { AgentRegistration, MessageEnvelope } from './envelope';

export interface DeliveryOptions {
  /** Transports should abandon the delivery by then; the router enforces it regardless. */
  timeoutMs: number;
}

/** Carries one message to one agent; resolves with the agent's response, rejects on failure. */
export interface Transport {
  deliver(agent: AgentRegistration, message: MessageEnvelope, options: DeliveryOptions): Promise<unknown>;
}

/** Calls the agent's in-process `handler`; for tests, simulations and co-located agents. */
export class InMemoryTransport implements Transport {
  async deliver(agent: AgentRegistration, message: MessageEnvelope): Promise<unknown> {
    if (typeof agent.handler !== 'function') {
      throw new DeliveryError(`Agent ${agent.id} has no in-process handler`, agent.id);
    }
    return agent.handler(message);
  }
}
