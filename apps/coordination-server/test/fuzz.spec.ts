import { Agent, request } from 'node:http';
import fc from 'fast-check';
import { ServerProcess } from '../src/testing';

// Property-based fuzzing of a real server process: 10,000 generated hostile requests per run —
// malformed JSON, wrong envelopes, hostile params and ids, huge listings and batches, odd content
// types and hosts — sent 8 at a time while /healthz is polled. Every answer must be valid
// JSON-RPC 2.0 (or one of the documented HTTP refusals), within the response budget, no 5xx,
// no internal error, and /healthz must answer within a second throughout. The seed is printed
// with any failure, so a run can be replayed (FUZZ_SEED=<seed>).
jest.setTimeout(120_000);

const REQUESTS = 10_000;
const CONCURRENCY = 8;
const BUDGET = 256 * 1024;
const MAX_BODY = 256 * 1024;
const SEED = process.env.FUZZ_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED);

/** The HTTP statuses the server documents besides 200: no content, and refusals with a JSON-RPC error body. */
const REFUSALS = new Set([413, 415, 421, 429]);

const METHODS = ['coordination.signal', 'coordination.state', 'coordination.metrics', 'coordination.select', 'coordination.predict', 'coordination.complete', 'rpc.discover'];
const KNOWN_AGENTS = Array.from({ length: 50 }, (_, i) => `agent-${i}`);

// --- what a hostile client sends ---------------------------------------------------------------

const weirdString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\u200b', '\u202e', '\ufeff', '\ud800', 'agent\u0085', '__proto__', 'constructor', '%s%n', '../../etc/passwd', '<script>'),
  fc.integer({ min: 250, max: 2_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 250, max: 300 }).map((n) => '\u{1F600}'.repeat(n)),
);
const agentId = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...KNOWN_AGENTS) }, { weight: 3, arbitrary: weirdString });
const number = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.double(),
  fc.integer(),
  fc.constantFrom(-0, 1.0000001, -1, 2 ** 53, 1e308, Number.MAX_SAFE_INTEGER + 2),
);
const anyJson = fc.jsonValue({ maxDepth: 3 });
const signal = fc.record(
  {
    agent_id: fc.oneof({ weight: 6, arbitrary: agentId }, { weight: 1, arbitrary: anyJson }),
    signal_type: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('load', 'capacity', 'quality', 'cost', 'latency', 'availability') }, { weight: 1, arbitrary: weirdString }),
    value: fc.oneof({ weight: 6, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) }, { weight: 1, arbitrary: fc.oneof(number, anyJson) }),
    timestamp: fc.oneof(fc.integer({ min: 0, max: 2 ** 45 }), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), weirdString, number),
    ttl_seconds: fc.oneof(fc.integer({ min: 1, max: 604_800 }), number),
    confidence: number,
    trace_id: weirdString,
    signal_id: fc.oneof(fc.uuid(), weirdString),
    extra: anyJson,
  },
  { requiredKeys: [] },
);
const params = fc.oneof(
  signal,
  fc.record({ signals: fc.array(signal, { maxLength: 60 }) }),
  fc.record({ signals: fc.constant(null).chain(() => fc.integer({ min: 500, max: 1_200 })).map((n) => Array.from({ length: n }, (_, i) => ({ agent_id: `bulk-${i}`, signal_type: 'load', value: 0.5 }))) }),
  fc.record({ agent_id: agentId }),
  fc.record({ agent_ids: fc.array(agentId, { maxLength: 1_200 }) }),
  fc.record({ limit: fc.oneof(fc.integer({ min: -5, max: 1_500 }), number, anyJson), cursor: fc.oneof(weirdString, fc.constant(null), anyJson) }, { requiredKeys: [] }),
  fc.record(
    {
      candidates: fc.array(agentId, { maxLength: 1_200 }),
      explain: fc.oneof(fc.boolean(), anyJson),
      weights: fc.oneof(fc.dictionary(weirdString, number, { maxKeys: 8 }), anyJson),
    },
    { requiredKeys: ['candidates'] },
  ),
  fc.record({ agent_id: agentId, horizon_seconds: number, threshold: number, count: number }, { requiredKeys: ['agent_id'] }),
  fc.dictionary(weirdString, anyJson, { maxKeys: 50 }),
  anyJson,
);
const call = fc.record(
  {
    jsonrpc: fc.oneof({ weight: 9, arbitrary: fc.constant('2.0') }, { weight: 1, arbitrary: anyJson }),
    id: fc.oneof(fc.integer(), fc.string({ maxLength: 50 }), fc.constant(null), fc.integer({ min: 1_000, max: 20_000 }).map((n) => 'i'.repeat(n)), anyJson),
    method: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...METHODS) }, { weight: 1, arbitrary: weirdString }),
    params,
  },
  { requiredKeys: ['method'] },
);
const message = fc.oneof(
  { weight: 10, arbitrary: call },
  { weight: 4, arbitrary: fc.array(fc.oneof({ weight: 9, arbitrary: call }, { weight: 1, arbitrary: anyJson }), { minLength: 1, maxLength: 40 }) },
  // Big batches of listings and lookups: answers far over the budget if it were not kept.
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 1_000 }).map((n) => Array.from({ length: n }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'coordination.state', params: { limit: 1_000 } }))) },
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 500 }).map((n) => Array.from({ length: n }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'rpc.discover' }))) },
  { weight: 1, arbitrary: anyJson },
);
/** The body as bytes on the wire: JSON, or JSON broken in the ways parsers meet. */
const body = fc.oneof(
  { weight: 30, arbitrary: message.map((m) => JSON.stringify(m)) },
  { weight: 1, arbitrary: fc.tuple(message, fc.nat()).map(([m, cut]) => { const text = JSON.stringify(m); return text.slice(0, cut % (text.length + 1)); }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 20_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)) },
  { weight: 1, arbitrary: fc.constantFrom('{"jsonrpc":"2.0","id":1,"method":"coordination.signal","params":{"agent_id":"a","signal_type":"load","value":1e999}}', '\ufeff{"jsonrpc":"2.0","id":1,"method":"coordination.metrics"}', '{"jsonrpc":"2.0","id":1,"id":2,"method":"coordination.metrics"}', 'null', '""', '[]', '{}', 'NaN', '\u0000') },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')) },
  { weight: 1, arbitrary: fc.integer({ min: MAX_BODY + 1, max: MAX_BODY + 1_000 }).map((n) => `"${'x'.repeat(n)}"`) },
);
const hostile = fc.record({
  body,
  contentType: fc.oneof({ weight: 40, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json-rpc; charset=latin1') }, { weight: 1, arbitrary: fc.constant(undefined) }),
  host: fc.oneof({ weight: 60, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('attacker.example', 'localhost.attacker.example', '127.0.0.1.nip.io') }),
});
type Hostile = { body: string; contentType: string | undefined; host: string | undefined };

// --- what a valid answer is -------------------------------------------------------------------

function validResponse(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const r = value as Record<string, unknown>;
  if (r.jsonrpc !== '2.0') return 'jsonrpc is not "2.0"';
  if (!('id' in r) || !(r.id === null || typeof r.id === 'string' || typeof r.id === 'number')) return 'bad id';
  if (('result' in r) === ('error' in r)) return 'not exactly one of result and error';
  if ('error' in r) {
    const e = r.error as Record<string, unknown> | null;
    if (e === null || typeof e !== 'object' || !Number.isInteger(e.code) || typeof e.message !== 'string') return 'bad error object';
  }
  return null;
}

function check(status: number, text: string): string | null {
  if (Buffer.byteLength(text) > BUDGET) return `answer of ${Buffer.byteLength(text)} bytes, over the budget`;
  if (status === 204) return text === '' ? null : '204 with a body';
  if (status !== 200 && !REFUSALS.has(status)) return `HTTP ${status}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'answer is not JSON';
  }
  if (Array.isArray(parsed)) {
    if (status !== 200 || parsed.length === 0) return 'bad batch answer';
    for (const item of parsed) {
      const problem = validResponse(item);
      if (problem !== null) return `batch member: ${problem}`;
    }
    return null;
  }
  return validResponse(parsed);
}

describe('fuzzing a real server process', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await ServerProcess.start({
      LOG_LEVEL: 'error',
      COORDINATION_MAX_RESPONSE_BYTES: String(BUDGET),
      COORDINATION_MAX_BODY_BYTES: String(MAX_BODY),
      COORDINATION_MAX_AGENTS: '3000',
      // Off: a refused request exercises nothing past the limiter (the limiter has tests of its own).
      COORDINATION_RATE_LIMIT: '0',
    });
    // Agents with signals, so listings, lookups and selections have something to answer with.
    const seed = KNOWN_AGENTS.flatMap((agent_id) => ['load', 'capacity', 'quality'].map((signal_type) => ({ agent_id, signal_type, value: 0.5, ttl_seconds: 3_600 })));
    await fetch(`${server.url}/rpc`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'coordination.signal', params: { signals: seed } }) });
  });
  afterAll(() => server.stop());

  it(`answers ${REQUESTS} generated hostile requests validly, within budget, without a 5xx, a crash or a slow /healthz (seed ${SEED})`, async () => {
    const inputs = fc.sample(hostile, { numRuns: REQUESTS, seed: SEED }) as Hostile[];
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const port = server.port;
    const send = (input: Hostile) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const headers: Record<string, string> = { 'content-length': String(Buffer.byteLength(input.body, 'latin1')) };
        if (input.contentType !== undefined) headers['content-type'] = input.contentType;
        if (input.host !== undefined) headers.host = input.host;
        const req = request({ host: '127.0.0.1', port, path: '/rpc', method: 'POST', agent, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(input.body, 'latin1');
      });

    let slowestHealthzMs = 0;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const started = performance.now();
        const ok = await fetch(`${server.url}/healthz`).then((r) => r.ok, () => false);
        if (!ok) slowestHealthzMs = Number.POSITIVE_INFINITY;
        slowestHealthzMs = Math.max(slowestHealthzMs, performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();

    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < inputs.length) {
        // A server that died fails the run at once rather than request by request.
        if (!server.running) {
          if (failures.length < 5) failures.push(`the server process exited, after about ${next} requests`);
          return;
        }
        const input = inputs[next++];
        let outcome: { status: number; text: string };
        try {
          outcome = await send(input);
        } catch (error) {
          // The server closes the connection after refusing a body it did not read (413, 415, 421);
          // a request queued behind it on the same keep-alive socket may see the close: retry once.
          outcome = await send(input).catch((again: Error) => ({ status: -1, text: `${(error as Error).message} / ${again.message}` }));
        }
        statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
        const problem = outcome.status === -1 ? `no answer: ${outcome.text}` : check(outcome.status, outcome.text);
        if (problem !== null && failures.length < 5) failures.push(`${problem} — for ${JSON.stringify(input).slice(0, 300)} — got ${outcome.status} ${outcome.text.slice(0, 200)}`);
      }
    };
    const started = Date.now();
    try {
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    } finally {
      polling = false;
      await poller;
      agent.destroy();
    }
    const summary = `seed ${SEED}, ${Date.now() - started} ms, statuses ${JSON.stringify(Object.fromEntries(statuses))}, slowest /healthz ${Math.round(slowestHealthzMs)} ms`;
    expect([summary, failures]).toEqual([summary, []]);
    expect([summary, server.running]).toEqual([summary, true]);
    expect([summary, slowestHealthzMs < 1_000]).toEqual([summary, true]);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    const internal = [...metrics.matchAll(/^coordination_internal_errors_total\{stage="(\w+)"\} (\d+)$/gm)].filter(([, , count]) => count !== '0');
    expect([summary, internal.map(([line]) => line)]).toEqual([summary, []]);
    // Labels come from the method table, never from what a client sent: the exposition stays bounded.
    const labels = new Set([...metrics.matchAll(/method="([^"]*)"/g)].map(([, name]) => name));
    expect([...labels].filter((name) => name !== 'unknown' && !METHODS.includes(name))).toEqual([]);
  });
});
