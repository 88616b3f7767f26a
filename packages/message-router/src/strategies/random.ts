import { StrategyName, type RoutingContext, type RoutingDecision, type RoutingStrategy } from '../strategy';
import { randomIndex } from './pick';

/** Uniform choice among candidates: the baseline every other policy is measured against. */
export class RandomStrategy implements RoutingStrategy {
  readonly name: string = StrategyName.RANDOM;

  select(ctx: RoutingContext): RoutingDecision {
    const index = randomIndex(ctx.candidates.length, ctx.random);
    return {
      agentId: ctx.candidates[index].id,
      explanation: {
        strategy: this.name,
        reason: `uniform random pick ${index + 1} of ${ctx.candidates.length}`,
      },
    };
  }
}
