import { StrategyName, type RoutingContext, type RoutingDecision, type RoutingStrategy } from '../strategy';
import { randomIndex } from './pick';

/**
 * Samples two distinct candidates and keeps the one with fewer in flight (Mitzenmacher).
 * Nearly as balanced as least-loaded, but stale or shared load views do not make every
 * router herd onto the same minimum.
 */
export class PowerOfTwoChoicesStrategy implements RoutingStrategy {
  readonly name: string = StrategyName.POWER_OF_TWO_CHOICES;

  select(ctx: RoutingContext): RoutingDecision {
    const { candidates } = ctx;
    if (candidates.length === 1) {
      return {
        agentId: candidates[0].id,
        explanation: { strategy: this.name, reason: 'only one candidate' },
      };
    }
    const first = randomIndex(candidates.length, ctx.random);
    // Draw from the remaining n-1 slots and skip over `first`, so the pair is always distinct.
    let second = randomIndex(candidates.length - 1, ctx.random);
    if (second >= first) second += 1;
    const a = { agentId: candidates[first].id, inFlight: ctx.inFlight(candidates[first].id) };
    const b = { agentId: candidates[second].id, inFlight: ctx.inFlight(candidates[second].id) };
    // On a tie keep the first draw; it was already uniformly random.
    const winner = b.inFlight < a.inFlight ? b : a;
    return {
      agentId: winner.agentId,
      explanation: {
        strategy: this.name,
        reason: a.inFlight === b.inFlight ? 'sampled pair tied on in-flight; kept first draw' : 'fewer in flight of sampled pair',
        candidates: [a, b].map((c) => ({ ...c, score: c.inFlight })),
      },
    };
  }
}
