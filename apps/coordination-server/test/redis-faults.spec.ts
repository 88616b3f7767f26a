import { applyShared } from '../src/redis';
import { createReplica, PrivateRedis, freePort, startReplica, uniquePrefix, waitFor, type Replica } from '../src/testing';

// These tests kill Redis, so they run their own redis-server on a spare port, never the shared one.
describe('replicas across a Redis outage', () => {
  let server: PrivateRedis;
  const replicas: Replica[] = [];
  const prefix = uniquePrefix('faults');
  // Short waits keep the outage tests quick; production defaults are longer.
  const fast = { blockMs: 200, startTimeoutMs: 500 };

  async function replica(): Promise<Replica> {
    const r = await startReplica({ url: server.url, prefix, ...fast });
    replicas.push(r);
    return r;
  }

  beforeEach(async () => {
    server = new PrivateRedis(await freePort());
    await server.start();
  });
  afterEach(async () => {
    await Promise.all(replicas.splice(0).map((r) => r.close()));
    await server.kill();
  });

  it('keeps serving through a Redis crash and re-converges after restart without intervention', async () => {
    const a = await replica();
    const b = await replica();
    a.accept([{ agent_id: 'before', signal_type: 'load', value: 0.5 }]);
    await waitFor(() => b.service.getState('before') !== null, 3_000, 'pre-outage signal on B');

    await server.kill();
    await waitFor(() => a.replicator.status().mode === 'degraded' && b.replicator.status().mode === 'degraded', 3_000, 'degraded');
    expect(a.replicator.status().lastError).toBeDefined();

    // Both still accept signals and answer selections from what they hold.
    a.accept([{ agent_id: 'during-a', signal_type: 'load', value: 0.9 }]);
    b.accept([
      { agent_id: 'during-b', signal_type: 'load', value: 0.1 },
      { agent_id: 'during-b', signal_type: 'availability', value: 1 },
    ]);
    expect(a.service.selectAgent(['before', 'during-a']).agent_id).toBe('before');
    expect(b.service.getState('during-b')).not.toBeNull();
    expect(a.replicator.status()).toMatchObject({ mode: 'degraded', ready: true, buffered: 1, dropped: 0 });
    expect(b.replicator.status()).toMatchObject({ mode: 'degraded', buffered: 2 });

    await server.start(); // same port, empty: nothing persisted
    const healed = (r: Replica) => r.replicator.status().mode === 'connected' && r.replicator.status().buffered === 0;
    await waitFor(() => healed(a) && healed(b), 8_000, 'reconnect and flush');
    await waitFor(() => a.service.getState('during-b') !== null && b.service.getState('during-a') !== null, 3_000, 'buffered signals exchanged');
    expect(a.service.getState('during-b')?.signals.load?.value).toBe(0.1);
    expect(b.service.getState('during-a')?.signals.load?.value).toBe(0.9);

    // A replica that joins now rebuilds what was shared since Redis came back.
    const late = await replica();
    expect(late.service.getState('during-a')).not.toBeNull();
    expect(late.service.getState('during-b')).not.toBeNull();
  }, 30_000);

  it('starts without shared state when Redis is down, then rebuilds once it appears', async () => {
    const writer = await replica();
    writer.accept([{ agent_id: 'old', signal_type: 'quality', value: 0.8 }]);
    await waitFor(() => writer.replicator.status().buffered === 0, 3_000, 'writer flushed');
    await server.kill();

    const started = Date.now();
    const late = createReplica({ url: server.url, prefix, ...fast, startTimeoutMs: 300 });
    replicas.push(late);
    await late.replicator.start((s) => applyShared(late.service, s));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(late.replicator.status()).toMatchObject({ mode: 'degraded', ready: true });

    await server.start();
    writer.accept([{ agent_id: 'new', signal_type: 'quality', value: 0.6 }]);
    await waitFor(() => late.service.getState('new') !== null, 8_000, 'signal after Redis returned');
    expect(late.replicator.status().mode).toBe('connected');
  }, 30_000);

  it('bounds the outage buffer and counts what it drops', async () => {
    const a = createReplica({ url: server.url, prefix, ...fast, maxBuffered: 5 });
    replicas.push(a);
    await a.replicator.start((s) => applyShared(a.service, s));
    await server.kill();
    await waitFor(() => a.replicator.status().mode === 'degraded', 3_000, 'degraded');
    for (let i = 0; i < 12; i++) a.accept([{ agent_id: `agent-${i}`, signal_type: 'load', value: 0.5 }]);
    expect(a.replicator.status()).toMatchObject({ buffered: 5, dropped: 7 });

    await server.start();
    const observer = await replica();
    // The newest five survived the overflow.
    await waitFor(() => observer.service.agentCount === 5, 8_000, 'buffer flushed');
    expect(observer.service.getState('agent-11')).not.toBeNull();
    expect(observer.service.getState('agent-6')).toBeNull();
  }, 30_000);

  it('closes promptly while Redis is unreachable', async () => {
    const a = await replica();
    await server.kill();
    a.accept([{ agent_id: 'x', signal_type: 'load', value: 0.5 }]);
    const started = Date.now();
    await a.close();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
