import type { AgentRegistration } from '../envelope';
import { StrategyName, type RoutingContext, type RoutingDecision, type RoutingStrategy } from '../strategy';
import { capabilityKey } from './pick';

/**
 * Prefers specialists. An agent's specialisation cost is the number of capabilities it
 * declares beyond the one the message requires (all of them when none is required); the
 * lowest-cost tier takes the message, rotating round robin inside the tier so specialists
 * share the work. Generalists are kept free for work only they can do, and get a message
 * only when no specialist is left (none registered, or all already failed this message).
 */
export class CapabilityMatchStrategy implements RoutingStrategy {
  readonly name: string = StrategyName.CAPABILITY_MATCH;
  private readonly cursors = new Map<string, number>();

  select(ctx: RoutingContext): RoutingDecision {
    const required = ctx.message.capability;
    const scored = ctx.candidates.map((agent) => ({ agent, extra: extraCapabilities(agent, required) }));
    const best = Math.min(...scored.map((s) => s.extra));
    const tier = scored.filter((s) => s.extra === best);
    const key = capabilityKey(required);
    const index = (this.cursors.get(key) ?? 0) % tier.length;
    this.cursors.set(key, (index + 1) % tier.length);
    return {
      agentId: tier[index].agent.id,
      explanation: {
        strategy: this.name,
        reason: `most specialised tier (${best} extra capabilities, ${tier.length} agent(s)), rotating`,
        candidates: scored.map((s) => ({ agentId: s.agent.id, score: s.extra, extraCapabilities: s.extra })),
      },
    };
  }
}

function extraCapabilities(agent: AgentRegistration, required: string | undefined): number {
  if (required === undefined) return agent.capabilities.length;
  // Counted in place: this runs for every candidate on every decision.
  let extra = 0;
  for (const capability of agent.capabilities) if (capability !== required) extra += 1;
  return extra;
}
