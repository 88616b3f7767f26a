import { freePort, PrivateRedis, ServerProcess, waitFor } from '../src/testing';
import { post, rpc } from './helpers';

// A hung Redis (SIGSTOP) keeps its TCP connections open and answers nothing: without timeouts
// the replicas would report `connected` and a lag of 0 while signals pile up unshared. This
// stops a redis-server of the test's own, never the shared one.
jest.setTimeout(60_000);

interface ReadyBody {
  status: string;
  replication: { mode: string; buffered: number; lagMs?: number; lastError?: string };
}

const readyz = async (server: ServerProcess): Promise<{ status: number; body: ReadyBody }> => {
  const response = await fetch(`${server.url}/readyz`);
  return { status: response.status, body: (await response.json()) as ReadyBody };
};

describe('replicas when Redis hangs', () => {
  let redis: PrivateRedis;
  const servers: ServerProcess[] = [];

  afterEach(async () => {
    redis?.resume();
    await Promise.all(servers.splice(0).map((s) => s.stop()));
    await redis?.kill();
  });

  it('turn degraded within seconds (readyz and metrics say so), keep accepting, and share what waited once Redis answers again', async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
    const env = { COORDINATION_REDIS_URL: redis.url, COORDINATION_REDIS_COMMAND_TIMEOUT_MS: '1000', LOG_LEVEL: 'warn' };
    const [a, b] = await Promise.all([ServerProcess.start(env), ServerProcess.start(env)]);
    servers.push(a, b);
    const signal = (agent: string) => rpc('coordination.signal', { agent_id: agent, signal_type: 'load', value: 0.5 });
    expect((await post(`${a.url}/rpc`, signal('before'))).body).toMatchObject({ result: { accepted: 1 } });
    const known = async (server: ServerProcess, ids: string[]) =>
      ((await post(`${server.url}/rpc`, rpc('coordination.state', { agent_ids: ids }))).body as { result: { states: unknown[] } }).result.states.length;
    await waitFor(async () => (await known(b, ['before'])) === 1, 5_000, 'shared before the hang');
    expect((await readyz(a)).body.replication.mode).toBe('connected');

    redis.pause();
    const frozenAt = Date.now();
    // Traffic during the hang: the writer's commands hang, and so do both blocking readers.
    for (let i = 0; i < 20; i++) await post(`${a.url}/rpc`, signal(`during-${i}`));
    await waitFor(async () => (await readyz(a)).body.replication.mode === 'degraded' && (await readyz(b)).body.replication.mode === 'degraded', 10_000, 'both degraded');
    const detectedAfter = Date.now() - frozenAt;
    // Command timeout 1 s (+ the 1 s block of the reader, + the 1 s heartbeat): within a few seconds.
    expect(detectedAfter).toBeLessThan(6_000);

    const during = await readyz(a);
    // Still ready: a degraded replica keeps serving from memory; the body says what is wrong.
    expect(during.status).toBe(200);
    expect(during.body.replication).toMatchObject({ mode: 'degraded', buffered: 20, lastError: expect.stringContaining('Socket timeout') });
    expect((await post(`${a.url}/rpc`, signal('still-accepted'))).body).toMatchObject({ result: { accepted: 1 } });
    const metrics = await (await fetch(`${b.url}/metrics`)).text();
    expect(metrics).toContain('coordination_replication_mode{mode="degraded"} 1');
    // B has heard nothing for seconds: its lag says so instead of 0.
    await waitFor(async () => ((await readyz(b)).body.replication.lagMs ?? 0) > 2_000, 10_000, 'lag grows while hung');

    redis.resume();
    await waitFor(
      async () => {
        const [ra, rb] = [await readyz(a), await readyz(b)];
        return ra.body.replication.mode === 'connected' && ra.body.replication.buffered === 0 && rb.body.replication.mode === 'connected';
      },
      20_000,
      'both connected again, buffer flushed',
    );
    await waitFor(async () => (await known(b, ['during-0', 'during-19', 'still-accepted'])) === 3, 10_000, 'what waited reached the other replica');
    expect(((await readyz(b)).body.replication.lagMs ?? 0) < 2_000).toBe(true);
  });
});
