import { rpc, startServer, type TestServer } from './helpers';

/** What docs/server.md says about signals that arrive already expired, and about agents_tracked. */
describe('signals already past their TTL, and agents_tracked', () => {
  let t: TestServer;
  let now = Date.UTC(2026, 10, 25, 12, 0, 0);
  beforeAll(async () => {
    // A hand-driven clock: nothing expires unless the test moves it, and the cleanup timer never runs.
    t = await startServer({ COORDINATION_CLEANUP_INTERVAL: '3600' }, { clock: () => now, logLevel: 'error' });
  });
  afterAll(() => t.close());

  const call = async (method: string, params?: unknown) => (await t.post(rpc(method, params))).body as { result: Record<string, unknown> | null };
  const metrics = async () => (await call('coordination.metrics')).result as { agents_tracked: number; active_signals: number; total_signals: number };
  const gauge = async () => Number(/^coordination_agents_tracked (\d+)$/m.exec(await (await fetch(`${t.url}/metrics`)).text())?.[1]);

  it('accepts a signal with epoch seconds for a timestamp, but it never becomes active', async () => {
    const before = await metrics();
    const seconds = Math.floor(now / 1000);
    const { result } = await call('coordination.signal', { agent_id: 'stale-new', signal_type: 'load', value: 0.9, timestamp: seconds });
    expect(result).toMatchObject({ accepted: 1, signal_ids: [expect.any(String)] });
    expect((await call('coordination.state', { agent_id: 'stale-new' })).result).toBeNull();
    const after = await metrics();
    expect(after.total_signals).toBe(before.total_signals + 1);
    expect(after.agents_tracked).toBe(before.agents_tracked);
    expect(after.active_signals).toBe(before.active_signals);
  });

  it('keeps a stale signal of a tracked agent out of its state', async () => {
    await call('coordination.signal', { agent_id: 'stale-known', signal_type: 'load', value: 0.2 });
    await call('coordination.signal', { agent_id: 'stale-known', signal_type: 'load', value: 0.95, timestamp: now - 120_000, ttl_seconds: 60 });
    const state = (await call('coordination.state', { agent_id: 'stale-known' })).result as { signals: { load: { value: number } } };
    expect(state.signals.load.value).toBe(0.2);
  });

  it('counts agents_tracked exactly, without waiting for the background cleanup', async () => {
    await call('coordination.signal', { agent_id: 'brief', signal_type: 'load', value: 0.5, ttl_seconds: 5 });
    const tracked = (await metrics()).agents_tracked;
    expect(await gauge()).toBe(tracked);
    now += 6_000;
    expect((await metrics()).agents_tracked).toBe(tracked - 1);
    expect(await gauge()).toBe(tracked - 1);
    expect((await call('coordination.state', { agent_id: 'brief' })).result).toBeNull();
  });
});
