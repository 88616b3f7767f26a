import fc from 'fast-check';
import { mulberry32, PowerOfTwoChoicesStrategy } from '../index';
import { agent, context } from '../../test/helpers';

describe('PowerOfTwoChoicesStrategy', () => {
  it('never picks the more loaded of its two samples', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(10), { minLength: 2, maxLength: 10 }), fc.integer(), (loads, seed) => {
        const candidates = loads.map((_, i) => agent(`a${i}`));
        const inFlight = Object.fromEntries(loads.map((l, i) => [`a${i}`, l]));
        const decision = new PowerOfTwoChoicesStrategy().select(context(candidates, { inFlight, random: mulberry32(seed) }));
        const sampled = decision.explanation?.candidates ?? [];
        expect(sampled).toHaveLength(2);
        expect(sampled[0].agentId).not.toBe(sampled[1].agentId);
        expect(sampled.map((s) => s.agentId)).toContain(decision.agentId);
        expect(inFlight[decision.agentId]).toBe(Math.min(...sampled.map((s) => inFlight[s.agentId])));
      }),
    );
  });

  it('never picks the busiest agent when only one is busier than the rest', () => {
    const candidates = [agent('idle-1'), agent('busy'), agent('idle-2')];
    const strategy = new PowerOfTwoChoicesStrategy();
    const random = mulberry32(11);
    for (let i = 0; i < 200; i += 1) {
      expect(strategy.select(context(candidates, { inFlight: { busy: 5 }, random })).agentId).not.toBe('busy');
    }
  });

  it('samples two distinct agents even from a pair', () => {
    const candidates = [agent('a'), agent('b')];
    const decision = new PowerOfTwoChoicesStrategy().select(context(candidates, { inFlight: { a: 2, b: 1 }, random: () => 0 }));
    expect(decision.agentId).toBe('b');
  });

  it('takes the only candidate without sampling', () => {
    const decision = new PowerOfTwoChoicesStrategy().select(context([agent('solo')]));
    expect(decision).toMatchObject({ agentId: 'solo', explanation: { reason: 'only one candidate' } });
  });
});
