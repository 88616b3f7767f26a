import { createDefaultStrategyRegistry, noopLogger, StrategyName, StrategyRegistry, UnknownStrategyError } from './index';
import type { RoutingStrategy } from './index';

const options = { random: Math.random, now: Date.now, logger: noopLogger };

describe('StrategyRegistry', () => {
  it('pre-registers every built-in strategy except ripple', () => {
    const registry = createDefaultStrategyRegistry();
    expect(registry.names().sort()).toEqual(
      ['CAPABILITY_MATCH', 'LEAST_LOADED', 'POWER_OF_TWO_CHOICES', 'RANDOM', 'ROUND_ROBIN'],
    );
    expect(registry.has(StrategyName.RIPPLE_COORDINATION)).toBe(false);
    for (const name of registry.names()) expect(registry.create(name, options).name).toBe(name);
  });

  it('names the available strategies when asked for an unknown one', () => {
    const registry = createDefaultStrategyRegistry();
    expect(() => registry.create(StrategyName.RIPPLE_COORDINATION, options)).toThrow(UnknownStrategyError);
    expect(() => registry.create('NOPE', options)).toThrow(
      'Unknown routing strategy "NOPE". Available: RANDOM, ROUND_ROBIN, LEAST_LOADED, CAPABILITY_MATCH, POWER_OF_TWO_CHOICES',
    );
    expect(() => new StrategyRegistry().create('X', options)).toThrow('Available: (none)');
  });

  it('accepts strategies plugged in from outside and hands them the factory options', () => {
    const registry = createDefaultStrategyRegistry();
    const factory = jest.fn((): RoutingStrategy => ({ name: 'CUSTOM', select: (ctx) => ({ agentId: ctx.candidates[0].id }) }));
    registry.register('CUSTOM', factory);
    expect(registry.create('CUSTOM', options).name).toBe('CUSTOM');
    expect(factory).toHaveBeenCalledWith(options);
    expect(registry.unregister('CUSTOM')).toBe(true);
    expect(registry.has('CUSTOM')).toBe(false);
  });

  it('rejects bad registrations', () => {
    const registry = createDefaultStrategyRegistry();
    expect(() => registry.register('', () => ({ name: '', select: () => ({ agentId: 'x' }) }))).toThrow('non-empty');
    expect(() => registry.register('X', 'nope' as never)).toThrow('factory must be a function');
    expect(() => registry.register(StrategyName.RANDOM, () => ({ name: 'R', select: () => ({ agentId: 'x' }) }))).toThrow(
      'Strategy "RANDOM" is already registered',
    );
    registry.register('BROKEN', () => ({}) as never);
    expect(() => registry.create('BROKEN', options)).toThrow('did not return an object with select()');
  });
});
