import { AgentRegistrationError } from './errors';
import type { AgentRegistration } from './envelope';

/**
 * The set of agents a router can deliver to. Lists keep registration order so that
 * order-sensitive strategies (round robin, capability match) behave predictably.
 */
export class AgentRegistry {
  private readonly agents = new Map<string, AgentRegistration>();
  // Per-capability index: candidate lookup is on the hot path of every decision.
  private readonly byCapability = new Map<string, Map<string, AgentRegistration>>();

  constructor(agents: Iterable<AgentRegistration> = []) {
    for (const agent of agents) this.register(agent);
  }

  get size(): number {
    return this.agents.size;
  }

  register(agent: AgentRegistration): AgentRegistration {
    if (typeof agent?.id !== 'string' || agent.id.trim() === '') {
      throw new AgentRegistrationError('Agent id must be a non-empty string');
    }
    if (this.agents.has(agent.id)) {
      throw new AgentRegistrationError(`Agent "${agent.id}" is already registered; unregister it first`);
    }
    if (!Array.isArray(agent.capabilities) || agent.capabilities.some((c) => typeof c !== 'string' || c === '')) {
      throw new AgentRegistrationError(`Agent "${agent.id}" capabilities must be an array of non-empty strings`);
    }
    // Frozen copy: a caller mutating its object later must not silently change routing.
    const stored: AgentRegistration = Object.freeze({
      ...agent,
      capabilities: Object.freeze([...new Set(agent.capabilities)]),
    });
    this.agents.set(stored.id, stored);
    for (const capability of stored.capabilities) {
      let bucket = this.byCapability.get(capability);
      if (!bucket) {
        bucket = new Map();
        this.byCapability.set(capability, bucket);
      }
      bucket.set(stored.id, stored);
    }
    return stored;
  }

  unregister(id: string): boolean {
    const agent = this.agents.get(id);
    if (!agent) return false;
    this.agents.delete(id);
    for (const capability of agent.capabilities) {
      const bucket = this.byCapability.get(capability);
      bucket?.delete(id);
      if (bucket?.size === 0) this.byCapability.delete(capability);
    }
    return true;
  }

  has(id: string): boolean {
    return this.agents.has(id);
  }

  get(id: string): AgentRegistration | undefined {
    return this.agents.get(id);
  }

  list(): readonly AgentRegistration[] {
    return [...this.agents.values()];
  }

  /** Agents offering `capability`, or every agent when no capability is required. */
  candidatesFor(capability?: string): readonly AgentRegistration[] {
    if (capability === undefined) return this.list();
    const bucket = this.byCapability.get(capability);
    return bucket ? [...bucket.values()] : [];
  }
}
