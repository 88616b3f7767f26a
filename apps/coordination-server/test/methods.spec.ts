import { randomUUID } from 'node:crypto';
import { CoordinationRpcError, RpcErrorCode, SignalReporter } from '@agentcore/coordination-client';
import type { SignalType } from '@agentcore/coordination-core';
import { sleep, startServer, type TestServer } from './helpers';

describe('coordination methods through the real client', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer({ COORDINATION_CLEANUP_INTERVAL: '1', COORDINATION_OVERLOAD_SCAN_INTERVAL: '1' });
  });
  afterAll(() => t.close());

  it('takes reports from 60 agents at once and reflects them in state, scores and selection', async () => {
    const agents = Array.from({ length: 60 }, (_, i) => `fleet-${String(i).padStart(2, '0')}`);
    // Each agent reports through its own client and reporter, all concurrently.
    await Promise.all(
      agents.map(async (agent, i) => {
        const reporter = new SignalReporter({ client: t.client(), flushIntervalMs: 20, maxBatchSize: 3 });
        reporter.start();
        const load = i === 7 ? 0 : 0.5 + (i % 5) / 10;
        const values: Record<SignalType, number> = { load, capacity: 0.5, quality: 0.8, cost: 0.4, latency: 0.2, availability: 1 };
        for (const [type, value] of Object.entries(values)) reporter.report({ agent_id: agent, signal_type: type as SignalType, value });
        const stats = await reporter.stop();
        expect(stats).toMatchObject({ sent: 6, dropped: 0 });
      }),
    );
    const client = t.client();
    const page1 = await client.listStates({ limit: 50 });
    expect(page1.states).toHaveLength(50);
    const page2 = await client.listStates({ limit: 50, cursor: page1.next_cursor });
    expect(page2.next_cursor).toBeNull();
    expect([...page1.states, ...page2.states].map((s) => s.agent_id)).toEqual(agents);

    const idle = await client.state('fleet-07');
    const busy = await client.state('fleet-04');
    expect(idle?.signals.load?.value).toBe(0);
    expect(idle?.load_score).toBeGreaterThan(busy?.load_score ?? 1);
    expect(idle?.routing_score).toBeGreaterThan(busy?.routing_score ?? 1);
    expect(await client.states(['fleet-07', 'nobody', 'fleet-04'])).toEqual([
      expect.objectContaining({ agent_id: 'fleet-07' }),
      expect.objectContaining({ agent_id: 'fleet-04' }),
    ]);

    const pick = await client.select(agents, { explain: true });
    expect(pick.agent_id).toBe('fleet-07');
    expect(pick.explanation?.candidates).toHaveLength(60);
    const metrics = await client.metrics();
    expect(metrics).toMatchObject({ total_signals: 360, agents_tracked: 60, selections: 1, rep_enabled: true });
    expect(metrics.signals_by_type.load).toBe(60);
  });

  it('counts each selection as work on the chosen agent, so a burst spreads out', async () => {
    const client = t.client();
    await client.signals(
      ['s1', 's2'].flatMap((agent) => [
        { agent_id: agent, signal_type: 'load' as const, value: 0 },
        { agent_id: agent, signal_type: 'capacity' as const, value: 2 / 16 },
      ]),
    );
    const picks = [];
    for (let i = 0; i < 6; i++) picks.push((await client.select(['s1', 's2'])).agent_id);
    expect(new Set(picks)).toEqual(new Set(['s1', 's2']));
  });

  it('takes completions back off an agent, so work placed through select does not pile up', async () => {
    const client = t.client();
    await client.signals([
      { agent_id: 'c1', signal_type: 'load', value: 0 },
      { agent_id: 'c1', signal_type: 'capacity', value: 0.25 }, // 4 slots
    ]);
    const effectiveLoad = async () =>
      (await client.select(['c1'], { explain: true })).explanation?.candidates[0].effective_load as number;
    expect(await effectiveLoad()).toBeCloseTo(0); // that pick counts: 1 task on c1
    expect(await effectiveLoad()).toBeCloseTo(0.25);
    expect(await client.complete('c1', 2)).toEqual({ agent_id: 'c1', recorded: true });
    expect(await effectiveLoad()).toBeCloseTo(0);
    expect(await client.complete('nobody')).toEqual({ agent_id: 'nobody', recorded: false });
    await expect(client.complete('c1', 0)).rejects.toMatchObject({
      code: RpcErrorCode.INVALID_PARAMS,
      issues: [expect.objectContaining({ path: 'count' })],
    });
    await expect(client.call('coordination.complete', { agent_id: 'c1', extra: 1 } as never)).rejects.toMatchObject({
      code: RpcErrorCode.INVALID_PARAMS,
    });
  });

  it('applies per-request weights and validates them', async () => {
    const client = t.client();
    await client.signals([
      { agent_id: 'cheap', signal_type: 'cost', value: 0.1 },
      { agent_id: 'cheap', signal_type: 'quality', value: 0.2 },
      { agent_id: 'good', signal_type: 'cost', value: 0.9 },
      { agent_id: 'good', signal_type: 'quality', value: 1 },
    ]);
    expect((await client.select(['cheap', 'good'], { weights: { cost: 1 } })).agent_id).toBe('cheap');
    expect((await client.select(['cheap', 'good'], { weights: { quality: 1 } })).agent_id).toBe('good');
    await expect(client.select(['cheap'], { weights: { cost: -1 } })).rejects.toMatchObject({
      code: RpcErrorCode.INVALID_PARAMS,
      issues: expect.arrayContaining([expect.objectContaining({ path: 'weights.cost' })]),
    });
    await expect(client.select([])).rejects.toMatchObject({ code: RpcErrorCode.INVALID_PARAMS });
  });

  it('expires signals after their TTL and cleans the agent up in the background', async () => {
    const client = t.client();
    await client.signal({ agent_id: 'short-lived', signal_type: 'load', value: 0.3, ttl_seconds: 1 });
    expect((await client.state('short-lived'))?.signals.load?.value).toBe(0.3);
    const deadline = Date.now() + 4000;
    while ((await client.state('short-lived')) !== null && Date.now() < deadline) await sleep(100);
    expect(await client.state('short-lived')).toBeNull();
    expect((await client.metrics()).expired_signals_cleaned).toBeGreaterThanOrEqual(1);
    expect(t.logs.messages('info')).toContain('cleanup ran');
  });

  it('answers coordination.select with admitted: false and a retry-after when every candidate is too busy, over HTTP', async () => {
    const client = t.client();
    const saturated = (id: string, slots: number) => [
      { agent_id: id, signal_type: 'load' as const, value: 1 },
      { agent_id: id, signal_type: 'capacity' as const, value: slots / 16 },
      { agent_id: id, signal_type: 'latency' as const, value: 0.5 },
    ];
    await client.signals([...saturated('full-a', 1), ...saturated('full-b', 2)]);
    t.server.runOverloadScan();
    const held = await client.select(['full-a', 'full-b'], { admission: true });
    expect(held).toMatchObject({ admitted: false, retry_after_ms: expect.any(Number) });
    expect(held.retry_after_ms).toBeGreaterThanOrEqual(100);
    const before = await client.metrics();
    expect(before.selections_held).toBeGreaterThanOrEqual(1);
    await client.signals([{ agent_id: 'roomy', signal_type: 'load', value: 0 }, { agent_id: 'roomy', signal_type: 'capacity', value: 0.25 }]);
    t.server.runOverloadScan();
    const admitted = await client.select(['full-a', 'full-b', 'roomy'], { admission: true });
    expect(admitted).toMatchObject({ admitted: true, agent_id: 'roomy' });
    expect(admitted.retry_after_ms).toBeUndefined();
    // Without admission the answer is as it always was.
    expect((await client.select(['full-a'])).admitted).toBeUndefined();
    await expect(client.call('coordination.select', { candidates: ['full-a'], admission: 'yes' } as never)).rejects.toMatchObject({ code: RpcErrorCode.INVALID_PARAMS });
  });

  it('predicts overload from a rising load trend and warns operators', async () => {
    const client = t.client();
    const now = Date.now();
    const rising = Array.from({ length: 12 }, (_, i) => ({
      agent_id: 'heating-up',
      signal_type: 'load' as const,
      value: 0.2 + i * 0.05,
      timestamp: now - (11 - i) * 5000,
      ttl_seconds: 600,
    }));
    await client.signals(rising);
    const prediction = await client.predict('heating-up', { horizonSeconds: 60, threshold: 0.8 });
    expect(prediction).toMatchObject({ agent_id: 'heating-up', will_overload: true, horizon_seconds: 60 });
    expect(prediction?.probability).toBeGreaterThan(0.5);
    expect(prediction?.time_to_overload_seconds).toEqual(expect.any(Number));
    expect((await t.server.runOverloadScan()).map((p) => p.agent_id)).toContain('heating-up');
    // The scan's forecasts wait for the reports that follow; one stamped a little later at 0.9 settles them.
    await client.signal({ agent_id: 'heating-up', signal_type: 'load', value: 0.9, timestamp: Date.now() + 2_000, ttl_seconds: 600 });
    const { prediction: record } = await client.metrics();
    expect(record.threshold).toBe(0.8);
    expect(record.horizons.map((h) => [h.horizon_seconds, h.scored, h.happened, h.true_positives])).toEqual([
      [30, 1, 1, 1],
      [60, 1, 1, 1],
    ]);
    expect(t.logs.lines.some((l) => l.level === 'warn' && l.message === 'overload predicted' && l.agent_id === 'heating-up')).toBe(true);
    expect(await client.predict('never-heard-of')).toBeNull();
    await expect(client.predict('heating-up', { threshold: 2 })).rejects.toMatchObject({ code: RpcErrorCode.INVALID_PARAMS });
  });

  it('stores a signal id once, so a retried report is harmless', async () => {
    const client = t.client();
    const signal = { signal_id: randomUUID(), agent_id: 'dup', signal_type: 'quality' as const, value: 0.9 };
    const first = await client.signal(signal);
    const second = await client.signal(signal);
    expect(second.signal_ids).toEqual(first.signal_ids);
    expect((await client.metrics()).duplicate_signals).toBeGreaterThanOrEqual(1);
  });

  it('validates every form of coordination.state', async () => {
    const client = t.client();
    await expect(client.call('coordination.state', { agent_id: '' })).rejects.toMatchObject({
      code: RpcErrorCode.INVALID_PARAMS,
      issues: [expect.objectContaining({ path: 'agent_id' })],
    });
    await expect(client.call('coordination.state', { agent_ids: 'x' } as never)).rejects.toMatchObject({ code: RpcErrorCode.INVALID_PARAMS });
    await expect(client.listStates({ limit: 0 })).rejects.toMatchObject({ code: RpcErrorCode.INVALID_PARAMS });
    await expect(client.listStates({ cursor: 'not-issued-here' })).rejects.toMatchObject({
      code: RpcErrorCode.INVALID_PARAMS,
      issues: [expect.objectContaining({ path: 'cursor' })],
    });
    const all = await client.call('coordination.state', {});
    expect(all).toHaveProperty('next_cursor');
    await expect(client.call('coordination.metrics', { verbose: true } as never)).rejects.toBeInstanceOf(CoordinationRpcError);
  });

  it('describes itself with an OpenRPC document generated from the schemas', async () => {
    const doc = await t.client().discover();
    expect(doc.openrpc).toMatch(/^1\./);
    expect(doc.methods.map((m) => m.name)).toEqual([
      'coordination.signal',
      'coordination.state',
      'coordination.metrics',
      'coordination.select',
      'coordination.predict',
      'coordination.complete',
      'rpc.discover',
    ]);
    const method = (name: string) => doc.methods.find((m) => m.name === name) ?? { params: [], errors: [] };
    const select = method('coordination.select');
    expect(select.params).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'candidates', required: true, schema: expect.objectContaining({ type: 'array' }) })]),
    );
    const signal = method('coordination.signal');
    expect(signal.params.map((p) => p.name)).toEqual(expect.arrayContaining(['agent_id', 'value', 'signals']));
    expect(signal.params.every((p) => p.required === false)).toBe(true);
    expect(select.errors?.map((e) => e.code)).toContain(RpcErrorCode.INVALID_PARAMS);
    // Every method can meet the body limit, the token check and the rate limit.
    for (const m of doc.methods) {
      expect([m.name, m.errors?.map((e) => e.code)]).toEqual([
        m.name,
        expect.arrayContaining([RpcErrorCode.PAYLOAD_TOO_LARGE, RpcErrorCode.UNAUTHORIZED, RpcErrorCode.RATE_LIMITED]),
      ]);
      for (const e of m.errors ?? []) expect(typeof e.message).toBe('string');
    }
    for (const name of ['coordination.signal', 'coordination.state', 'coordination.select']) {
      expect(method(name).errors?.map((e) => e.code)).toContain(RpcErrorCode.BATCH_TOO_LARGE);
    }
    expect(method('rpc.discover').errors?.map((e) => e.code)).not.toContain(RpcErrorCode.FORBIDDEN);
    expect(doc).toEqual(await t.client().discover());
  });
});
