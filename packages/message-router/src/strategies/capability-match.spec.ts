import { CapabilityMatchStrategy } from '../index';
import { agent, context } from '../../test/helpers';

describe('CapabilityMatchStrategy', () => {
  const generalist = agent('generalist', ['code', 'chat', 'search']);
  const coderA = agent('coder-a', ['code']);
  const coderB = agent('coder-b', ['code']);
  const polyglot = agent('polyglot', ['code', 'chat']);

  it('sends work to the agents with the fewest capabilities beyond the required one', () => {
    const strategy = new CapabilityMatchStrategy();
    const picks = Array.from(
      { length: 6 },
      () => strategy.select(context([generalist, coderA, polyglot, coderB], { capability: 'code' })).agentId,
    );
    expect(picks).toEqual(['coder-a', 'coder-b', 'coder-a', 'coder-b', 'coder-a', 'coder-b']);
  });

  it('falls back to the next most specialised tier when no specialist is left', () => {
    const decision = new CapabilityMatchStrategy().select(context([generalist, polyglot], { capability: 'code' }));
    expect(decision.agentId).toBe('polyglot');
    expect(decision.explanation?.candidates).toEqual([
      expect.objectContaining({ agentId: 'generalist', extraCapabilities: 2 }),
      expect.objectContaining({ agentId: 'polyglot', extraCapabilities: 1 }),
    ]);
  });

  it('prefers agents with the fewest capabilities overall when none is required', () => {
    const decision = new CapabilityMatchStrategy().select(context([generalist, polyglot, coderA]));
    expect(decision.agentId).toBe('coder-a');
  });
});
