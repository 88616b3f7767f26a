import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CoordinationClient } from './client';
import { CoordinationTransportError } from './errors';
import type { CoordinationEvent } from './event-types';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A stand-in for GET /events: each connection is answered by the next scripted handler. */
class StreamStub {
  readonly requests: IncomingMessage[] = [];
  handlers: Handler[] = [];
  closed = 0;
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.requests.push(req);
      res.on('close', () => this.closed++);
      const handler = this.handlers.shift() ?? ((_req, r) => r.writeHead(503).end());
      handler(req, res);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const sse = (frames: string, end = true): Handler => (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write(frames);
  if (end) res.end();
};
const frame = (id: string, type: string, data: object) => `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
const signals = (agent: string) => ({ time: 't', agent_id: agent, count: 1, latest: { load: 0.5 }, last_timestamp: 't' });

async function take(iterator: AsyncGenerator<CoordinationEvent>, n: number): Promise<CoordinationEvent[]> {
  const out: CoordinationEvent[] = [];
  for await (const event of iterator) {
    out.push(event);
    if (out.length === n) break;
  }
  return out;
}

describe('CoordinationClient.events', () => {
  const stub = new StreamStub();
  beforeAll(() => stub.start());
  afterAll(() => stub.stop());
  beforeEach(() => {
    stub.requests.length = 0;
    stub.handlers = [];
  });
  const client = (token?: string) => new CoordinationClient({ url: `${stub.url}/rpc`, token });
  const fast = { reconnect: { baseDelayMs: 5, maxDelayMs: 20 } };

  it('yields typed events, asking with the filters, the token and text/event-stream', async () => {
    stub.handlers = [sse(`retry: 10\n\n: hi\n\n${frame('p-1', 'signals', signals('a1'))}${frame('p-2', 'agent_stale', { agent_id: 'a1' })}`, false)];
    const events = await take(client('tok-0123456789abcdef').events({ types: ['signals', 'agent_stale'], agents: ['a1', 'a2'] }), 2);
    expect(events.map((e) => [e.id, e.type])).toEqual([
      ['p-1', 'signals'],
      ['p-2', 'agent_stale'],
    ]);
    const first = events[0];
    if (first.type === 'signals') expect(first.data.latest.load).toBe(0.5);
    const request = stub.requests[0];
    expect(request.url).toBe('/events?types=signals%2Cagent_stale&agents=a1%2Ca2');
    expect(request.headers.authorization).toBe('Bearer tok-0123456789abcdef');
    expect(request.headers.accept).toBe('text/event-stream');
    expect(request.headers['last-event-id']).toBeUndefined();
  });

  it('reconnects when the stream ends, resuming after the last event it yielded, and skips event types it does not know', async () => {
    const reconnects: number[] = [];
    stub.handlers = [
      sse(frame('p-1', 'signals', signals('a1'))),
      (_req, res) => res.writeHead(500).end('oops'),
      sse(frame('p-2', 'from_the_future', {}) + frame('p-3', 'agent_expired', { agent_id: 'a1' })),
    ];
    const events = await take(client().events({ ...fast, lastEventId: 'p-0', onReconnect: (info) => reconnects.push(info.attempt) }), 2);
    expect(events.map((e) => e.id)).toEqual(['p-1', 'p-3']);
    expect(stub.requests.map((r) => r.headers['last-event-id'])).toEqual(['p-0', 'p-1', 'p-1']);
    expect(reconnects).toEqual([1, 2]);
  });

  it('waits at least what a 503 Retry-After asks', async () => {
    stub.handlers = [(_req, res) => res.writeHead(503, { 'retry-after': '1' }).end(), sse(frame('p-1', 'signals', signals('a1')))];
    const delays: number[] = [];
    await take(client().events({ ...fast, reconnect: { baseDelayMs: 5, maxDelayMs: 5000 }, onReconnect: (i) => delays.push(i.delayMs) }), 1);
    expect(delays[0]).toBeGreaterThanOrEqual(500);
  });

  it('throws at once when no reconnection can help (401, 403, 400, 404)', async () => {
    stub.handlers = [(_req, res) => res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}')];
    const error = await take(client().events(fast), 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoordinationTransportError);
    expect(error).toMatchObject({ httpStatus: 401, method: 'events' });
    expect(stub.requests).toHaveLength(1);
  });

  it('gives up after maxAttempts failures in a row, with the last error', async () => {
    stub.handlers = [(_req, res) => res.writeHead(502).end(), (_req, res) => res.writeHead(502).end()];
    const error = await take(client().events({ reconnect: { baseDelayMs: 1, maxAttempts: 1 } }), 1).catch((e: unknown) => e);
    expect(error).toMatchObject({ httpStatus: 502 });
    expect(stub.requests).toHaveLength(2);
  });

  it('replaces a connection that goes silent for idleTimeoutMs', async () => {
    stub.handlers = [sse(': nothing more\n\n', false), sse(frame('p-9', 'signals', signals('a1')))];
    const events = await take(client().events({ ...fast, idleTimeoutMs: 100 }), 1);
    expect(events.map((e) => e.id)).toEqual(['p-9']);
    expect(stub.requests).toHaveLength(2);
  });

  it('ends without an error when the signal aborts, and closes the connection', async () => {
    stub.handlers = [sse(frame('p-1', 'signals', signals('a1')), false)];
    const controller = new AbortController();
    const seen: string[] = [];
    const closedBefore = stub.closed;
    for await (const event of client().events({ signal: controller.signal })) {
      seen.push(event.id);
      controller.abort();
    }
    expect(seen).toEqual(['p-1']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stub.closed).toBe(closedBefore + 1);
  });

  it('ends at once when aborted while waiting to reconnect', async () => {
    const controller = new AbortController();
    stub.handlers = [(_req, res) => res.writeHead(502).end()];
    const started = Date.now();
    const done = take(client().events({ signal: controller.signal, reconnect: { baseDelayMs: 60_000 }, onReconnect: () => controller.abort() }), 1);
    await expect(done).resolves.toEqual([]);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('does not connect at all with a signal aborted already', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(take(client().events({ signal: controller.signal }), 1)).resolves.toEqual([]);
    expect(stub.requests).toHaveLength(0);
  });
});
