import { CoordinationService } from '@agentcore/coordination-core';
import { CORE_EVENTS, subscribeCore } from './core-events';

const row = (core: string) => {
  const found = CORE_EVENTS.find((r) => r.core === core);
  if (found === undefined) throw new Error(`no row for ${core}`);
  return found;
};

describe('the table of core events', () => {
  it('maps an overload prediction, keeping probability and time to overload', () => {
    const prediction = {
      agent_id: 'a1',
      will_overload: true,
      probability: 0.93,
      predicted_load: 0.97,
      current_load: 0.7,
      time_to_overload_seconds: 12.5,
      horizon_seconds: 60,
      threshold: 0.8,
      samples: 6,
    };
    expect(row('overloadPredicted').translate(prediction)).toEqual({
      type: 'overload_predicted',
      agentId: 'a1',
      data: { agent_id: 'a1', probability: 0.93, time_to_overload_seconds: 12.5, predicted_load: 0.97, current_load: 0.7, horizon_seconds: 60, threshold: 0.8 },
    });
    expect(row('overloadPredicted').family).toBe(row('overloadCleared').family);
  });

  // Core does not emit these yet on every branch; their rows read the payloads core is to send.
  it('maps overloadCleared from a prediction or a bare agent id', () => {
    expect(row('overloadCleared').translate({ agent_id: 'a1', probability: 0.1, current_load: 0.3, will_overload: false })).toEqual({
      type: 'overload_cleared',
      agentId: 'a1',
      data: { agent_id: 'a1', probability: 0.1, current_load: 0.3 },
    });
    expect(row('overloadCleared').translate('a2')).toEqual({ type: 'overload_cleared', agentId: 'a2', data: { agent_id: 'a2', probability: null, current_load: null } });
  });

  it('maps agentEjected { agentId, untilMs } and agentRestored (agentId)', () => {
    expect(row('agentEjected').translate({ agentId: 'a1', untilMs: Date.UTC(2026, 10, 25, 12) })).toEqual({
      type: 'agent_ejected',
      agentId: 'a1',
      data: { agent_id: 'a1', until: '2026-11-25T12:00:00.000Z' },
    });
    expect(row('agentEjected').translate({ agentId: 'a1' })).toMatchObject({ data: { until: null } });
    expect(row('agentRestored').translate('a1')).toEqual({ type: 'agent_restored', agentId: 'a1', data: { agent_id: 'a1' } });
    expect(row('agentExpired').translate('a9')).toEqual({ type: 'agent_expired', agentId: 'a9', data: { agent_id: 'a9' } });
  });

  it('ignores payloads that name no agent, and reads odd numbers as absent', () => {
    for (const r of CORE_EVENTS) {
      expect(r.translate(undefined)).toBeUndefined();
      expect(r.translate(42)).toBeUndefined();
      expect(r.translate({ agent_id: 7 })).toBeUndefined();
    }
    expect(row('overloadPredicted').translate({ agent_id: 'a', probability: Number.NaN })).toMatchObject({ data: { probability: 0, time_to_overload_seconds: null } });
  });

  it('subscribes to the events core has, and quietly skips those it has not', () => {
    const service = new CoordinationService({ clock: () => 1_000_000, random: () => 0.5 });
    const expired: unknown[] = [];
    const stop = subscribeCore(service, 'agentExpired', (payload) => expired.push(payload));
    expect(stop).toEqual(expect.any(Function));
    expect(subscribeCore(service, 'noSuchEventYet', () => undefined)).toBeUndefined();
    stop?.();
    service.registerSignal({ agent_id: 'a', signal_type: 'load', value: 0.5, ttl_seconds: 1, timestamp: 999_000 });
    service.removeExpired(2_000_000);
    expect(expired).toEqual([]);
  });
});
