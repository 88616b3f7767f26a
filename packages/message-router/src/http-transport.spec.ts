import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeliveryError, DeliveryTimeoutError, HttpTransport } from './index';
import { agent, envelope } from '../test/helpers';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

describe('HttpTransport', () => {
  let server: Server;
  let baseUrl: string;
  let handle: Handler;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => handle(req, Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const json = (res: ServerResponse, status: number, value: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  };

  it('POSTs { message } as JSON with the configured headers and returns the JSON answer', async () => {
    let seen: { method?: string; headers?: IncomingMessage['headers']; body?: unknown } = {};
    handle = (req, body, res) => {
      seen = { method: req.method, headers: req.headers, body: JSON.parse(body) };
      json(res, 200, { ok: true });
    };
    const message = envelope({ capability: 'chat' });
    const transport = new HttpTransport({ headers: { authorization: 'Bearer t' } });
    const response = await transport.deliver(agent('a', ['chat'], { endpoint: `${baseUrl}/agent` }), message, { timeoutMs: 1000 });
    expect(response).toEqual({ ok: true });
    expect(seen.method).toBe('POST');
    expect(seen.headers?.authorization).toBe('Bearer t');
    expect(seen.headers?.['content-type']).toBe('application/json');
    expect(seen.body).toEqual({ message });
  });

  it('supports per-agent headers and non-JSON or empty answers', async () => {
    handle = (req, _body, res) => {
      if (req.headers['x-agent'] === 'b') {
        res.writeHead(204);
        res.end();
      } else {
        res.writeHead(202, { 'content-type': 'text/plain' });
        res.end('queued');
      }
    };
    const transport = new HttpTransport({ headers: (a) => ({ 'x-agent': a.id }) });
    await expect(transport.deliver(agent('a', [], { endpoint: baseUrl }), envelope(), { timeoutMs: 1000 })).resolves.toBe('queued');
    await expect(transport.deliver(agent('b', [], { endpoint: baseUrl }), envelope(), { timeoutMs: 1000 })).resolves.toBeUndefined();
  });

  it('treats a non-2xx answer as a failure carrying the status', async () => {
    handle = (_req, _body, res) => json(res, 500, { error: 'overloaded' });
    const error = await new HttpTransport()
      .deliver(agent('a', [], { endpoint: baseUrl }), envelope(), { timeoutMs: 1000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ status: 500, agentId: 'a' });
    expect((error as Error).message).toContain('HTTP 500');
  });

  it('fails on invalid JSON in a 2xx answer', async () => {
    handle = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{not json');
    };
    await expect(
      new HttpTransport().deliver(agent('a', [], { endpoint: baseUrl }), envelope(), { timeoutMs: 1000 }),
    ).rejects.toThrow('invalid JSON');
  });

  it('gives up with DeliveryTimeoutError when the agent does not answer in time', async () => {
    handle = (_req, _body, res) => {
      setTimeout(() => json(res, 200, { late: true }), 500).unref();
    };
    const started = Date.now();
    await expect(
      new HttpTransport().deliver(agent('slow', [], { endpoint: baseUrl }), envelope(), { timeoutMs: 50 }),
    ).rejects.toBeInstanceOf(DeliveryTimeoutError);
    expect(Date.now() - started).toBeLessThan(400);
  });

  it('fails without an endpoint or when nothing listens there', async () => {
    const transport = new HttpTransport();
    await expect(transport.deliver(agent('a'), envelope(), { timeoutMs: 100 })).rejects.toThrow('Agent a has no endpoint');
    await expect(
      transport.deliver(agent('a', [], { endpoint: 'http://127.0.0.1:1/' }), envelope(), { timeoutMs: 1000 }),
    ).rejects.toThrow(/Agent a unreachable at http:\/\/127\.0\.0\.1:1\//);
  });

  it('uses an injected fetch', async () => {
    const fetchImpl = jest.fn(async () => new Response(JSON.stringify({ via: 'stub' }), { headers: { 'content-type': 'application/json' } }));
    const transport = new HttpTransport({ fetch: fetchImpl as unknown as typeof fetch });
    await expect(transport.deliver(agent('a', [], { endpoint: 'http://stub' }), envelope(), { timeoutMs: 100 })).resolves.toEqual({ via: 'stub' });
    const failing = new HttpTransport({ fetch: (async () => Promise.reject('plain string')) as unknown as typeof fetch });
    await expect(failing.deliver(agent('a', [], { endpoint: 'http://stub' }), envelope(), { timeoutMs: 100 })).rejects.toThrow('plain string');
  });
});
