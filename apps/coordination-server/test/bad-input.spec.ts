import { RpcErrorCode } from '@agentcore/coordination-client';
import { postChunked, rpc, startServer, type TestServer } from './helpers';

const signal = (overrides: Record<string, unknown> = {}) => ({ agent_id: 'victim', signal_type: 'load', value: 0.5, ...overrides });

/** Each entry: what is sent, and the error it must get. Nothing of it may be stored. */
const catalogue: Array<[string, () => string, { status: number; code: number; path?: string }]> = [
  ['malformed JSON', () => '{"jsonrpc":"2.0","id":1,"method":"coordination.signal","params":{', { status: 200, code: RpcErrorCode.PARSE_ERROR }],
  ['deeply nested JSON', () => '['.repeat(15_000) + ']'.repeat(15_000), { status: 200, code: RpcErrorCode.INVALID_REQUEST }],
  ['a value of the wrong type', () => JSON.stringify(rpc('coordination.signal', signal({ value: 'high' }))), { status: 200, code: RpcErrorCode.INVALID_PARAMS, path: 'value' }],
  ['a value out of range', () => JSON.stringify(rpc('coordination.signal', signal({ value: 1.5 }))), { status: 200, code: RpcErrorCode.INVALID_PARAMS, path: 'value' }],
  ['a non-finite value', () => JSON.stringify(rpc('coordination.signal', signal())).replace('0.5', '1e999'), { status: 200, code: RpcErrorCode.INVALID_PARAMS, path: 'value' }],
  ['an unknown signal type', () => JSON.stringify(rpc('coordination.signal', signal({ signal_type: 'mood' }))), { status: 200, code: RpcErrorCode.INVALID_PARAMS, path: 'signal_type' }],
  ['a numeric agent_id', () => JSON.stringify(rpc('coordination.signal', signal({ agent_id: 5 }))), { status: 200, code: RpcErrorCode.INVALID_PARAMS, path: 'agent_id' }],
  ['a control character in agent_id', () => JSON.stringify(rpc('coordination.signal', signal({ agent_id: 'vic\ntim' }))), { status: 200, code: RpcErrorCode.INVALID_PARAMS, path: 'agent_id' }],
  ['an unknown field', () => JSON.stringify(rpc('coordination.signal', signal({ extra: 1 }))), { status: 200, code: RpcErrorCode.INVALID_PARAMS }],
  ['a far-future timestamp', () => JSON.stringify(rpc('coordination.signal', signal({ timestamp: Date.now() + 86_400_000 }))), { status: 200, code: RpcErrorCode.INVALID_PARAMS, path: 'timestamp' }],
  ['params that are an array', () => JSON.stringify(rpc('coordination.signal', [signal()])), { status: 200, code: RpcErrorCode.INVALID_PARAMS }],
  ['no params', () => JSON.stringify(rpc('coordination.signal')), { status: 200, code: RpcErrorCode.INVALID_PARAMS }],
  ['signals that are not an array', () => JSON.stringify(rpc('coordination.signal', { signals: signal() })), { status: 200, code: RpcErrorCode.INVALID_PARAMS, path: 'signals' }],
  ['a batch beside other fields', () => JSON.stringify(rpc('coordination.signal', { signals: [signal()], agent_id: 'x' })), { status: 200, code: RpcErrorCode.INVALID_PARAMS }],
  [
    'a batch with one bad item',
    () => JSON.stringify(rpc('coordination.signal', { signals: [signal(), signal({ agent_id: 'victim-2' }), signal({ value: -1 })] })),
    { status: 200, code: RpcErrorCode.INVALID_PARAMS, path: 'signals.2.value' },
  ],
  [
    'a signal batch over COORDINATION_MAX_BATCH',
    () => JSON.stringify(rpc('coordination.signal', { signals: Array.from({ length: 11 }, () => signal()) })),
    { status: 200, code: RpcErrorCode.BATCH_TOO_LARGE },
  ],
  ['an unknown method', () => JSON.stringify(rpc('coordination.delete', { agent_id: 'victim' })), { status: 200, code: RpcErrorCode.METHOD_NOT_FOUND }],
  ['a reserved rpc.* method', () => JSON.stringify(rpc('rpc.shutdown')), { status: 200, code: RpcErrorCode.METHOD_NOT_FOUND }],
  [
    'a payload over COORDINATION_MAX_BODY_BYTES',
    () => JSON.stringify(rpc('coordination.signal', { signals: [signal({ trace_id: 'x'.repeat(40_000) })] })),
    { status: 413, code: RpcErrorCode.PAYLOAD_TOO_LARGE },
  ],
];

describe('the bad-input catalogue', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer({ COORDINATION_MAX_BATCH: '10', COORDINATION_MAX_BODY_BYTES: '32768' });
  });
  afterAll(() => t.close());

  it.each(catalogue)('refuses %s, leaves no trace and keeps serving', async (_name, body, expected) => {
    const before = await t.client().metrics();
    const response = await t.post(body());
    expect(response.status).toBe(expected.status);
    type ErrorResponse = { error: { code: number; message: string; data?: { issues?: Array<{ path: string }> } } };
    // A batch (the nested-array case) answers with one error per member.
    const { error } = (Array.isArray(response.body) ? response.body[0] : response.body) as ErrorResponse;
    expect(error.code).toBe(expected.code);
    expect(error.message.length).toBeGreaterThan(5);
    if (expected.path !== undefined) expect(error.data?.issues?.map((i) => i.path)).toContain(expected.path);

    // Still serving, and nothing was stored.
    const after = await t.client().metrics();
    expect(after.total_signals).toBe(before.total_signals);
    expect(after.agents_tracked).toBe(before.agents_tracked);
    expect(await t.client().state('victim')).toBeNull();
  });

  it('cuts off a streamed body once it passes the limit, without a Content-Length to go by', async () => {
    const { status, body } = await postChunked(t.url, [
      '{"jsonrpc":"2.0","id":1,"method":"coordination.signal","params":{"agent_id":"',
      'v'.repeat(40_000),
      '"}}',
    ]);
    expect(status).toBe(413);
    expect(JSON.parse(body)).toMatchObject({ error: { code: RpcErrorCode.PAYLOAD_TOO_LARGE, data: { max_bytes: 32768 } } });
    expect(await t.client().metrics()).toMatchObject({ total_signals: 0 });
  });

  it('counts what it refused in /metrics', async () => {
    const text = await (await fetch(`${t.url}/metrics`)).text();
    expect(text).toMatch(/coordination_signals_rejected_total\{reason="invalid"\} \d+/);
    expect(text).toMatch(/coordination_rpc_requests_rejected_total\{reason="payload_too_large"\} 2/);
    expect(text).toMatch(/coordination_rpc_requests_rejected_total\{reason="parse_error"\} 1/);
    expect(t.logs.messages('warn')).toContain('signals rejected');
  });
});
