import { createHarness } from '../test/harness';
import { AgentLimitError } from './agent-index';

describe('the agent limit', () => {
  it('refuses a signal for a new agent once the limit is reached, nothing stored, and counts it rejected', () => {
    const h = createHarness({ maxAgents: 2 });
    h.report('a', 'load', 0.5);
    h.report('b', 'load', 0.5);
    expect(h.service.agentLimit).toBe(2);
    expect(() => h.report('c', 'load', 0.5)).toThrow(AgentLimitError);
    expect(h.service.getState('c')).toBeNull();
    expect(h.service.metrics()).toMatchObject({ agents_tracked: 2, rejected_signals: 1 });
    // Known agents still report.
    h.report('a', 'quality', 0.9);
    expect(h.service.getState('a')?.signals.quality?.value).toBe(0.9);
  });

  it('refuses a whole batch that would pass the limit, and says by how many agents', () => {
    const h = createHarness({ maxAgents: 3 });
    h.report('a', 'load', 0.5);
    let error: unknown;
    try {
      h.service.registerSignals([
        { agent_id: 'a', signal_type: 'quality', value: 0.5 },
        { agent_id: 'b', signal_type: 'load', value: 0.5 },
        { agent_id: 'c', signal_type: 'load', value: 0.5 },
        { agent_id: 'd', signal_type: 'load', value: 0.5 },
        { agent_id: 'd', signal_type: 'cost', value: 0.5 },
      ]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AgentLimitError);
    expect(error).toMatchObject({ maxAgents: 3, newAgents: 3, message: expect.stringContaining('at most 3 agents') });
    expect(h.service.agentCount).toBe(1);
    expect(h.service.getState('a')?.signals.quality).toBeUndefined();
    expect(h.service.metrics().rejected_signals).toBe(5);
    // A batch that fits is stored.
    expect(h.service.registerSignals([{ agent_id: 'b', signal_type: 'load', value: 0.5 }, { agent_id: 'c', signal_type: 'load', value: 0.5 }])).toHaveLength(2);
  });

  it('makes room as agents expire', () => {
    const h = createHarness({ maxAgents: 1 });
    h.report('short', 'load', 0.5, { ttl_seconds: 5 });
    expect(() => h.report('next', 'load', 0.5)).toThrow(AgentLimitError);
    h.advance(5_000);
    // No cleanup has run: the refusal sweeps first.
    h.report('next', 'load', 0.5);
    expect(h.service.listAgentIds().agent_ids).toEqual(['next']);
  });

  it('does not count signals that are already expired: they create no agent', () => {
    const h = createHarness({ maxAgents: 1 });
    h.report('a', 'load', 0.5);
    expect(h.service.registerSignals([{ agent_id: 'old', signal_type: 'load', value: 0.5, timestamp: 0, ttl_seconds: 1 }])).toHaveLength(1);
    h.report('old-too', 'load', 0.5, { timestamp: 0, ttl_seconds: 1 });
    expect(h.service.agentCount).toBe(1);
  });

  it('must be at least 1', () => {
    expect(() => createHarness({ maxAgents: 0 })).toThrow(/maxAgents/);
    expect(createHarness().service.agentLimit).toBe(Number.POSITIVE_INFINITY);
  });
});
