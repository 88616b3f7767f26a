import { createHarness, T0 } from '../test/harness';
import { ValidationError } from './errors';
import { AgentCoordinationStateSchema, type AgentCoordinationState } from './models';

function ids(states: AgentCoordinationState[]): string[] {
  return states.map((s) => s.agent_id);
}

describe('agent state', () => {
  it('returns the wire-format state of one agent', () => {
    const h = createHarness();
    h.reportAll('a', { load: 0.2, quality: 0.9 });
    h.advance(2_000);
    const state = h.service.getState('a');
    expect(AgentCoordinationStateSchema.parse(state)).toEqual(state);
    expect(state).toMatchObject({
      agent_id: 'a',
      last_updated: new Date(T0).toISOString(),
      signals: { load: { value: 0.2, signal_type: 'load' }, quality: { value: 0.9 } },
    });
    expect(Object.keys(state?.signals ?? {}).sort()).toEqual(['load', 'quality']);
  });

  it('returns null for an agent it has never heard of', () => {
    expect(createHarness().service.getState('nobody')).toBeNull();
    expect(createHarness().service.routingScore('nobody')).toBeNull();
  });

  it('returns many states in the order asked, leaving out unknown ids', () => {
    const h = createHarness();
    for (const id of ['a', 'b', 'c']) h.report(id, 'load', 0.5);
    expect(ids(h.service.getStates(['c', 'zz', 'a']))).toEqual(['c', 'a']);
  });

  it('scores many agents at once, leaving out unknown ids', () => {
    const h = createHarness();
    h.report('a', 'quality', 1);
    h.report('b', 'quality', 0);
    const scores = h.service.routingScores(['a', 'b', 'zz'], { quality: 1 });
    expect(scores).toEqual({ a: 1, b: 0 });
    expect(h.service.routingScores(['a']).a).toBeCloseTo(h.service.routingScore('a') ?? NaN, 12);
  });

  describe('listing all agents', () => {
    const setup = () => {
      const h = createHarness();
      for (const id of ['e', 'b', 'd', 'a', 'c']) h.report(id, 'load', 0.5);
      return h;
    };

    it('pages through every agent in id order with an opaque cursor', () => {
      const { service } = setup();
      const first = service.listStates({ limit: 2 });
      expect(ids(first.states)).toEqual(['a', 'b']);
      expect(first.next_cursor).toEqual(expect.any(String));
      const second = service.listStates({ limit: 2, cursor: first.next_cursor });
      expect(ids(second.states)).toEqual(['c', 'd']);
      const third = service.listStates({ limit: 2, cursor: second.next_cursor });
      expect(ids(third.states)).toEqual(['e']);
      expect(third.next_cursor).toBeNull();
    });

    it('returns everything on one page by default', () => {
      const page = setup().service.listStates();
      expect(ids(page.states)).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(page.next_cursor).toBeNull();
      expect(setup().service.listStates({ cursor: null }).states).toHaveLength(5);
    });

    it('keeps going from the cursor even if the agent it names has gone', () => {
      const h = setup();
      const first = h.service.listStates({ limit: 2 });
      h.report('bb', 'load', 0.1);
      expect(ids(h.service.listStates({ limit: 2, cursor: first.next_cursor }).states)).toEqual(['bb', 'c']);
    });

    it.each(['not a cursor!', '', '@@@'])('rejects cursor %p that it did not issue', (cursor) => {
      const { service } = setup();
      let error: unknown;
      try {
        service.listStates({ cursor });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0].path).toBe('cursor');
    });

    it.each([0, -1, 1.5, 1001, Number.NaN])('rejects limit %p', (limit) => {
      expect(() => setup().service.listStates({ limit })).toThrow(/limit must be an integer from 1 to 1000/);
    });
  });
});

describe('listing with many agents', () => {
  it('pages through 5,000 agents in order without sorting per call, and sees agents come and go', () => {
    const h = createHarness();
    const all = Array.from({ length: 5000 }, (_, i) => `agent-${String((i * 7919) % 5000).padStart(5, '0')}`);
    h.service.registerSignals(all.map((agent_id) => ({ agent_id, signal_type: 'load', value: 0.5, ttl_seconds: 10 })));
    h.report('late-expiring', 'load', 0.5, { ttl_seconds: 60 });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = h.service.listStates({ limit: 1000, cursor });
      seen.push(...ids(page.states));
      cursor = page.next_cursor;
    } while (cursor !== null);
    expect(seen).toEqual([...all, 'late-expiring'].sort());

    const firstIds = h.service.listAgentIds({ limit: 3 });
    expect(firstIds.agent_ids).toEqual(['agent-00000', 'agent-00001', 'agent-00002']);
    expect(h.service.listAgentIds({ limit: 3, cursor: firstIds.next_cursor }).agent_ids).toEqual(['agent-00003', 'agent-00004', 'agent-00005']);

    // The short-lived agents expire; the listing sweeps them out of the index.
    h.advance(11_000);
    expect(ids(h.service.listStates({ limit: 1000 }).states)).toEqual(['late-expiring']);
    expect(h.service.listAgentIds().agent_ids).toEqual(['late-expiring']);
  });
});
