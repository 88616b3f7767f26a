import { StrategyName, type RoutingContext, type RoutingDecision, type RoutingStrategy } from '../strategy';
import { capabilityKey } from './pick';

/**
 * Cycles through candidates in registration order. The cursor is kept per capability so
 * traffic for one capability does not skew the rotation of another.
 */
export class RoundRobinStrategy implements RoutingStrategy {
  readonly name: string = StrategyName.ROUND_ROBIN;
  private readonly cursors = new Map<string, number>();

  select(ctx: RoutingContext): RoutingDecision {
    const key = capabilityKey(ctx.message.capability);
    const cursor = this.cursors.get(key) ?? 0;
    const index = cursor % ctx.candidates.length;
    // Wrap the stored cursor so it never loses integer precision on long-running routers.
    this.cursors.set(key, (index + 1) % ctx.candidates.length);
    return {
      agentId: ctx.candidates[index].id,
      explanation: {
        strategy: this.name,
        reason: `next in rotation (position ${index + 1} of ${ctx.candidates.length})`,
      },
    };
  }
}
