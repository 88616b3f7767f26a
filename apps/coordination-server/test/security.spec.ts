import { CoordinationClient, RpcErrorCode } from '@agentcore/coordination-client';
import { ADMIN_TOKEN, AGENT_TOKEN, AUTH_ENV, post, postChunked, ROUTER_TOKEN, rpc, startServer, type TestServer } from './helpers';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('bearer-token roles', () => {
  let t: TestServer;
  let admin: CoordinationClient;
  beforeAll(async () => {
    t = await startServer(AUTH_ENV);
    admin = t.client({ token: ADMIN_TOKEN });
  });
  afterAll(() => t.close());

  const totalSignals = async () => (await admin.metrics()).total_signals;

  it('refuses calls without a known token with 401 and -32001, storing nothing', async () => {
    const before = await totalSignals();
    for (const headers of [{}, bearer('not-a-configured-token'), { authorization: `Basic ${ADMIN_TOKEN}` }]) {
      const { status, body, headers: h } = await t.post(rpc('coordination.signal', { agent_id: 'a1', signal_type: 'load', value: 0.1 }), headers);
      expect(status).toBe(401);
      expect(h.get('www-authenticate')).toBe('Bearer');
      expect(body).toMatchObject({ id: null, error: { code: RpcErrorCode.UNAUTHORIZED } });
    }
    expect(await totalSignals()).toBe(before);
  });

  it('lets an agent token report for its own agent_id only; one foreign signal refuses the whole batch', async () => {
    const agent = t.client({ token: AGENT_TOKEN });
    await expect(agent.signal({ agent_id: 'a1', signal_type: 'load', value: 0.2 })).resolves.toMatchObject({ accepted: 1 });
    const before = await totalSignals();
    await expect(agent.signal({ agent_id: 'a2', signal_type: 'load', value: 0.2 })).rejects.toMatchObject({ code: RpcErrorCode.FORBIDDEN });
    await expect(
      agent.signals([
        { agent_id: 'a1', signal_type: 'quality', value: 0.9 },
        { agent_id: 'a2', signal_type: 'quality', value: 0.9 },
      ]),
    ).rejects.toMatchObject({ code: RpcErrorCode.FORBIDDEN, data: { path: 'signals.1.agent_id' } });
    expect(await totalSignals()).toBe(before);
    expect(await admin.state('a2')).toBeNull();
    expect((await admin.state('a1'))?.signals.quality).toBeUndefined();
    await expect(agent.select(['a1'])).rejects.toMatchObject({ code: RpcErrorCode.FORBIDDEN });
    await expect(agent.state('a1')).rejects.toMatchObject({ code: RpcErrorCode.FORBIDDEN });
    await expect(agent.complete('a1')).rejects.toMatchObject({ code: RpcErrorCode.FORBIDDEN });
    await expect(agent.discover()).resolves.toHaveProperty('methods');
  });

  it('lets a router token read, select, complete and predict, but not report signals', async () => {
    const router = t.client({ token: ROUTER_TOKEN });
    await expect(router.signal({ agent_id: 'r1', signal_type: 'load', value: 0.2 })).rejects.toMatchObject({ code: RpcErrorCode.FORBIDDEN });
    expect(await admin.state('r1')).toBeNull();
    await expect(router.state('a1')).resolves.toMatchObject({ agent_id: 'a1' });
    await expect(router.select(['a1'])).resolves.toMatchObject({ agent_id: 'a1' });
    await expect(router.complete('a1')).resolves.toEqual({ agent_id: 'a1', recorded: true });
    await expect(router.predict('a1')).resolves.toMatchObject({ agent_id: 'a1' });
    await expect(router.metrics()).resolves.toHaveProperty('total_signals');
  });

  it('says in the forbidden message which token was refused what', async () => {
    const message = async (token: string, method: string, params: object) =>
      ((await t.post(rpc(method, params), bearer(token))).body as { error: { message: string } }).error.message;
    const foreign = { agent_id: 'a2', signal_type: 'load', value: 0.2 };
    expect(await message(AGENT_TOKEN, 'coordination.signal', foreign)).toBe('Forbidden: a token for agent:a1 may not report signals for another agent_id');
    expect(await message(AGENT_TOKEN, 'coordination.select', { candidates: ['a1'] })).toBe('Forbidden: a token for agent:a1 may not call coordination.select');
    expect(await message(ROUTER_TOKEN, 'coordination.signal', foreign)).toBe('Forbidden: a router token may not call coordination.signal');
  });

  it('lets an admin token report for any agent', async () => {
    await expect(admin.signal({ agent_id: 'any-agent', signal_type: 'cost', value: 0.4 })).resolves.toMatchObject({ accepted: 1 });
  });

  it('guards /metrics with router or admin tokens and leaves the probes open', async () => {
    expect((await fetch(`${t.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${t.url}/metrics`, { headers: bearer(AGENT_TOKEN) })).status).toBe(403);
    expect((await fetch(`${t.url}/metrics`, { headers: bearer(ROUTER_TOKEN) })).status).toBe(200);
    expect((await fetch(`${t.url}/metrics`, { headers: bearer(ADMIN_TOKEN) })).status).toBe(200);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
  });

  it('counts refused signals by reason', async () => {
    const text = await (await fetch(`${t.url}/metrics`, { headers: bearer(ADMIN_TOKEN) })).text();
    expect(text).toMatch(/coordination_signals_rejected_total\{reason="forbidden"\} [1-9]/);
    expect(text).toMatch(/coordination_rpc_requests_rejected_total\{reason="unauthorized"\} 3/);
  });
});

describe('authentication before the body limit', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer({ ...AUTH_ENV, COORDINATION_MAX_BODY_BYTES: '2048' });
  });
  afterAll(() => t.close());

  const oversize = () => rpc('coordination.signal', { agent_id: 'a1', signal_type: 'load', value: 0.1, trace_id: 'x'.repeat(8_000) });

  it('answers an oversize body without a valid token with 401, not 413, and closes the connection', async () => {
    for (const headers of [{}, bearer('not-a-configured-token')]) {
      const { status, body, headers: h } = await t.post(oversize(), headers);
      expect(status).toBe(401);
      expect(h.get('www-authenticate')).toBe('Bearer');
      expect(h.get('connection')).toBe('close');
      expect(body).toMatchObject({ id: null, error: { code: RpcErrorCode.UNAUTHORIZED } });
    }
  });

  it('answers a streamed oversize body without a token with 401 too', async () => {
    const { status, body } = await postChunked(t.url, [
      '{"jsonrpc":"2.0","id":1,"method":"coordination.signal","params":{"agent_id":"',
      'v'.repeat(4_000) + '"}}',
    ]);
    expect(status).toBe(401);
    expect(JSON.parse(body)).toMatchObject({ error: { code: RpcErrorCode.UNAUTHORIZED } });
  });

  it('still answers an oversize body with a valid token with 413', async () => {
    const { status, body } = await t.post(oversize(), bearer(AGENT_TOKEN));
    expect(status).toBe(413);
    expect(body).toMatchObject({ error: { code: RpcErrorCode.PAYLOAD_TOO_LARGE, data: { max_bytes: 2048 } } });
    const text = await (await fetch(`${t.url}/metrics`, { headers: bearer(ADMIN_TOKEN) })).text();
    expect(text).toMatch(/coordination_rpc_requests_rejected_total\{reason="unauthorized"\} 3/);
    expect(text).toMatch(/coordination_rpc_requests_rejected_total\{reason="payload_too_large"\} 1/);
  });
});

describe('without authentication', () => {
  it('binds to loopback by default and warns once when told to listen beyond it', async () => {
    const local = await startServer({ HOST: '' });
    expect(local.url).toBe(`http://127.0.0.1:${new URL(local.url).port}`);
    expect(local.logs.messages('warn')).toEqual([]);
    await local.close();

    const open = await startServer({ HOST: '0.0.0.0' });
    const warnings = open.logs.lines.filter((l) => l.level === 'warn' && String(l.message).startsWith('authentication is off'));
    expect(warnings).toHaveLength(1);
    const port = new URL(open.url).port;
    expect((await post(`http://127.0.0.1:${port}/rpc`, rpc('coordination.metrics'))).status).toBe(200);
    await open.close();
  });
});

describe('the per-token rate limit', () => {
  it('refuses calls over the limit with 429, -32029 and a retry hint, and the client waits and retries reads', async () => {
    const t = await startServer({ ...AUTH_ENV, COORDINATION_RATE_LIMIT: '5' });
    try {
      const responses = await Promise.all(
        Array.from({ length: 8 }, (_, i) => t.post(rpc('coordination.signal', { agent_id: 'a1', signal_type: 'load', value: 0.1 }, i), bearer(AGENT_TOKEN))),
      );
      const limited = responses.filter((r) => r.status === 429);
      expect(limited.length).toBe(3);
      expect(limited[0].headers.get('retry-after')).toMatch(/^\d+$/);
      expect(limited[0].body).toMatchObject({ error: { code: RpcErrorCode.RATE_LIMITED, data: { retry_after_ms: expect.any(Number) } } });
      // Another token has its own budget.
      const router = t.client({ token: ROUTER_TOKEN });
      await expect(router.metrics()).resolves.toMatchObject({ total_signals: 5 });
      // A batch spends one point per call.
      const batch = await t.post(
        Array.from({ length: 6 }, (_, i) => rpc('coordination.metrics', undefined, i)),
        bearer(ROUTER_TOKEN),
      );
      expect(batch.status).toBe(429);
      const patient = t.client({ token: AGENT_TOKEN, retry: { retries: 3, baseDelayMs: 50 } });
      await expect(patient.discover()).resolves.toHaveProperty('openrpc');
      expect(t.logs.messages('warn')).toContain('rate limited');
    } finally {
      await t.close();
    }
  });
});
