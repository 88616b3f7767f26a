import type { RoutingContext, RoutingDecision, RoutingStrategyImpl } from '../types';
import { RoutingStrategy } from '../types';
import { randomIndex } from './pick';

/** Uniform choice among candidates: the baseline every other policy is measured against. */
export class RandomStrategy implements RoutingStrategyImpl {
  readonly name: string = RoutingStrategy.RANDOM;

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
