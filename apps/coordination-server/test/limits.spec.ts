import { request } from 'node:http';
import { RpcErrorCode } from '@agentcore/coordination-client';
import { SERVER_DEFAULTS } from '../src';
import { rpc, startServer } from './helpers';

type Answer = { result?: unknown; error?: { code: number; data?: unknown } };

/** POST /rpc, with an X-Forwarded-For header when given; resolves with the status. */
function postFrom(url: string, forwardedFor: string | undefined, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
    if (forwardedFor !== undefined) headers['x-forwarded-for'] = forwardedFor;
    const req = request(`${url}/rpc`, { method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the rate limit, charged by work', () => {
  it('by default lets one client make 10,000 single-signal calls in a second (the product target) without a 429', async () => {
    expect(SERVER_DEFAULTS.rateLimitPerSecond).toBeGreaterThanOrEqual(1_000_000);
    const t = await startServer({}, { logLevel: 'error' });
    try {
      const started = Date.now();
      const replies = await Promise.all(
        Array.from({ length: 10 }, (_, b) =>
          t.post(Array.from({ length: 1_000 }, (_, i) => rpc('coordination.signal', { agent_id: `a-${i}`, signal_type: 'load', value: 0.5 }, b * 1_000 + i))),
        ),
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200));
    } finally {
      await t.close();
    }
  });

  it('charges signals, candidates and listed agents rather than calls', async () => {
    const t = await startServer({ COORDINATION_RATE_LIMIT: '1000' }, { logLevel: 'error' });
    try {
      // One call of 1,000 signals spends the whole second.
      const batch = await t.post(rpc('coordination.signal', { signals: Array.from({ length: 1_000 }, (_, i) => ({ agent_id: `a-${i}`, signal_type: 'load', value: 0.5 })) }));
      expect(batch.body).toMatchObject({ result: { accepted: 1_000 } });
      const next = await t.post(rpc('coordination.metrics'));
      expect(next.status).toBe(429);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      // A listing of 1,000 agents costs 1,000 too; a select over 1,000 candidates as well.
      expect((await t.post(rpc('coordination.state', { limit: 1_000 }))).status).toBe(200);
      expect((await t.post(rpc('coordination.metrics'))).status).toBe(429);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect((await t.post(rpc('coordination.select', { candidates: Array.from({ length: 1_000 }, (_, i) => `a-${i}`) }))).status).toBe(200);
      expect((await t.post(rpc('coordination.metrics'))).status).toBe(429);
    } finally {
      await t.close();
    }
  });

  it('tells clients behind a trusted proxy apart by X-Forwarded-For, and ignores it from anyone else', async () => {
    const body = JSON.stringify(rpc('coordination.metrics'));
    const behindProxy = await startServer({ COORDINATION_RATE_LIMIT: '3', COORDINATION_TRUST_PROXY: '127.0.0.1' }, { logLevel: 'error' });
    try {
      const first = await Promise.all(Array.from({ length: 4 }, () => postFrom(behindProxy.url, '203.0.113.1', body)));
      expect(first.sort()).toEqual([200, 200, 200, 429]);
      // Another client behind the same proxy has a budget of its own.
      expect(await postFrom(behindProxy.url, '203.0.113.2', body)).toBe(200);
    } finally {
      await behindProxy.close();
    }
    const direct = await startServer({ COORDINATION_RATE_LIMIT: '3' }, { logLevel: 'error' });
    try {
      // Not configured: the header is the client's own claim and changes nothing.
      const statuses = await Promise.all(['1', '2', '3', '4'].map((n) => postFrom(direct.url, `203.0.113.${n}`, body)));
      expect(statuses.sort()).toEqual([200, 200, 200, 429]);
    } finally {
      await direct.close();
    }
  });
});

describe('the agent limit', () => {
  it('refuses signals for new agents past COORDINATION_MAX_AGENTS with -32061, counts them, and makes room as agents expire', async () => {
    const t = await startServer({ COORDINATION_MAX_AGENTS: '100' }, { logLevel: 'error' });
    try {
      const signals = (from: number, count: number, ttl = 60) =>
        Array.from({ length: count }, (_, i) => ({ agent_id: `agent-${from + i}`, signal_type: 'load', value: 0.5, ttl_seconds: ttl }));
      expect((await t.post(rpc('coordination.signal', { signals: signals(0, 98) }))).body).toMatchObject({ result: { accepted: 98 } });
      expect((await t.post(rpc('coordination.signal', { signals: signals(98, 2, 1) }))).body).toMatchObject({ result: { accepted: 2 } });
      const refused = (await t.post(rpc('coordination.signal', { signals: signals(100, 3) }))).body as Answer;
      expect(refused.error).toMatchObject({ code: RpcErrorCode.AGENT_LIMIT_REACHED, data: { max_agents: 100, new_agents: 3 } });
      // Known agents still report.
      expect((await t.post(rpc('coordination.signal', { agent_id: 'agent-5', signal_type: 'quality', value: 0.9 }))).body).toMatchObject({ result: { accepted: 1 } });
      const text = await (await fetch(`${t.url}/metrics`)).text();
      expect(text).toContain('coordination_agents_limit 100');
      expect(text).toContain('coordination_signals_rejected_total{reason="agent_limit"} 3');
      // The two short-lived agents expire: room for two.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect((await t.post(rpc('coordination.signal', { signals: signals(100, 2) }))).body).toMatchObject({ result: { accepted: 2 } });
    } finally {
      await t.close();
    }
  });

  it('pages 100,000 agents without sorting them per call: a batch of 1,000 one-agent pages answers at once', async () => {
    const t = await startServer({ COORDINATION_MAX_AGENTS: '100000' }, { logLevel: 'error' });
    try {
      for (let start = 0; start < 100_000; start += 5_000) {
        await Promise.all(
          Array.from({ length: 5 }, (_, k) =>
            t.post(rpc('coordination.signal', { signals: Array.from({ length: 1_000 }, (_, i) => ({ agent_id: `agent-${String(start + k * 1_000 + i).padStart(6, '0')}`, signal_type: 'load', value: 0.5 })) })),
          ),
        );
      }
      expect((await t.client().metrics()).agents_tracked).toBe(100_000);
      const started = performance.now();
      const { body } = await t.post(Array.from({ length: 1_000 }, (_, i) => rpc('coordination.state', { limit: 1 }, i)));
      const elapsed = performance.now() - started;
      expect((body as Answer[]).every((a) => (a.result as { states: Array<{ agent_id: string }> }).states[0].agent_id === 'agent-000000')).toBe(true);
      // Was about 5 s (a sort of 100,000 ids per call).
      expect(elapsed).toBeLessThan(1_000);
    } finally {
      await t.close();
    }
  }, 60_000);
});
