import { UnknownStrategyError } from './errors';
import { CapabilityMatchStrategy } from './strategies/capability-match';
import { LeastLoadedStrategy } from './strategies/least-loaded';
import { PowerOfTwoChoicesStrategy } from './strategies/power-of-two-choices';
import { RandomStrategy } from './strategies/random';
import { RoundRobinStrategy } from './strategies/round-robin';
import { StrategyName, type RoutingStrategy, type StrategyFactory, type StrategyFactoryOptions } from './strategy';

/**
 * Name → factory map through which strategies plug in. Packages that know about
 * coordination register their strategy here, so the router never imports them.
 */
export class StrategyRegistry {
  private readonly factories = new Map<string, StrategyFactory>();

  register(name: string, factory: StrategyFactory): this {
    if (typeof name !== 'string' || name.trim() === '') {
      throw new TypeError('Strategy name must be a non-empty string');
    }
    if (typeof factory !== 'function') {
      throw new TypeError(`Strategy "${name}" factory must be a function`);
    }
    if (this.factories.has(name)) {
      throw new Error(`Strategy "${name}" is already registered`);
    }
    this.factories.set(name, factory);
    return this;
  }

  unregister(name: string): boolean {
    return this.factories.delete(name);
  }

  has(name: string): boolean {
    return this.factories.has(name);
  }

  names(): string[] {
    return [...this.factories.keys()];
  }

  create(name: string, options: StrategyFactoryOptions): RoutingStrategy {
    const factory = this.factories.get(name);
    if (!factory) throw new UnknownStrategyError(name, this.names());
    const strategy = factory(options);
    if (typeof strategy?.select !== 'function') {
      throw new TypeError(`Strategy "${name}" factory did not return an object with select()`);
    }
    return strategy;
  }
}

/** A registry with every built-in strategy; RIPPLE_COORDINATION is added by router-ripple. */
export function createDefaultStrategyRegistry(): StrategyRegistry {
  return new StrategyRegistry()
    .register(StrategyName.RANDOM, () => new RandomStrategy())
    .register(StrategyName.ROUND_ROBIN, () => new RoundRobinStrategy())
    .register(StrategyName.LEAST_LOADED, () => new LeastLoadedStrategy())
    .register(StrategyName.CAPABILITY_MATCH, () => new CapabilityMatchStrategy())
    .register(StrategyName.POWER_OF_TWO_CHOICES, () => new PowerOfTwoChoicesStrategy());
}
