import { RpcErrorCode } from '@agentcore/coordination-client';
import { rpc, sleep, startServer } from './helpers';

// The log must not be an amplifier: a client that can make the server write a line per request
// (or a byte per byte it sends) can fill disks and drown what matters.
describe('log hygiene', () => {
  it('writes one line per cause and caller per interval for repeated warnings, with the count', async () => {
    const t = await startServer({ COORDINATION_RATE_LIMIT: '20' }, { logLevel: 'info', warningIntervalMs: 400 });
    try {
      const started = Date.now();
      let limited = 0;
      for (let round = 0; round < 10; round++) {
        const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => t.post(rpc('coordination.metrics', undefined, i))));
        limited += replies.filter((r) => r.status === 429).length;
      }
      await sleep(450);
      const elapsedIntervals = Math.ceil((Date.now() - started) / 400);
      const lines = t.logs.lines.filter((l) => l.message === 'rate limited');
      expect(limited).toBeGreaterThan(300);
      // The first of an interval at once, then one summary: at most two lines an interval.
      expect(lines.length).toBeLessThanOrEqual(2 * elapsedIntervals);
      // Every refusal is accounted for: a line at once counts one, a summary line its repeats.
      expect(lines.reduce((sum, l) => sum + Number(l.repeated ?? 1), 0)).toBe(limited);
      expect(lines.find((l) => l.repeated !== undefined)).toMatchObject({ level: 'warn', caller: expect.stringMatching(/^anonymous:/), interval_seconds: 0.4 });
    } finally {
      await t.close();
    }
  });

  it('never copies unbounded client input into a log line', async () => {
    const t = await startServer({}, { logLevel: 'info' });
    try {
      // 1,000 unknown keys of 100 characters: 100 KB the old log line repeated in full.
      const params = Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`${'k'.repeat(96)}${String(i).padStart(4, '0')}`, 1]));
      const { body, text } = await t.post(rpc('coordination.metrics', params));
      expect(body).toMatchObject({ error: { code: RpcErrorCode.INVALID_PARAMS } });
      // The answer is bounded too: issue messages are cut.
      expect(text.length).toBeLessThan(5_000);
      const line = t.logs.lines.find((l) => l.message === 'call rejected');
      expect(line).toMatchObject({ method: 'coordination.metrics', code: RpcErrorCode.INVALID_PARAMS });
      expect(JSON.stringify(line).length).toBeLessThan(600);
    } finally {
      await t.close();
    }
  });

  it('logs the overload scan by transitions: newly predicted, and no longer predicted, not on every scan', async () => {
    const t = await startServer({}, { logLevel: 'info' });
    try {
      const client = t.client();
      const now = Date.now();
      const rising = (agent: string) =>
        Array.from({ length: 12 }, (_, i) => ({ agent_id: agent, signal_type: 'load' as const, value: 0.2 + i * 0.05, timestamp: now - (11 - i) * 5000, ttl_seconds: 600 }));
      await client.signals([...rising('hot-1'), ...rising('hot-2'), { agent_id: 'calm', signal_type: 'load', value: 0.1 }]);
      for (let scan = 0; scan < 5; scan++) await t.server.runOverloadScan();
      const predicted = () => t.logs.lines.filter((l) => l.message === 'overload predicted').map((l) => l.agent_id);
      expect(predicted().sort()).toEqual(['hot-1', 'hot-2']);
      // hot-1 cools down: one line says so, once.
      await client.signals(Array.from({ length: 12 }, (_, i) => ({ agent_id: 'hot-1', signal_type: 'load' as const, value: 0.1, timestamp: now + 1 + i, ttl_seconds: 600 })));
      for (let scan = 0; scan < 3; scan++) await t.server.runOverloadScan();
      expect(t.logs.lines.filter((l) => l.message === 'overload no longer predicted').map((l) => l.agent_id)).toEqual(['hot-1']);
      expect(predicted().sort()).toEqual(['hot-1', 'hot-2']);
      // A client asking for predictions writes nothing to the log.
      for (let i = 0; i < 20; i++) await client.predict('hot-2');
      expect(predicted()).toHaveLength(2);
    } finally {
      await t.close();
    }
  });
});
