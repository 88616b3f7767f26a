import { RoundRobinStrategy } from '../index';
import { agent, context, countBy } from '../../test/helpers';

describe('RoundRobinStrategy', () => {
  const agents = [agent('a'), agent('b'), agent('c')];

  it('cycles through candidates in order', () => {
    const strategy = new RoundRobinStrategy();
    const picks = Array.from({ length: 7 }, () => strategy.select(context(agents, { capability: 'chat' })).agentId);
    expect(picks).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
  });

  it('shares work evenly over full cycles', () => {
    const strategy = new RoundRobinStrategy();
    const picks = Array.from({ length: 300 }, () => strategy.select(context(agents)).agentId);
    expect(countBy(picks)).toEqual({ a: 100, b: 100, c: 100 });
  });

  it('keeps a separate cursor per capability', () => {
    const strategy = new RoundRobinStrategy();
    const coders = [agent('x', ['code']), agent('y', ['code'])];
    expect(strategy.select(context(agents, { capability: 'chat' })).agentId).toBe('a');
    expect(strategy.select(context(coders, { capability: 'code' })).agentId).toBe('x');
    expect(strategy.select(context(agents, { capability: 'chat' })).agentId).toBe('b');
    expect(strategy.select(context(coders, { capability: 'code' })).agentId).toBe('y');
  });

  it('stays in range when the candidate list shrinks', () => {
    const strategy = new RoundRobinStrategy();
    strategy.select(context(agents));
    strategy.select(context(agents));
    expect(strategy.select(context([agent('a')])).agentId).toBe('a');
  });
});
