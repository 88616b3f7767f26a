import { createHarness } from '../test/harness';

function effectiveLoad(service: ReturnType<typeof createHarness>['service'], agentId: string): number {
  const candidate = service
    .selectAgent([agentId], { explain: true, recordAssignment: false })
    .explanation?.candidates.find((c) => c.agent_id === agentId);
  if (candidate === undefined) throw new Error('no explanation');
  return candidate.effective_load;
}

describe('completion feedback between load signals', () => {
  it('brings effective load back down as routed tasks finish', () => {
    const { service, reportAll } = createHarness();
    reportAll('a', { load: 0.25, capacity: 0.5 }); // 8 slots
    for (let i = 0; i < 4; i++) service.recordAssignment('a');
    expect(effectiveLoad(service, 'a')).toBeCloseTo(0.75);
    service.recordCompletion('a');
    service.recordCompletion('a');
    expect(effectiveLoad(service, 'a')).toBeCloseTo(0.5);
  });

  it('lets work in flight at the last report finish too, but never below zero load', () => {
    const { service, reportAll } = createHarness();
    reportAll('a', { load: 0.25, capacity: 0.5 }); // 2 of 8 slots busy when it reported
    service.recordCompletion('a');
    expect(effectiveLoad(service, 'a')).toBeCloseTo(0.125);
    service.recordCompletion('a', 10);
    expect(effectiveLoad(service, 'a')).toBe(0);
  });

  it('rejects counts that would corrupt effective load', () => {
    const { service, reportAll } = createHarness();
    reportAll('a', { load: 0.25 });
    for (const count of [Number.NaN, -1, 1.5, Number.POSITIVE_INFINITY]) {
      expect(() => service.recordCompletion('a', count)).toThrow(/count must be an integer >= 0/);
      expect(() => service.recordAssignment('a', count)).toThrow(/count must be an integer >= 0/);
    }
  });

  it('keeps a busy agent from looking idle next to one that just reported', () => {
    const { service, reportAll } = createHarness();
    reportAll('a', { load: 0.5, capacity: 0.5 });
    reportAll('b', { load: 0.5, capacity: 0.5 });
    // 'a' took 4 tasks and finished 3 of them; 'b' took 4 and finished none.
    for (let i = 0; i < 4; i++) {
      service.recordAssignment('a');
      service.recordAssignment('b');
    }
    service.recordCompletion('a', 3);
    expect(service.selectAgent(['a', 'b']).agent_id).toBe('a');
  });

  it('is a no-op for an unknown agent, and says so', () => {
    const { service, reportAll } = createHarness();
    expect(service.recordCompletion('ghost')).toBe(false);
    expect(service.recordAssignment('ghost')).toBe(false);
    expect(service.getState('ghost')).toBeNull();
    reportAll('a', { load: 0.5 });
    expect(service.recordCompletion('a')).toBe(true);
    expect(service.recordAssignment('a')).toBe(true);
  });
});
