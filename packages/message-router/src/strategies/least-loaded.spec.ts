import fc from 'fast-check';
import { LeastLoadedStrategy, mulberry32 } from '../index';
import { agent, context, countBy } from '../../test/helpers';

describe('LeastLoadedStrategy', () => {
  const agents = [agent('a'), agent('b'), agent('c')];

  it('picks the candidate with the fewest in flight', () => {
    const decision = new LeastLoadedStrategy().select(context(agents, { inFlight: { a: 3, b: 1, c: 2 } }));
    expect(decision.agentId).toBe('b');
    expect(decision.explanation?.candidates).toEqual(
      expect.arrayContaining([expect.objectContaining({ agentId: 'b', inFlight: 1 })]),
    );
  });

  it('breaks ties at random instead of always taking the first', () => {
    const strategy = new LeastLoadedStrategy();
    const random = mulberry32(3);
    const picks = Array.from({ length: 600 }, () => strategy.select(context(agents, { inFlight: { a: 1 }, random })).agentId);
    const counts = countBy(picks);
    expect(counts.a).toBeUndefined();
    expect(counts.b).toBeGreaterThan(240);
    expect(counts.c).toBeGreaterThan(240);
  });

  it('never picks an agent busier than the minimum', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(20), { minLength: 1, maxLength: 12 }), fc.integer(), (loads, seed) => {
        const candidates = loads.map((_, i) => agent(`a${i}`));
        const inFlight = Object.fromEntries(loads.map((l, i) => [`a${i}`, l]));
        const decision = new LeastLoadedStrategy().select(context(candidates, { inFlight, random: mulberry32(seed) }));
        expect(inFlight[decision.agentId]).toBe(Math.min(...loads));
      }),
    );
  });
});
