import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { deleteKeys, ServerProcess, TEST_REDIS_URL, uniquePrefix } from '../src/testing';
import { post, rpc } from './helpers';

// One bad shared signal must not cost a replica the rest of what it rebuilds from: here the
// stream holds 6,000 valid signals from another replica and, inside one of its entries, one
// stamped two minutes ahead (that replica's clock ran fast). A replica started afterwards keeps
// all 6,000 agents and counts the one signal it refused.
jest.setTimeout(60_000);

const AGENTS = 6_000;
const PER_ENTRY = 500;

describe('a replica rebuilding from a stream with a poisoned entry', () => {
  const prefix = uniquePrefix('poison');
  let redis: Redis;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    await server?.stop();
    await deleteKeys(TEST_REDIS_URL, prefix);
    redis.disconnect();
  });

  it('keeps every valid agent and counts the one signal it refused', async () => {
    const now = Date.now();
    const signal = (i: number, timestampMs = now) => ({
      signal_id: randomUUID(),
      agent_id: `agent-${String(i).padStart(5, '0')}`,
      signal_type: 'load',
      value: 0.5,
      timestamp: new Date(timestampMs).toISOString(),
      ttl_seconds: 60,
      confidence: 1,
    });
    const valid = Array.from({ length: AGENTS }, (_, i) => signal(i));
    const poisoned = signal(AGENTS, now + 120_000);
    for (let start = 0; start < AGENTS; start += PER_ENTRY) {
      const entry = valid.slice(start, start + PER_ENTRY);
      // The bad signal sits in the middle of the fourth entry, among 500 good ones.
      if (start === 3 * PER_ENTRY) entry.splice(PER_ENTRY / 2, 0, poisoned);
      await redis.xadd(`${prefix}signals`, '*', 'origin', 'fast-clock-replica/1', 'signals', JSON.stringify(entry));
    }

    server = await ServerProcess.start({ COORDINATION_REDIS_URL: TEST_REDIS_URL, COORDINATION_REDIS_PREFIX: prefix, LOG_LEVEL: 'warn' });
    const { body } = await post(`${server.url}/rpc`, rpc('coordination.metrics'));
    expect(body).toMatchObject({ result: { agents_tracked: AGENTS, total_signals: AGENTS, rejected_signals: 1 } });
    const ready = (await (await fetch(`${server.url}/readyz`)).json()) as { replication: { rejected: number } };
    expect(ready.replication.rejected).toBe(1);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('coordination_replication_rejected_signals_total 1');
    const state = await post(`${server.url}/rpc`, rpc('coordination.state', { agent_ids: [poisoned.agent_id, valid[1_750].agent_id] }));
    expect((state.body as { result: { states: Array<{ agent_id: string }> } }).result.states.map((s) => s.agent_id)).toEqual([valid[1_750].agent_id]);
    // One warning for the refusal, naming the cause.
    const warnings = server.stdout.split('\n').filter((line) => line.includes('shared signals rejected by local validation'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('timestamp');
  });
});
