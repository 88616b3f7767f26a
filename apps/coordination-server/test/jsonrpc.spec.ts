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

  it.each([
    ['a number', '1'],
    ['a string', '"{\\"jsonrpc\\":\\"2.0\\",\\"id\\":1,\\"method\\":\\"coordination.metrics\\"}"'],
    ['null', 'null'],
    ['an empty batch', '[]'],
    ['a request without jsonrpc', JSON.stringify({ id: 1, method: 'coordination.metrics' })],
    ['a request with a numeric method', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 1 })],
    ['a request with params that are a string', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'coordination.metrics', params: 'x' })],
  ])('answers %s with a single -32600 invalid request', async (_name, text) => {
    const { body } = await t.post(text);
    expect(body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: RpcErrorCode.INVALID_REQUEST } });
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
    expect(responses.filter((r) => r.id === null).map((r) => r.error?.code)).toEqual([
      RpcErrorCode.INVALID_REQUEST,
      RpcErrorCode.INVALID_REQUEST,
      RpcErrorCode.INVALID_REQUEST,
    ]);
    expect(byId(6)?.result).toMatchObject({ agent_id: 'm1' });
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

  it('accepts a query string on /rpc and answers other verbs with 405', async () => {
    const withQuery = await fetch(`${t.url}/rpc?trace=1`, { method: 'POST', body: JSON.stringify(rpc('coordination.metrics')) });
    expect(withQuery.status).toBe(200);
    const get = await fetch(`${t.url}/rpc`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });
});
