import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CoordinationClient } from './client';
import { CoordinationRpcError, CoordinationTimeoutError, CoordinationTransportError, RpcErrorCode } from './errors';

type Reply = (request: { method: string; params: unknown; id: number }, res: ServerResponse, req: IncomingMessage) => void;

/** A stand-in server: each test scripts the replies; every request is recorded. */
class Stub {
  readonly requests: Array<{ method: string; params: unknown; id: number; authorization?: string }> = [];
  replies: Reply[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const message = JSON.parse(body);
        this.requests.push({ ...message, authorization: req.headers.authorization });
        const reply = this.replies.shift() ?? result({ ok: true });
        reply(message, res, req);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
const result =
  (value: unknown): Reply =>
  (request, res) =>
    json(res, 200, { jsonrpc: '2.0', id: request.id, result: value });
const error =
  (code: number, message: string, data?: unknown, status = 200): Reply =>
  (request, res) =>
    json(res, status, { jsonrpc: '2.0', id: request.id, error: { code, message, data } });

describe('CoordinationClient', () => {
  const stub = new Stub();
  beforeAll(() => stub.start());
  afterAll(() => stub.stop());
  beforeEach(() => {
    stub.requests.length = 0;
    stub.replies = [];
  });
  const client = (options: Partial<ConstructorParameters<typeof CoordinationClient>[0]> = {}) =>
    new CoordinationClient({ url: stub.url, retry: { baseDelayMs: 1, maxDelayMs: 5 }, ...options });

  it('sends JSON-RPC 2.0 requests with by-name params and a bearer token, one method per helper', async () => {
    const c = client({ token: 'secret-token', url: `${stub.url}/` });
    expect(c.endpoint).toBe(`${stub.url}/rpc`);
    expect(new CoordinationClient({ url: `${stub.url}/rpc` }).endpoint).toBe(`${stub.url}/rpc`);
    stub.replies = [
      result({ accepted: 1, signal_ids: ['x'] }),
      result({ accepted: 2, signal_ids: ['y', 'z'] }),
      result(null),
      result({ states: [] }),
      result({ states: [], next_cursor: null }),
      result({ total_signals: 0 }),
      result({ agent_id: 'a' }),
      result(null),
      result({ agent_id: 'a', recorded: true }),
      result({ agent_id: 'a', recorded: true }),
      result({ openrpc: '1.3.2' }),
    ];
    await c.signal({ agent_id: 'a', signal_type: 'load', value: 0.1 });
    await c.signals([
      { agent_id: 'a', signal_type: 'load', value: 0.1 },
      { agent_id: 'b', signal_type: 'load', value: 0.2 },
    ]);
    expect(await c.state('a')).toBeNull();
    expect(await c.states(['a'])).toEqual([]);
    expect(await c.listStates()).toEqual({ states: [], next_cursor: null });
    await c.metrics();
    await c.select(['a'], { explain: true });
    expect(await c.predict('a', { horizonSeconds: 30, threshold: 0.9 })).toBeNull();
    expect(await c.complete('a')).toEqual({ agent_id: 'a', recorded: true });
    await c.complete('a', 3);
    await c.discover();
    expect(stub.requests.map((r) => [r.method, r.params])).toEqual([
      ['coordination.signal', { agent_id: 'a', signal_type: 'load', value: 0.1 }],
      ['coordination.signal', { signals: [expect.any(Object), expect.any(Object)] }],
      ['coordination.state', { agent_id: 'a' }],
      ['coordination.state', { agent_ids: ['a'] }],
      ['coordination.state', {}],
      ['coordination.metrics', {}],
      ['coordination.select', { candidates: ['a'], explain: true }],
      ['coordination.predict', { agent_id: 'a', horizon_seconds: 30, threshold: 0.9 }],
      ['coordination.complete', { agent_id: 'a' }],
      ['coordination.complete', { agent_id: 'a', count: 3 }],
      ['rpc.discover', undefined],
    ]);
    expect(new Set(stub.requests.map((r) => r.authorization))).toEqual(new Set(['Bearer secret-token']));
    expect(new Set(stub.requests.map((r) => r.id)).size).toBe(11);
  });

  it('throws CoordinationRpcError with code, data and issues', async () => {
    const issues = [{ path: 'signals.0.value', message: 'too big', code: 'too_big' }];
    stub.replies = [error(RpcErrorCode.INVALID_PARAMS, 'Invalid params', { issues })];
    const failure = await client()
      .signals([{ agent_id: 'a', signal_type: 'load', value: 0.1 }])
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CoordinationRpcError);
    expect(failure).toMatchObject({ code: RpcErrorCode.INVALID_PARAMS, method: 'coordination.signal', httpStatus: 200, issues });
    expect((failure as CoordinationRpcError).retryAfterMs).toBeUndefined();
    expect(stub.requests).toHaveLength(1);
  });

  it('retries reads after ambiguous failures, with backoff', async () => {
    stub.replies = [(_r, res) => res.destroy(), (_r, res) => json(res, 502, { oops: true }), result({ total_signals: 3 })];
    await expect(client().metrics()).resolves.toEqual({ total_signals: 3 });
    expect(stub.requests).toHaveLength(3);
  });

  it('gives up after the configured retries', async () => {
    stub.replies = [error(RpcErrorCode.INTERNAL_ERROR, 'x'), error(RpcErrorCode.INTERNAL_ERROR, 'x'), error(RpcErrorCode.INTERNAL_ERROR, 'x')];
    await expect(client({ retry: { retries: 1, baseDelayMs: 1 } }).state('a')).rejects.toMatchObject({ code: RpcErrorCode.INTERNAL_ERROR });
    expect(stub.requests).toHaveLength(2);
  });

  it('never repeats a selection, a completion or an anonymous signal after an ambiguous failure', async () => {
    stub.replies = [(_r, res) => res.destroy()];
    await expect(client().select(['a'])).rejects.toBeInstanceOf(CoordinationTransportError);
    stub.replies = [(_r, res) => res.destroy()];
    await expect(client().complete('a')).rejects.toBeInstanceOf(CoordinationTransportError);
    stub.replies = [error(RpcErrorCode.INTERNAL_ERROR, 'x')];
    await expect(client().signal({ agent_id: 'a', signal_type: 'load', value: 0.1 })).rejects.toBeInstanceOf(CoordinationRpcError);
    expect(stub.requests).toHaveLength(3);
  });

  it('repeats a signal that carries its signal_id, which the server stores only once', async () => {
    stub.replies = [(_r, res) => res.destroy(), result({ accepted: 1, signal_ids: ['s'] })];
    const signal = { signal_id: '0e6f3c8a-4c1b-4f7e-9a55-2d1f4b3c6e7a', agent_id: 'a', signal_type: 'load' as const, value: 0.1 };
    await expect(client().signal(signal)).resolves.toMatchObject({ accepted: 1 });
    expect(stub.requests).toHaveLength(2);
  });

  it('retries anything the server refused before acting, honouring the retry hint', async () => {
    stub.replies = [error(RpcErrorCode.RATE_LIMITED, 'slow down', { retry_after_ms: 30 }, 429), result({ agent_id: 'a' })];
    const started = Date.now();
    await expect(client().select(['a'])).resolves.toEqual({ agent_id: 'a' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    stub.replies = [(_r, res) => json(res, 503, { status: 'not_ready' }), result({ agent_id: 'a' })];
    await expect(client().select(['a'])).resolves.toEqual({ agent_id: 'a' });
  });

  it('retries a refused connection even for a selection, and reports it when it persists', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const nowhere = new CoordinationClient({ url: `http://127.0.0.1:${port}`, retry: { retries: 1, baseDelayMs: 1 } });
    const failure = await nowhere.select(['a']).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CoordinationTransportError);
    expect((failure as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('times out with CoordinationTimeoutError', async () => {
    stub.replies = [() => undefined, () => undefined];
    const failure = await client({ timeoutMs: 50, retry: { retries: 0 } })
      .metrics()
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CoordinationTimeoutError);
    expect(failure).toMatchObject({ timeoutMs: 50, method: 'coordination.metrics' });
  });

  it.each([
    ['a body that is not JSON', (_r: unknown, res: ServerResponse) => res.end('<html>')],
    ['a JSON body that is not an object', (_r: unknown, res: ServerResponse) => json(res, 200, [1])],
    ['a response to another request', (_r: unknown, res: ServerResponse) => json(res, 200, { jsonrpc: '2.0', id: 999, result: 1 })],
    ['an error without a code', (r: { id: number }, res: ServerResponse) => json(res, 200, { jsonrpc: '2.0', id: r.id, error: {} })],
  ])('reports %s as a transport or internal error', async (_name, reply) => {
    stub.replies = [reply as Reply];
    const failure = await client({ retry: { retries: 0 } })
      .select(['a'])
      .catch((e: unknown) => e);
    expect(failure instanceof CoordinationTransportError || (failure as CoordinationRpcError).code === RpcErrorCode.INTERNAL_ERROR).toBe(true);
  });

  it('reports fetch failures that are not socket errors', async () => {
    const broken = new CoordinationClient({ url: 'http://x', fetch: () => Promise.reject('plain string'), retry: { retries: 0 } });
    await expect(broken.metrics()).rejects.toThrow('plain string');
  });
});
