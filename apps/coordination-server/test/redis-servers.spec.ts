import Redis from 'ioredis';
import type { SensitivitySignalInput } from '@agentcore/coordination-core';
import { createReplicator, type ReplicatorOptions, type ReplicatorStatus, type StateReplicator } from '../src/redis';
import { createLogger, type ServerDeps } from '../src';
import { LogCapture, startServer, type TestServer } from './helpers';
import { deleteKeys, PrivateRedis, TEST_REDIS_URL, freePort, uniquePrefix, waitFor } from '../src/testing';

// Whole servers, each with its own Redis replicator, driven over HTTP with the real client: what a
// deployment of several replicas behind a load balancer does. Tests write under their own key
// prefix; the outage test runs a redis-server of its own and never touches the shared one.

interface ReplicaServer extends TestServer {
  replicator: StateReplicator;
}

interface ReadyBody {
  status: string;
  ready: boolean;
  reasons: string[];
  replication: ReplicatorStatus;
}

async function readyz(server: TestServer): Promise<{ status: number; body: ReadyBody }> {
  const response = await fetch(`${server.url}/readyz`);
  return { status: response.status, body: (await response.json()) as ReadyBody };
}

/** The replication samples of one `/metrics` scrape, keyed by name plus labels as exposed. */
async function replicationMetrics(server: TestServer): Promise<Map<string, number>> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const samples = new Map<string, number>();
  for (const match of text.matchAll(/^(coordination_replication_[a-z_]+(?:\{[^}]*\})?) (\S+)$/gm)) samples.set(match[1], Number(match[2]));
  return samples;
}

async function modeSeries(server: TestServer): Promise<Record<string, number | undefined>> {
  const metrics = await replicationMetrics(server);
  return {
    memory: metrics.get('coordination_replication_mode{mode="memory"}'),
    connected: metrics.get('coordination_replication_mode{mode="connected"}'),
    degraded: metrics.get('coordination_replication_mode{mode="degraded"}'),
  };
}

describe('coordination-server replicas sharing state through Redis, over HTTP', () => {
  const running: ReplicaServer[] = [];
  const cleanups: Array<() => Promise<void>> = [];

  async function replicaServer(
    url: string,
    prefix: string,
    name: string,
    options: Partial<ReplicatorOptions> = {},
    deps: Pick<ServerDeps, 'clock'> = {},
  ): Promise<ReplicaServer> {
    // One logger for the server and its replicator, as main.ts wires them.
    const logs = new LogCapture();
    const logger = createLogger({ level: 'info', stream: logs });
    const replicator = createReplicator({ url, prefix, replicaId: name, windowSeconds: 60, logger, ...options });
    const server = await startServer({}, { ...deps, replicator, logger });
    const replica = { ...server, logs, replicator };
    running.push(replica);
    return replica;
  }

  async function whenReady(...servers: TestServer[]): Promise<void> {
    for (const server of servers) await waitFor(async () => (await readyz(server)).status === 200, 5_000, `${server.url} ready`);
  }

  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.close()));
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  function sharedPrefix(label: string): string {
    const prefix = uniquePrefix(label);
    cleanups.push(() => deleteKeys(TEST_REDIS_URL, prefix));
    return prefix;
  }

  it('makes a signal reported to replica A count in select and state on replica B', async () => {
    const prefix = sharedPrefix('servers');
    const a = await replicaServer(TEST_REDIS_URL, prefix, 'a');
    const b = await replicaServer(TEST_REDIS_URL, prefix, 'b');
    await whenReady(a, b);
    expect((await readyz(b)).body).toMatchObject({ status: 'ready', replication: { mode: 'connected', ready: true, buffered: 0, dropped: 0 } });
    const onA = a.client();
    const onB = b.client();

    expect((await onB.select(['busy', 'idle'])).reason).toBe('no_signals');
    const { signal_ids } = await onA.signals([
      { agent_id: 'busy', signal_type: 'load', value: 0.95 },
      { agent_id: 'idle', signal_type: 'load', value: 0.05 },
    ]);
    const sent = Date.now();
    await waitFor(async () => (await onB.states(['busy', 'idle'])).length === 2, 1_000, 'signals from A on B');
    expect(Date.now() - sent).toBeLessThan(1_000);

    const pick = await onB.select(['busy', 'idle']);
    expect(pick).toMatchObject({ agent_id: 'idle', reason: 'highest_score' });
    const stateOnB = await onB.state('idle');
    expect(stateOnB?.signals.load?.signal_id).toBe(signal_ids[1]);
    // The same signal, not a copy: id, value and timestamp survive the trip.
    expect(stateOnB?.signals).toEqual((await onA.state('idle'))?.signals);
    expect((await onB.listStates()).states.map((s) => s.agent_id).sort()).toEqual(['busy', 'idle']);

    // And the other way round.
    await onB.signal({ agent_id: 'from-b', signal_type: 'quality', value: 0.8 });
    await waitFor(async () => (await onA.state('from-b')) !== null, 1_000, 'signal from B on A');

    expect(await modeSeries(b)).toEqual({ memory: 0, connected: 1, degraded: 0 });
    const metrics = await replicationMetrics(b);
    expect(metrics.get('coordination_replication_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(metrics.get('coordination_replication_lag_seconds')).toBeLessThan(5);
    expect(metrics.get('coordination_replication_buffered_signals')).toBe(0);
    expect(metrics.get('coordination_replication_dropped_signals_total')).toBe(0);
  });

  it('keeps a late replica out of rotation until it has rebuilt, then answers with the full state', async () => {
    const prefix = sharedPrefix('servers-late');
    // One signal per stream entry, so the late replica has many entries to replay.
    const a = await replicaServer(TEST_REDIS_URL, prefix, 'a', { maxSignalsPerEntry: 1 });
    await whenReady(a);
    const agents = Array.from({ length: 200 }, (_, i) => `agent-${i}`);
    const inputs: SensitivitySignalInput[] = agents.flatMap((agent_id, i) => [
      { agent_id, signal_type: 'load', value: i === 137 ? 0.01 : 0.5 + (i % 5) / 10 },
      { agent_id, signal_type: 'availability', value: 1 },
    ]);
    expect((await a.client().signals(inputs)).accepted).toBe(400);
    const redis = new Redis(TEST_REDIS_URL);
    try {
      await waitFor(async () => (await redis.xlen(`${prefix}signals`)) === 400, 3_000, 'entries in Redis');
    } finally {
      redis.disconnect();
    }

    // One entry per read: the rebuild takes hundreds of round trips, long enough to be seen.
    const late = await replicaServer(TEST_REDIS_URL, prefix, 'late', { pageSize: 1 });
    const seen: number[] = [];
    let first: ReadyBody | undefined;
    for (;;) {
      const { status, body } = await readyz(late);
      first ??= body;
      seen.push(status);
      if (status === 200) break;
      expect(status).toBe(503);
    }
    const onLate = late.client();
    // Asked right after the first 200: nothing may be missing.
    const rebuilt = await onLate.states(agents);
    expect(seen[0]).toBe(503);
    expect(first).toMatchObject({ status: 'not_ready', ready: false, reasons: ['shared state not rebuilt yet'], replication: { ready: false } });
    expect(rebuilt).toHaveLength(200);
    const original = await a.client().states(agents);
    expect(rebuilt.map((s) => s.signals)).toEqual(original.map((s) => s.signals));
    expect((await onLate.metrics()).agents_tracked).toBe(200);
    expect(await onLate.select(agents)).toMatchObject({ agent_id: 'agent-137', reason: 'highest_score' });
    expect((await readyz(late)).body.replication).toMatchObject({ mode: 'connected', ready: true });

    // It keeps following after the rebuild.
    await a.client().signal({ agent_id: 'agent-0', signal_type: 'load', value: 1 });
    await waitFor(async () => (await onLate.state('agent-0'))?.signals.load?.value === 1, 1_000, 'update on the late replica');
  });

  it('keeps the valid signals of a shared batch that holds one this replica refuses, and counts the refused one', async () => {
    const prefix = sharedPrefix('servers-rejected');
    // A's clock runs an hour ahead: a signal it stamps itself is more than 60 s in B's future.
    const a = await replicaServer(TEST_REDIS_URL, prefix, 'a', {}, { clock: () => Date.now() + 3_600_000 });
    const b = await replicaServer(TEST_REDIS_URL, prefix, 'b');
    await whenReady(a, b);
    const now = Date.now();
    // One call, so one batch and one stream entry: two signals stamped by their agents, one by A.
    expect(
      await a.client().signals([
        { agent_id: 'good-1', signal_type: 'load', value: 0.2, timestamp: now },
        { agent_id: 'skewed', signal_type: 'load', value: 0.9 },
        { agent_id: 'good-2', signal_type: 'capacity', value: 0.4, timestamp: now },
      ]),
    ).toMatchObject({ accepted: 3 });

    const onB = b.client();
    await waitFor(async () => (await onB.states(['good-1', 'good-2'])).length === 2, 3_000, 'the valid signals on B');
    expect(await onB.state('skewed')).toBeNull();
    expect((await onB.state('good-1'))?.signals.load?.value).toBe(0.2);
    expect((await readyz(b)).body.replication).toMatchObject({ mode: 'connected', rejected: 1 });
    expect((await replicationMetrics(b)).get('coordination_replication_rejected_signals_total')).toBe(1);
    // One warning for the batch, not one per signal.
    expect(b.logs.lines.filter((l) => l.message === 'shared signals rejected by local validation')).toEqual([
      expect.objectContaining({ level: 'warn', rejected: 1, applied: 2, reason: expect.stringContaining('timestamp') }),
    ]);

    // A replica started afterwards rebuilds every valid agent from the same entry.
    const late = await replicaServer(TEST_REDIS_URL, prefix, 'late');
    await whenReady(late);
    expect((await late.client().states(['good-1', 'skewed', 'good-2'])).map((s) => s.agent_id)).toEqual(['good-1', 'good-2']);
    expect((await readyz(late)).body.replication.rejected).toBe(1);
  });

  it('keeps serving through a Redis crash, reports degraded, and re-converges when Redis is back', async () => {
    const redis = new PrivateRedis(await freePort());
    cleanups.push(() => redis.kill());
    await redis.start();
    const prefix = uniquePrefix('servers-faults');
    const fast = { blockMs: 200, startTimeoutMs: 500 };
    const a = await replicaServer(redis.url, prefix, 'a', fast);
    const b = await replicaServer(redis.url, prefix, 'b', fast);
    await whenReady(a, b);
    const onA = a.client();
    const onB = b.client();
    await onA.signal({ agent_id: 'before', signal_type: 'load', value: 0.2 });
    await waitFor(async () => (await onB.state('before')) !== null, 1_000, 'pre-outage signal on B');

    await redis.kill();
    for (const server of [a, b]) {
      await waitFor(async () => (await readyz(server)).body.replication.mode === 'degraded', 3_000, `${server.url} degraded`);
      const { status, body } = await readyz(server);
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'ready', ready: true, reasons: [], replication: { mode: 'degraded', ready: true } });
      expect(body.replication.lastError).toEqual(expect.any(String));
      expect(await modeSeries(server)).toEqual({ memory: 0, connected: 0, degraded: 1 });
    }

    // Both keep answering and accepting signals from what they hold.
    expect(await onA.signal({ agent_id: 'during-a', signal_type: 'load', value: 0.9 })).toMatchObject({ accepted: 1 });
    expect(await onB.signals([{ agent_id: 'during-b', signal_type: 'load', value: 0.1 }])).toMatchObject({ accepted: 1 });
    expect((await onA.select(['before', 'during-a'])).agent_id).toBe('before');
    expect((await onB.state('during-b'))?.signals.load?.value).toBe(0.1);
    expect(await onB.state('during-a')).toBeNull();
    expect((await replicationMetrics(a)).get('coordination_replication_buffered_signals')).toBe(1);

    await redis.start(); // same port, empty: nothing was persisted
    for (const server of [a, b]) {
      await waitFor(async () => (await readyz(server)).body.replication.mode === 'connected', 8_000, `${server.url} connected again`);
    }
    await waitFor(async () => (await onB.state('during-a')) !== null && (await onA.state('during-b')) !== null, 3_000, 'outage signals exchanged');
    expect((await onB.state('during-a'))?.signals.load?.value).toBe(0.9);
    expect((await onA.state('during-b'))?.signals.load?.value).toBe(0.1);
    for (const server of [a, b]) {
      expect(await modeSeries(server)).toEqual({ memory: 0, connected: 1, degraded: 0 });
      const metrics = await replicationMetrics(server);
      expect(metrics.get('coordination_replication_buffered_signals')).toBe(0);
      expect(metrics.get('coordination_replication_dropped_signals_total')).toBe(0);
      expect(metrics.get('coordination_replication_rejected_signals_total')).toBe(0);
      expect((await readyz(server)).status).toBe(200);
    }
    expect(a.logs.messages('warn')).toContain('shared state degraded; serving local state');

    // New signals flow again as before.
    await onB.signal({ agent_id: 'after', signal_type: 'load', value: 0.4 });
    await waitFor(async () => (await onA.state('after')) !== null, 1_000, 'post-outage signal on A');
  }, 20_000);
});
