import { createHarness, type Harness } from '../test/harness';
import { OUTLOOK_REFRESH_MS } from './admission';

/** An agent with `slots` slots and 10 s tasks, reporting `load` now. */
function agentAt(h: Harness, id: string, load: number, slots = 1): void {
  h.service.registerSignals([
    { agent_id: id, signal_type: 'load', value: load },
    { agent_id: id, signal_type: 'capacity', value: slots / 16 },
    { agent_id: id, signal_type: 'latency', value: 0.9 },
  ]);
}

describe('CoordinationService: admission', () => {
  it('holds when a task sent now would more likely than not wait on every candidate, with when to ask again', () => {
    const h = createHarness();
    agentAt(h, 'a', 1);
    agentAt(h, 'b', 1, 2);
    h.service.scanOverloads(); // every agent's outlook is known after a scan
    const result = h.service.selectAgent(['a', 'b'], { admission: true });
    expect(result).toMatchObject({ admitted: false });
    expect(result.retry_after_ms).toBeGreaterThanOrEqual(100);
    expect(result.retry_after_ms).toBeLessThanOrEqual(30_000);
    // Nothing was counted: no pick, no selection; the hold is counted on its own.
    expect(h.service.metrics()).toMatchObject({ selections: 0, selections_held: 1 });
    h.service.recordCompletion('a'); // an end lets the outlook be looked at again
    expect(h.service.selectAgent(['a', 'b'], { admission: true }).admitted).toBe(false);
  });

  it('admits when any candidate has room, or is unknown, and counts the pick as usual', () => {
    const h = createHarness();
    agentAt(h, 'busy', 1);
    agentAt(h, 'idle', 0, 4);
    const result = h.service.selectAgent(['busy', 'idle'], { admission: true });
    expect(result).toMatchObject({ admitted: true, agent_id: 'idle' });
    expect(result.retry_after_ms).toBeUndefined();
    expect(h.service.metrics()).toMatchObject({ selections: 1, selections_held: 0 });
    expect(h.service.selectAgent(['busy', 'stranger'], { admission: true }).admitted).toBe(true);
    const quiet = createHarness();
    quiet.report('q', 'quality', 0.9); // known, but no load signal: no outlook
    expect(quiet.service.selectAgent(['q'], { admission: true }).admitted).toBe(true);
    // Without admission nothing is said about it.
    expect(h.service.selectAgent(['busy']).admitted).toBeUndefined();
  });

  it('refreshes a cached outlook lazily: when stale, at most one per selection', () => {
    const h = createHarness();
    agentAt(h, 'a', 1);
    agentAt(h, 'b', 1);
    // Before any scan: the first selection refreshes only 'a'; 'b' has no outlook yet, so it admits.
    expect(h.service.selectAgent(['a', 'b'], { admission: true, recordAssignment: false }).admitted).toBe(true);
    // The next one refreshes 'b' ('a' is fresh): now both are known busy.
    expect(h.service.selectAgent(['a', 'b'], { admission: true, recordAssignment: false }).admitted).toBe(false);
    h.advance(OUTLOOK_REFRESH_MS + 1);
    agentAt(h, 'a', 0); // 'a' reports it is idle; its outlook is stale and refreshed first
    expect(h.service.selectAgent(['a', 'b'], { admission: true }).admitted).toBe(true);
  });

  it('refuses a hold threshold outside (0, 1]', () => {
    expect(() => createHarness({ prediction: { holdAt: 0 } })).toThrow(/holdAt/);
    expect(() => createHarness({ prediction: { holdAt: 1.5 } })).toThrow(/holdAt/);
  });
});
