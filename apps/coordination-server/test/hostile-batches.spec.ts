import { RpcErrorCode } from '@agentcore/coordination-client';
import { ServerProcess } from '../src/testing';
import { rpc } from './helpers';

// The batches an adversarial pass used against a default server: each one built a huge answer
// (one crashed the process with a RangeError from JSON.stringify) or held the event loop for
// seconds. Against a real server process with default settings, each must now be answered
// within the response budget, in bounded time, while /healthz keeps answering.
jest.setTimeout(120_000);

const BUDGET = 8 * 1024 * 1024;

interface Answer {
  jsonrpc: '2.0';
  id: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: { issues?: unknown[]; truncated?: number } };
}

/** Polls /healthz every 20 ms while `work` runs; returns the slowest answer's time. */
async function slowestHealthz<T>(url: string, work: () => Promise<T>): Promise<{ result: T; slowestMs: number }> {
  let slowestMs = 0;
  let running = true;
  const poll = (async () => {
    while (running) {
      const started = performance.now();
      await fetch(`${url}/healthz`).then((r) => r.text());
      slowestMs = Math.max(slowestMs, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    return { result: await work(), slowestMs };
  } finally {
    running = false;
    await poll;
  }
}

async function postRaw(url: string, body: string): Promise<{ status: number; bytes: number; answers: Answer[] }> {
  const response = await fetch(`${url}/rpc`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await response.text();
  const parsed = JSON.parse(text) as Answer | Answer[];
  return { status: response.status, bytes: Buffer.byteLength(text), answers: Array.isArray(parsed) ? parsed : [parsed] };
}

describe('hostile batches against a default server', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await ServerProcess.start({ LOG_LEVEL: 'warn' });
    // 600 agents with every signal type: a full listing of them is about a megabyte.
    const types = ['load', 'capacity', 'quality', 'cost', 'latency', 'availability'];
    for (let start = 0; start < 600; start += 100) {
      const signals = [];
      for (let i = start; i < start + 100; i++) {
        for (const signal_type of types) signals.push({ agent_id: `agent-${String(i).padStart(4, '0')}`, signal_type, value: 0.5, trace_id: `trace-${i}` });
      }
      const { answers } = await postRaw(server.url, JSON.stringify(rpc('coordination.signal', { signals })));
      expect(answers[0].result).toMatchObject({ accepted: 600 });
    }
  });
  afterAll(() => server.stop());

  afterEach(() => {
    // Whatever the batch did, the process is still there.
    expect(server.running).toBe(true);
  });

  it('answers 1,000 full listings within the response budget instead of crashing (about 600 MB of states asked for)', async () => {
    const body = JSON.stringify(Array.from({ length: 1_000 }, (_, i) => rpc('coordination.state', { limit: 1_000 }, i)));
    expect(body.length).toBeLessThan(100_000);
    const { result, slowestMs } = await slowestHealthz(server.url, () => postRaw(server.url, body));
    expect(result.status).toBe(200);
    expect(result.bytes).toBeLessThanOrEqual(BUDGET);
    expect(result.answers).toHaveLength(1_000);
    const listed = result.answers.filter((a) => a.result !== undefined);
    const refused = result.answers.filter((a) => a.error?.code === RpcErrorCode.RESPONSE_TOO_LARGE);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.length + refused.length).toBe(1_000);
    expect((listed[0].result as { states: unknown[] }).states).toHaveLength(600);
    expect(refused[0].error?.data).toMatchObject({ max_bytes: BUDGET, needed_bytes: expect.any(Number) });
    expect(slowestMs).toBeLessThan(1_000);
  });

  it('answers a 1 MB batch of signal calls with 1,000 invalid signals each in bounded size and time', async () => {
    const calls = [];
    let size = 2;
    for (let id = 0; ; id++) {
      const call = JSON.stringify(rpc('coordination.signal', { signals: Array.from({ length: 1_000 }, () => ({})) }, id));
      if (size + call.length + 1 > 1024 * 1024) break;
      calls.push(call);
      size += call.length + 1;
    }
    const body = `[${calls.join(',')}]`;
    const { result, slowestMs } = await slowestHealthz(server.url, () => postRaw(server.url, body));
    expect(result.status).toBe(200);
    expect(result.answers).toHaveLength(calls.length);
    for (const answer of result.answers) {
      expect(answer.error?.code).toBe(RpcErrorCode.INVALID_PARAMS);
      // Three missing fields × 1,000 items: 20 issues listed; core works out the first 102 (34
      // items) and only counts the 966 items after them, so at least 1,048 more problems.
      expect(answer.error?.data?.issues).toHaveLength(20);
      expect(answer.error?.data?.truncated).toBe(102 - 20 + 966);
    }
    // Was 125× the request; now smaller than the request itself.
    expect(result.bytes).toBeLessThan(Buffer.byteLength(body));
    expect(slowestMs).toBeLessThan(1_000);
  });

  it('answers 1,000 rpc.discover calls within the budget', async () => {
    const body = JSON.stringify(Array.from({ length: 1_000 }, (_, i) => rpc('rpc.discover', undefined, i)));
    const { result, slowestMs } = await slowestHealthz(server.url, () => postRaw(server.url, body));
    expect(result.bytes).toBeLessThanOrEqual(BUDGET);
    expect(result.answers.filter((a) => a.result !== undefined).length).toBeGreaterThan(10);
    expect(result.answers.filter((a) => a.error?.code === RpcErrorCode.RESPONSE_TOO_LARGE).length).toBeGreaterThan(500);
    expect(slowestMs).toBeLessThan(1_000);
  });

  it('answers a batch of agent_ids lookups within the budget', async () => {
    const ids = Array.from({ length: 1_000 }, (_, i) => `agent-${String(i % 600).padStart(4, '0')}`);
    const body = JSON.stringify(Array.from({ length: 60 }, (_, i) => rpc('coordination.state', { agent_ids: ids }, i)));
    const { result, slowestMs } = await slowestHealthz(server.url, () => postRaw(server.url, body));
    expect(result.bytes).toBeLessThanOrEqual(BUDGET);
    expect(result.answers).toHaveLength(60);
    expect(result.answers.some((a) => a.error?.code === RpcErrorCode.RESPONSE_TOO_LARGE)).toBe(true);
    expect(slowestMs).toBeLessThan(1_000);
  });

  it('serves /healthz promptly while six invalid-signal batches run at once, and charges them by signal', async () => {
    const body = JSON.stringify(Array.from({ length: 300 }, (_, i) => rpc('coordination.signal', { signals: Array.from({ length: 1_000 }, () => ({})) }, i)));
    const { result, slowestMs } = await slowestHealthz(server.url, () => Promise.all(Array.from({ length: 6 }, () => postRaw(server.url, body))));
    // 300,000 signals each: the default budget of 1,000,000 work units a second admits three.
    const statuses = result.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(3);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    expect(slowestMs).toBeLessThan(1_000);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/coordination_internal_errors_total\{stage="serialize"\} 0/);
  });
});
