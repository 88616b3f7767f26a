import { mulberry32, RandomStrategy } from '../index';
import { agent, context, countBy } from '../../test/helpers';

const agents = ['a', 'b', 'c', 'd'].map((id) => agent(id));

describe('RandomStrategy', () => {
  it('makes the same choices for the same seed', () => {
    const pick = (seed: number) => {
      const strategy = new RandomStrategy();
      const random = mulberry32(seed);
      return Array.from({ length: 50 }, () => strategy.select(context(agents, { random })).agentId);
    };
    expect(pick(42)).toEqual(pick(42));
    expect(pick(42)).not.toEqual(pick(43));
  });

  it('spreads picks roughly uniformly', () => {
    const strategy = new RandomStrategy();
    const random = mulberry32(7);
    const picks = Array.from({ length: 20_000 }, () => strategy.select(context(agents, { random })).agentId);
    const counts = countBy(picks);
    for (const a of agents) {
      expect(counts[a.id]).toBeGreaterThan(5_000 * 0.93);
      expect(counts[a.id]).toBeLessThan(5_000 * 1.07);
    }
  });

  it('stays in range when the RNG returns exactly 1', () => {
    const decision = new RandomStrategy().select(context(agents, { random: () => 1 }));
    expect(decision.agentId).toBe('d');
    expect(decision.explanation?.strategy).toBe('RANDOM');
  });
});
