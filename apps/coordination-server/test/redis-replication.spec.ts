import Redis from 'ioredis';
import type { SensitivitySignalInput } from '@agentcore/coordination-core';
import { createReplicator, MemoryReplicator, RedisReplicator } from '../src/redis';
import { deleteKeys, TEST_REDIS_URL, sleep, startReplica, uniquePrefix, waitFor, type Replica } from '../src/testing';

// Against the shared Redis on 127.0.0.1:6379; every test writes under its own prefix and removes it.
describe('Redis replication between replicas', () => {
  let redis: Redis;
  let prefix: string;
  const replicas: Replica[] = [];

  async function replica(options: Partial<Parameters<typeof startReplica>[0]> = {}): Promise<Replica> {
    const r = await startReplica({ url: TEST_REDIS_URL, prefix, ...options });
    replicas.push(r);
    return r;
  }

  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(() => redis.quit());
  beforeEach(() => {
    prefix = uniquePrefix('replication');
  });
  afterEach(async () => {
    await Promise.all(replicas.splice(0).map((r) => r.close()));
    await deleteKeys(TEST_REDIS_URL, prefix);
  });

  it('makes a signal accepted on replica A count in selections on replica B', async () => {
    const a = await replica();
    const b = await replica();
    expect(b.replicator.status()).toMatchObject({ mode: 'connected', ready: true, buffered: 0, dropped: 0 });

    // Before A hears anything, B has no data and can only pick at random.
    expect(b.service.selectAgent(['busy', 'idle'], { recordAssignment: false }).reason).toBe('no_signals');
    a.accept([
      { agent_id: 'busy', signal_type: 'load', value: 0.95 },
      { agent_id: 'idle', signal_type: 'load', value: 0.05 },
    ]);
    await waitFor(() => b.service.getState('idle') !== null && b.service.getState('busy') !== null, 3_000, 'signals on B');

    const pick = b.service.selectAgent(['busy', 'idle'], { recordAssignment: false });
    expect(pick.agent_id).toBe('idle');
    expect(b.service.getState('busy')?.signals.load?.value).toBe(0.95);
    // The same signal, not a copy: ids and timestamps survive, so replicas converge on identical state.
    expect(b.service.getState('idle')?.signals.load).toEqual(a.service.getState('idle')?.signals.load);
    expect(b.replicator.status().lagMs).toBeGreaterThanOrEqual(0);
  });

  it('does not apply its own entries a second time', async () => {
    const a = await replica();
    const b = await replica();
    a.accept([{ agent_id: 'x', signal_type: 'quality', value: 0.7 }]);
    await waitFor(() => b.service.getState('x') !== null, 3_000, 'signal on B');
    await sleep(50);
    expect(a.service.metrics().total_signals).toBe(1);
    expect(a.service.metrics().duplicate_signals).toBe(0);
  });

  it('never re-shares signals it applied from others, even when publishing on every stored signal', async () => {
    const a = await replica();
    const b = await replica();
    // Wiring publish to the service's signal event is tempting; applied remote signals fire it too.
    b.service.on('signal', (s) => b.replicator.publish([s]));
    a.accept([{ agent_id: 'y', signal_type: 'cost', value: 0.2 }]);
    await waitFor(() => b.service.getState('y') !== null, 3_000, 'signal on B');
    await sleep(100);
    expect(await redis.xlen(`${prefix}signals`)).toBe(1);
    expect(b.replicator.status().buffered).toBe(0);
  });

  it('rebuilds the full state on a late-joining replica before it reports ready', async () => {
    const a = await replica({ maxSignalsPerEntry: 50 });
    const inputs: SensitivitySignalInput[] = [];
    for (let i = 0; i < 300; i++) {
      inputs.push({ agent_id: `agent-${i}`, signal_type: 'load', value: (i % 10) / 10 });
      inputs.push({ agent_id: `agent-${i}`, signal_type: 'capacity', value: 0.5 });
    }
    a.accept(inputs);
    await waitFor(async () => (await redis.xlen(`${prefix}signals`)) === 12, 3_000, 'entries in Redis');

    // Small pages force the rebuild to walk the stream in several reads.
    const late = await replica({ pageSize: 5 });
    expect(late.replicator.status().ready).toBe(true);
    expect(late.service.agentCount).toBe(300);
    const ids = inputs.map((s) => s.agent_id);
    const expected = a.service.getStates(ids);
    const rebuilt = late.service.getStates(ids);
    // Identical signals; scores only differ by the few ms of decay between the two reads.
    expect(rebuilt.map((s) => s.signals)).toEqual(expected.map((s) => s.signals));
    rebuilt.forEach((s, i) => expect(s.routing_score).toBeCloseTo(expected[i].routing_score, 4));

    // And it keeps following after the rebuild.
    a.accept([{ agent_id: 'agent-0', signal_type: 'load', value: 1 }]);
    await waitFor(() => late.service.getState('agent-0')?.signals.load?.value === 1, 3_000, 'update on late replica');
  });

  it('keeps signals that outlive the stream window under their own expiring keys', async () => {
    const a = await replica({ windowSeconds: 1, trimIntervalMs: 100 });
    a.accept([
      { agent_id: 'steady', signal_type: 'capacity', value: 0.75, ttl_seconds: 3600 },
      { agent_id: 'brief', signal_type: 'load', value: 0.3, ttl_seconds: 1 },
    ]);
    await waitFor(async () => (await redis.exists(`${prefix}long:capacity:steady`)) === 1, 3_000, 'long-lived key');
    const pttl = await redis.pttl(`${prefix}long:capacity:steady`);
    expect(pttl).toBeGreaterThan(3_500_000);
    expect(pttl).toBeLessThanOrEqual(3_600_000);
    expect(await redis.exists(`${prefix}long:load:brief`)).toBe(0);

    await sleep(1_300); // past the window: the stream entry is trimmed, the long-lived key is not
    const late = await replica({ windowSeconds: 1 });
    expect(late.service.getState('steady')?.signals.capacity?.value).toBe(0.75);
    expect(late.service.getState('brief')).toBeNull();
  });

  it('bounds Redis memory to the TTL window', async () => {
    const a = await replica({ windowSeconds: 1, trimIntervalMs: 200, maxSignalsPerEntry: 1 });
    const key = `${prefix}signals`;
    for (let round = 0; round < 20; round++) {
      const batch: SensitivitySignalInput[] = [];
      for (let i = 0; i < 100; i++) batch.push({ agent_id: `agent-${round}-${i}`, signal_type: 'load', value: 0.5, ttl_seconds: 1 });
      a.accept(batch);
      await sleep(1);
    }
    await waitFor(async () => (await redis.xlen(key)) >= 2_000, 5_000, 'all entries written');
    const fullBytes = Number(await redis.memory('USAGE', key));

    // No further writes: the periodic trim alone must shed the expired window.
    await waitFor(async () => (await redis.xlen(key)) < 100, 4_000, 'stream trimmed');
    const trimmedBytes = Number(await redis.memory('USAGE', key));
    expect(trimmedBytes).toBeLessThan(fullBytes / 10);
    expect(await redis.keys(`${prefix}long:*`)).toEqual([]);
    // Its own waits allow 5 s for the writes and 4 s for the trim; Jest's default 5 s would cut them short on a busy machine.
  }, 15_000);

  it('skips entries it cannot read and signals the local service rejects, applying the rest', async () => {
    const b = await replica();
    const key = `${prefix}signals`;
    const good = { signal_id: '00000000-0000-4000-8000-000000000001', agent_id: 'ok', signal_type: 'load', value: 0.4, timestamp: new Date().toISOString(), ttl_seconds: 60, confidence: 1 };
    const farFuture = { ...good, signal_id: '00000000-0000-4000-8000-000000000002', agent_id: 'future', timestamp: new Date(Date.now() + 3_600_000).toISOString() };
    await redis.xadd(key, '*', 'origin', 'other/1', 'signals', 'not json');
    await redis.xadd(key, '*', 'origin', 'other/1', 'signals', '{"not":"a list"}');
    await redis.xadd(key, '*', 'something', 'else');
    await redis.xadd(key, '*', 'origin', 'other/1', 'signals', JSON.stringify([good, farFuture, { junk: true }]));
    await redis.set(`${prefix}long:load:junk`, 'not json');
    await waitFor(() => b.service.getState('ok') !== null, 3_000, 'valid signal applied');
    expect(b.service.getState('future')).toBeNull();
    expect(b.replicator.status()).toMatchObject({ mode: 'connected', rejected: 1 });
  });

  it('reports a Redis error reply as degraded and recovers when the key is usable again', async () => {
    const key = `${prefix}signals`;
    await redis.set(key, 'not a stream'); // WRONGTYPE for every stream command
    const a = await replica({ startTimeoutMs: 300 });
    a.accept([{ agent_id: 'w', signal_type: 'load', value: 0.1 }]);
    await waitFor(() => a.replicator.status().mode === 'degraded', 3_000, 'degraded');
    await sleep(100); // let the publish attempt fail too, not just the reads
    expect(a.replicator.status().lastError).toMatch(/WRONGTYPE/);
    expect(a.replicator.status().buffered).toBe(1);
    expect(await redis.type(key)).toBe('string');

    await redis.del(key);
    await waitFor(() => a.replicator.status().mode === 'connected' && a.replicator.status().buffered === 0, 5_000, 'recovered');
    expect(await redis.xlen(key)).toBe(1);
  });

  it('flushes what is buffered when closed', async () => {
    const a = await replica();
    a.accept([{ agent_id: 'last', signal_type: 'load', value: 0.2 }]);
    await a.close();
    expect(await redis.xlen(`${prefix}signals`)).toBe(1);
    a.accept([{ agent_id: 'after', signal_type: 'load', value: 0.2 }]); // ignored once closed
    await a.close();
  });
});

describe('createReplicator', () => {
  it('runs in memory when no Redis URL is set', async () => {
    for (const url of [undefined, '', '   ']) {
      const replicator = createReplicator({ url, replicaId: 'solo', windowSeconds: 60 });
      expect(replicator).toBeInstanceOf(MemoryReplicator);
      await replicator.start(() => ({ rejected: 0 }));
      replicator.publish([]);
      expect(replicator.status()).toEqual({ mode: 'memory', ready: true, buffered: 0, dropped: 0, rejected: 0 });
      await replicator.close();
    }
  });

  it('uses Redis when a URL is set, and rejects a window that is not positive', async () => {
    const replicator = createReplicator({ url: TEST_REDIS_URL, replicaId: 'r', windowSeconds: 60 });
    expect(replicator).toBeInstanceOf(RedisReplicator);
    expect(replicator.status()).toMatchObject({ mode: 'degraded', ready: false });
    await replicator.close();
    expect(() => createReplicator({ url: TEST_REDIS_URL, replicaId: 'r', windowSeconds: 0 })).toThrow(RangeError);
  });

  it('refuses to start twice', async () => {
    const prefix = uniquePrefix('twice');
    const replicator = createReplicator({ url: TEST_REDIS_URL, prefix, replicaId: 'r', windowSeconds: 60 });
    await replicator.start(() => ({ rejected: 0 }));
    await expect(replicator.start(() => ({ rejected: 0 }))).rejects.toThrow('already started');
    await replicator.close();
    await deleteKeys(TEST_REDIS_URL, prefix);
  });
});
