import { RpcErrorCode } from '@agentcore/coordination-client';
import { rpc, startServer, type TestServer } from './helpers';

const signal = (agent = 'a1', value = 0.5) => ({ agent_id: agent, signal_type: 'load', value });

describe('JSON-RPC 2.0 semantics over POST /rpc', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer({ COORDINATION_MAX_BATCH: '6' });
  });
  afterAll(() => t.close());

  it('answers a parse error with -32700 and id null', async () => {
    const { status, body } = await t.post('{"jsonrpc": "2.0", "method": "coordination.metrics", "params": [bar');
    expect(status).toBe(200);
    expect(body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: RpcErrorCode.PARSE_ERROR } });
  });

  const jsonrpcMessage = 'Invalid request: "jsonrpc" must be exactly "2.0"';
  const methodMessage = 'Invalid request: "method" must be a string';
  const paramsMessage = 'Invalid request: "params" must be an object or array';
  const idMessage = 'Invalid request: "id" must be a string, a number or null';
  it.each<[string, string, string | number | null, string]>([
    ['a number', '1', null, 'Invalid request: expected a request object or a batch array'],
    ['a string', '"{\\"jsonrpc\\":\\"2.0\\",\\"id\\":1,\\"method\\":\\"coordination.metrics\\"}"', null, 'Invalid request: expected a request object or a batch array'],
    ['null', 'null', null, 'Invalid request: expected a request object or a batch array'],
    ['an empty batch', '[]', null, 'Invalid request: an empty batch'],
    ['a request without jsonrpc', JSON.stringify({ id: 1, method: 'coordination.metrics' }), 1, jsonrpcMessage],
    ['a request with jsonrpc "1.0"', JSON.stringify({ jsonrpc: '1.0', id: 1, method: 'coordination.metrics' }), 1, jsonrpcMessage],
    ['a request with jsonrpc 2', JSON.stringify({ jsonrpc: 2, id: 'two', method: 'coordination.metrics' }), 'two', jsonrpcMessage],
    ['a request without method', JSON.stringify({ jsonrpc: '2.0', id: 'm' }), 'm', methodMessage],
    ['a request with a numeric method', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 1 }), 1, methodMessage],
    ['a request with params that are a string', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'coordination.metrics', params: 'x' }), 1, paramsMessage],
    ['a request with params that are null', JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'coordination.metrics', params: null }), 0, paramsMessage],
    ['a request with "id": null and a bad method', JSON.stringify({ jsonrpc: '2.0', id: null, method: false }), null, methodMessage],
    ['an invalid request without an id', JSON.stringify({ jsonrpc: '1.0', method: 'coordination.metrics' }), null, jsonrpcMessage],
    ['a request with an object id', JSON.stringify({ jsonrpc: '2.0', id: { n: 1 }, method: 'coordination.metrics' }), null, idMessage],
    ['a request with a boolean id and a bad jsonrpc', JSON.stringify({ jsonrpc: '1.0', id: true, method: 'coordination.metrics' }), null, idMessage],
  ])('answers %s with a single -32600 invalid request, the id when readable and what was wrong', async (_name, text, id, message) => {
    const { status, body } = await t.post(text);
    expect(status).toBe(200);
    expect(body).toEqual({ jsonrpc: '2.0', id, error: { code: RpcErrorCode.INVALID_REQUEST, message } });
  });

  it('counts a lone invalid request as a rejected HTTP request, not members of a batch', async () => {
    const count = async () => Number(/coordination_rpc_requests_rejected_total\{reason="invalid_request"\} (\d+)/.exec(await (await fetch(`${t.url}/metrics`)).text())?.[1] ?? 0);
    const before = await count();
    await t.post({ jsonrpc: '1.0', id: 1, method: 'coordination.metrics' });
    expect(await count()).toBe(before + 1);
    await t.post([{ jsonrpc: '1.0', id: 1, method: 'coordination.metrics' }, rpc('coordination.metrics', undefined, 2)]);
    expect(await count()).toBe(before + 1);
  });

  it('answers an unknown method with -32601 and the request id', async () => {
    const { body } = await t.post(rpc('coordination.nope', {}, 'abc'));
    expect(body).toEqual({ jsonrpc: '2.0', id: 'abc', error: { code: RpcErrorCode.METHOD_NOT_FOUND, message: 'Method not found' } });
  });

  it('answers invalid params with -32602 and the issues with paths', async () => {
    const { body } = await t.post(rpc('coordination.signal', { signals: [signal('x1'), signal('x2'), { ...signal('x3'), value: 2 }] }, 7));
    expect(body).toMatchObject({ id: 7, error: { code: RpcErrorCode.INVALID_PARAMS, data: { issues: [{ path: 'signals.2.value' }] } } });
    expect((await t.post(rpc('coordination.state', { agent_id: 'x1' }))).body).toMatchObject({ result: null });
  });

  it('treats by-position params as invalid params', async () => {
    const { body } = await t.post(rpc('coordination.predict', ['a1']));
    expect(body).toMatchObject({ error: { code: RpcErrorCode.INVALID_PARAMS } });
  });

  it('answers a batch with mixed valid and invalid members member by member, in any order', async () => {
    const { body } = await t.post([
      rpc('coordination.signal', signal('m1'), 1),
      { jsonrpc: '2.0', method: 1, id: 2 },
      rpc('coordination.nope', {}, 3),
      42,
      [rpc('coordination.metrics', {}, 5)],
      rpc('coordination.state', { agent_id: 'm1' }, 6),
    ]);
    const responses = body as Array<{ id: unknown; result?: unknown; error?: { code: number } }>;
    expect(responses).toHaveLength(6);
    const byId = (id: unknown) => responses.find((r) => r.id === id);
    expect(byId(1)?.result).toMatchObject({ accepted: 1 });
    expect(byId(3)?.error?.code).toBe(RpcErrorCode.METHOD_NOT_FOUND);
    // The invalid member with a readable id is answered under it; the others under null.
    expect(byId(2)?.error).toEqual({ code: RpcErrorCode.INVALID_REQUEST, message: 'Invalid request: "method" must be a string' });
    expect(responses.filter((r) => r.id === null)).toEqual([
      { jsonrpc: '2.0', id: null, error: { code: RpcErrorCode.INVALID_REQUEST, message: 'Invalid request: expected a request object' } },
      { jsonrpc: '2.0', id: null, error: { code: RpcErrorCode.INVALID_REQUEST, message: 'Invalid request: expected a request object' } },
    ]);
    expect(byId(6)?.result).toMatchObject({ agent_id: 'm1' });
    // Responses keep the order of the requests.
    expect(responses.map((r) => r.id)).toEqual([1, 2, 3, null, null, 6]);
  });

  it('sends nothing for notifications: 204 for a lone one or an all-notification batch', async () => {
    const lone = await t.post({ jsonrpc: '2.0', method: 'coordination.signal', params: signal('n1') });
    expect(lone.status).toBe(204);
    expect(lone.text).toBe('');
    const batch = await t.post([
      { jsonrpc: '2.0', method: 'coordination.signal', params: signal('n2') },
      { jsonrpc: '2.0', method: 'coordination.nope' },
    ]);
    expect(batch.status).toBe(204);
    // The notification still took effect.
    expect((await t.post(rpc('coordination.state', { agent_ids: ['n1', 'n2'] }))).body).toMatchObject({
      result: { states: [{ agent_id: 'n1' }, { agent_id: 'n2' }] },
    });
  });

  it('leaves notifications out of a mixed batch response', async () => {
    const { body } = await t.post([{ jsonrpc: '2.0', method: 'coordination.metrics' }, rpc('coordination.metrics', undefined, 9)]);
    expect(body).toEqual([expect.objectContaining({ id: 9 })]);
  });

  it('answers "id": null (a request, not a notification) with id null', async () => {
    const { status, body } = await t.post(rpc('coordination.state', { agent_id: 'nobody' }, null));
    expect(status).toBe(200);
    expect(body).toEqual({ jsonrpc: '2.0', id: null, result: null });
  });

  it('refuses a JSON-RPC batch over COORDINATION_MAX_BATCH as a whole, running none of it', async () => {
    const calls = Array.from({ length: 7 }, (_, i) => rpc('coordination.signal', signal(`big-${i}`), i));
    const { body } = await t.post(calls);
    expect(body).toMatchObject({ id: null, error: { code: RpcErrorCode.BATCH_TOO_LARGE, data: { max_batch: 6, received: 7 } } });
    expect((await t.post(rpc('coordination.state', { agent_id: 'big-0' }))).body).toMatchObject({ result: null });
  });

  it.each([
    ['coordination.select', 'candidates', 'candidates'],
    ['coordination.state', 'agent_ids', 'agent_ids'],
  ])('refuses %s with %s over COORDINATION_MAX_BATCH as -32014, as it does signals', async (method, field, what) => {
    const ids = Array.from({ length: 7 }, (_, i) => `list-${i}`);
    const { body } = await t.post(rpc(method, { [field]: ids }, 'big'));
    expect(body).toEqual({
      jsonrpc: '2.0',
      id: 'big',
      error: { code: RpcErrorCode.BATCH_TOO_LARGE, message: `Batch too large: 7 ${what}, at most 6`, data: { max_batch: 6, received: 7 } },
    });
    // At the limit the call goes through.
    const atLimit = await t.post(rpc(method, { [field]: ids.slice(0, 6) }, 'ok'));
    expect(atLimit.body).toMatchObject({ id: 'ok', result: expect.anything() });
  });

  it('refuses a signals array over COORDINATION_MAX_BATCH with the same error', async () => {
    const { body } = await t.post(rpc('coordination.signal', { signals: Array.from({ length: 7 }, (_, i) => signal(`s-${i}`)) }, 'sig'));
    expect(body).toEqual({
      jsonrpc: '2.0',
      id: 'sig',
      error: { code: RpcErrorCode.BATCH_TOO_LARGE, message: 'Batch too large: 7 signals, at most 6', data: { max_batch: 6, received: 7 } },
    });
  });

  it('accepts a query string on /rpc and answers other verbs with 405', async () => {
    const withQuery = await fetch(`${t.url}/rpc?trace=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rpc('coordination.metrics')) });
    expect(withQuery.status).toBe(200);
    const get = await fetch(`${t.url}/rpc`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });
});
