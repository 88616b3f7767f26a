import { CoordinationService } from '@agentcore/coordination-core';
import { meetingMinQuality, MIN_QUALITY_VARIANT, RIPPLE_VARIANTS, taskMinQuality, variantStrategy } from './variants';

describe('ripple variants', () => {
  it('withholds delivery outcomes only in the no-feedback baseline', () => {
    const service = new CoordinationService({ clock: () => 0, random: () => 0.5 });
    const [baseline, quality] = RIPPLE_VARIANTS;
    expect(baseline.kind).toBe('baseline');
    expect(variantStrategy(service, baseline).onOutcome).toBeUndefined();
    expect(quality.kind).toBe('proposal');
    expect(variantStrategy(service, quality).onOutcome).toBeInstanceOf(Function);
    expect(RIPPLE_VARIANTS.map((v) => v.name)).not.toContain('ripple+feedback');
  });
});

describe('the minimum-quality proposal', () => {
  const agents = ['good', 'poor', 'down', 'ghost'].map((id) => ({ id, capabilities: [] }));
  function service(): CoordinationService {
    const s = new CoordinationService({ clock: () => 0, random: () => 0.5 });
    s.registerSignals([
      { agent_id: 'good', signal_type: 'quality', value: 0.9, timestamp: 0 },
      { agent_id: 'good', signal_type: 'cost', value: 1, timestamp: 0 },
      { agent_id: 'poor', signal_type: 'quality', value: 0.3, timestamp: 0 },
      { agent_id: 'poor', signal_type: 'cost', value: 0, timestamp: 0 },
      { agent_id: 'down', signal_type: 'quality', value: 1, timestamp: 0 },
      { agent_id: 'down', signal_type: 'availability', value: 0, timestamp: 0 },
    ]);
    return s;
  }

  it('reads the bar from the task payload', () => {
    expect(taskMinQuality({ minQuality: 0.7, dueMs: 1 })).toBe(0.7);
    expect([taskMinQuality(null), taskMinQuality('x'), taskMinQuality({ minQuality: '0.7' })]).toEqual([undefined, undefined, undefined]);
  });

  it('keeps the available candidates that meet the bar, or everyone when none does', () => {
    const s = service();
    expect(meetingMinQuality(s, agents, 0.8).map((a) => a.id)).toEqual(['good']);
    expect(meetingMinQuality(s, agents, 0.95)).toBe(agents);
    expect(meetingMinQuality(s, agents, undefined)).toBe(agents);
  });

  it('routes through ripple with the filter and passes outcomes on', () => {
    const s = service();
    const variant = RIPPLE_VARIANTS.find((v) => v.name === MIN_QUALITY_VARIANT);
    expect(variant?.kind).toBe('proposal');
    const strategy = variantStrategy(s, variant as (typeof RIPPLE_VARIANTS)[number]);
    const ctx = (minQuality: number) => ({
      message: { id: 'm', sender: 's', payload: { minQuality } },
      candidates: agents.slice(0, 2),
      inFlight: () => 0,
      random: () => 0.5,
      now: () => 0,
      attempt: 1,
    });
    expect(strategy.select(ctx(0.8)).agentId).toBe('good');
    expect(() => strategy.onOutcome?.('good', { messageId: 'm', success: true, latencyMs: 1, timedOut: false })).not.toThrow();
  });
});
