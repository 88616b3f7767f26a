import { StrategyName, type RoutingContext, type RoutingDecision, type RoutingStrategy } from '../strategy';
import { pickRandom } from './pick';

/**
 * Picks the candidate with the fewest deliveries in flight, as tracked by the router.
 * Ties break at random: always taking the first would pile an idle fleet's first burst
 * onto a single agent.
 */
export class LeastLoadedStrategy implements RoutingStrategy {
  readonly name: string = StrategyName.LEAST_LOADED;

  select(ctx: RoutingContext): RoutingDecision {
    const loads = ctx.candidates.map((agent) => ({ agentId: agent.id, inFlight: ctx.inFlight(agent.id) }));
    const min = Math.min(...loads.map((l) => l.inFlight));
    const lightest = loads.filter((l) => l.inFlight === min);
    const chosen = pickRandom(lightest, ctx.random);
    return {
      agentId: chosen.agentId,
      explanation: {
        strategy: this.name,
        reason:
          lightest.length > 1
            ? `fewest in flight (${min}), random among ${lightest.length} tied`
            : `fewest in flight (${min})`,
        candidates: loads.map((l) => ({ agentId: l.agentId, score: l.inFlight, inFlight: l.inFlight })),
      },
    };
  }
}
