import { connect } from 'node:net';
import { request } from 'node:http';
import { RpcErrorCode } from '@agentcore/coordination-client';
import { rpc, startServer, type TestServer } from './helpers';

/** POST /rpc with exactly these headers (fetch would add a content type of its own). */
function postWith(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/rpc`, { method: 'POST', headers: { 'content-length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** GET with exactly these headers: fetch will not send a Host of our choosing. */
function getWith(url: string, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

const metricsCall = JSON.stringify(rpc('coordination.metrics'));

describe('the HTTP edge', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startServer({}, { logLevel: 'error' });
  });
  afterAll(() => t.close());

  it.each([
    ['text/plain (what any web page may POST cross-site)', { 'content-type': 'text/plain' }],
    ['a form', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['no content type', {}],
  ])('refuses %s on /rpc with 415, without running anything', async (_name, headers) => {
    const before = (await t.client().metrics()).total_signals;
    const response = await postWith(t.url, headers, JSON.stringify(rpc('coordination.signal', { agent_id: 'csrf', signal_type: 'load', value: 1 })));
    expect(response.status).toBe(415);
    expect(JSON.parse(response.body)).toMatchObject({ id: null, error: { code: RpcErrorCode.UNSUPPORTED_MEDIA_TYPE } });
    expect((await t.client().metrics()).total_signals).toBe(before);
  });

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON', 'application/json-rpc', 'application/jsonrequest'])('accepts %s', async (type) => {
    expect((await postWith(t.url, { 'content-type': type }, metricsCall)).status).toBe(200);
  });

  it('answers only to loopback host names when bound to loopback (DNS rebinding), except on the probes', async () => {
    const rebound = await postWith(t.url, { 'content-type': 'application/json', host: 'attacker.example:8080' }, metricsCall);
    expect(rebound.status).toBe(421);
    expect(JSON.parse(rebound.body)).toMatchObject({ error: { code: RpcErrorCode.MISDIRECTED_REQUEST } });
    const port = new URL(t.url).port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      expect((await postWith(t.url, { 'content-type': 'application/json', host }, metricsCall)).status).toBe(200);
    }
    expect(await getWith(t.url, '/metrics', { host: 'attacker.example' })).toBe(421);
    expect(await getWith(t.url, '/healthz', { host: 'pod-10-0-0-1' })).toBe(200);
    expect(await getWith(t.url, '/readyz?full=1', { host: 'pod-10-0-0-1' })).toBe(200);
    expect(await (await fetch(`${t.url}/metrics`)).text()).toMatch(/coordination_rpc_requests_rejected_total\{reason="misdirected_request"\} 2/);
  });

  it.each([
    ['a zero-width space', 'agent\u200b7'],
    ['a right-to-left override', 'agent\u202e7'],
    ['a byte-order mark', '\ufeffagent-7'],
    ['257 characters', 'a'.repeat(257)],
  ])('refuses an agent_id with %s, alone and in a batch', async (_name, agentId) => {
    for (const params of [{ agent_id: agentId, signal_type: 'load', value: 0.5 }, { signals: [{ agent_id: agentId, signal_type: 'load', value: 0.5 }] }]) {
      const { body } = await t.post(rpc('coordination.signal', params));
      expect(body).toMatchObject({ error: { code: RpcErrorCode.INVALID_PARAMS, data: { issues: [{ path: expect.stringMatching(/agent_id$/) }] } } });
    }
    // 256 characters of two UTF-16 units each are fine: the limit counts characters.
    const { body } = await t.post(rpc('coordination.signal', { agent_id: '\u{1F600}'.repeat(256), signal_type: 'load', value: 0.5 }));
    expect(body).toMatchObject({ result: { accepted: 1 } });
  });
});

describe('HTTP timeouts', () => {
  it('cuts a body that trickles in past the request timeout', async () => {
    const t = await startServer({ COORDINATION_HEADERS_TIMEOUT_MS: '500', COORDINATION_REQUEST_TIMEOUT_MS: '1000' }, { logLevel: 'error' });
    try {
      const socket = connect(Number(new URL(t.url).port), '127.0.0.1');
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
      const started = Date.now();
      socket.write('POST /rpc HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"jsonrpc":');
      const drip = setInterval(() => socket.write(' '), 100);
      const at = await closed;
      clearInterval(drip);
      expect(text).toMatch(/^HTTP\/1\.1 408/);
      // Cut between the timeout and the timeout plus one check interval, not minutes later.
      expect(at - started).toBeGreaterThanOrEqual(900);
      expect(at - started).toBeLessThan(2_500);
    } finally {
      await t.close();
    }
  });

  it('keeps a healthy pipelining client over a long idle-then-busy run (two minutes at 1/30 scale)', async () => {
    // Default timeouts scaled by 1/30: headers 20 s → 667 ms, request 30 s → 1 s, keep-alive 65 s → 2.2 s.
    const t = await startServer(
      { COORDINATION_HEADERS_TIMEOUT_MS: '667', COORDINATION_REQUEST_TIMEOUT_MS: '1000', COORDINATION_KEEP_ALIVE_TIMEOUT_MS: '2167' },
      { logLevel: 'error' },
    );
    try {
      await t.client().signals(Array.from({ length: 200 }, (_, i) => ({ agent_id: `agent-${i}`, signal_type: 'load' as const, value: 0.5 })));
      const socket = connect(Number(new URL(t.url).port), '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      let text = '';
      let closed = false;
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
      socket.on('close', () => (closed = true));
      const call = (body: string) => `POST /rpc HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
      const small = call(JSON.stringify(rpc('coordination.signal', { agent_id: 'p', signal_type: 'load', value: 0.5 })));
      // An answer of ~60 KB: a run of these fills the socket, and the server pauses reading.
      const large = call(JSON.stringify(rpc('coordination.state', { limit: 200 })));
      let sent = 0;
      const burst = (requests: string[]) => {
        socket.write(requests.join(''));
        sent += requests.length;
      };
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      // 120 s of traffic at 1/30: busy, idle just under the keep-alive timeout, busy with deep
      // pipelines of large answers, a request split across writes, idle again, busy.
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < 10; i++) {
          burst([small, small, small]);
          await sleep(50);
        }
        await sleep(1_800);
        for (let i = 0; i < 5; i++) {
          burst(Array.from({ length: 20 }, (_, j) => (j % 4 === 0 ? large : small)));
          await sleep(100);
        }
        socket.write(small.slice(0, 30));
        await sleep(100);
        socket.write(small.slice(30));
        sent++;
        await sleep(1_800);
      }
      await sleep(500);
      const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
      expect(closed).toBe(false);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      expect(statuses).toHaveLength(sent);
      socket.destroy();
    } finally {
      await t.close();
    }
  }, 30_000);
});
