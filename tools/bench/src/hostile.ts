/**
 * `npm run hostile`: sends each class of hostile input docs/reliability.md lists to a real
 * coordination-server process with default settings, one at a time, and prints what it measured:
 * bytes in and out, how long the answer took, the slowest /healthz answer meanwhile (a probe
 * polls every 10 ms), the server's RSS after, and whether the process survived. A script to run
 * by hand; it asserts nothing.
 */
import { connect } from 'node:net';
import { ServerProcess } from '@agentcore/coordination-server/testing';
import { sample, scrape } from './scrape';
import { table } from './stats';

interface Row {
  input: string;
  requestBytes: number;
  answer: string;
  answerBytes: number;
  ms: number;
  slowestHealthzMs: number;
  rssMiB: number;
  alive: boolean;
}

const rpc = (method: string, params: unknown, id: number | string = 1) => ({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });

async function post(url: string, body: string, contentType = 'application/json'): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}/rpc`, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: response.status, text: await response.text() };
}

/** What the answer was, in a few words: status, and the error codes or results it held. */
function describe(status: number, text: string): string {
  try {
    const parsed = JSON.parse(text) as unknown;
    const answers = (Array.isArray(parsed) ? parsed : [parsed]) as Array<{ result?: unknown; error?: { code: number } }>;
    const counts = new Map<string, number>();
    for (const a of answers) {
      const key = a.error === undefined ? 'result' : String(a.error.code);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return `${status}: ${[...counts].map(([k, n]) => (answers.length > 1 ? `${n}× ${k}` : k)).join(', ')}`;
  } catch {
    return `${status}${text === '' ? '' : ' (not JSON)'}`;
  }
}

async function measure(server: ServerProcess, input: string, requestBytes: number, send: () => Promise<{ status: number; text: string }>): Promise<Row> {
  let slowest = 0;
  let polling = true;
  const poll = (async () => {
    while (polling) {
      const started = performance.now();
      await fetch(`${server.url}/healthz`).then(
        (r) => r.text(),
        () => undefined,
      );
      slowest = Math.max(slowest, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  const started = performance.now();
  const outcome = await send().catch((error: Error) => ({ status: 0, text: error.message }));
  const ms = performance.now() - started;
  polling = false;
  await poll;
  const alive = server.running;
  const rssMiB = alive ? sample(await scrape(server.url), 'process_resident_memory_bytes') / 2 ** 20 : Number.NaN;
  return { input, requestBytes, answer: describe(outcome.status, outcome.text), answerBytes: Buffer.byteLength(outcome.text), ms, slowestHealthzMs: slowest, rssMiB, alive };
}

async function batch(server: ServerProcess, input: string, calls: unknown[]): Promise<Row> {
  const body = JSON.stringify(calls);
  return measure(server, input, Buffer.byteLength(body), () => post(server.url, body));
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const server = await ServerProcess.start({ LOG_LEVEL: 'warn' });
  try {
    const types = ['load', 'capacity', 'quality', 'cost', 'latency', 'availability'];
    for (let start = 0; start < 600; start += 100) {
      const signals = [];
      for (let i = start; i < start + 100; i++) for (const signal_type of types) signals.push({ agent_id: `agent-${String(i).padStart(4, '0')}`, signal_type, value: 0.5, trace_id: `trace-${i}` });
      await post(server.url, JSON.stringify(rpc('coordination.signal', { signals })));
    }
    const invalidCalls = (item: unknown, perCall: number) => {
      const calls: unknown[] = [];
      let size = 2;
      for (let id = 0; ; id++) {
        const call = rpc('coordination.signal', { signals: Array.from({ length: perCall }, () => item) }, id);
        const bytes = JSON.stringify(call).length + 1;
        if (size + bytes > 1024 * 1024) return calls;
        calls.push(call);
        size += bytes;
      }
    };
    rows.push(await batch(server, 'batch of 1,000 `state {limit: 1000}`, 600 agents with 6 signals each', Array.from({ length: 1_000 }, (_, i) => rpc('coordination.state', { limit: 1_000 }, i))));
    rows.push(await batch(server, '1 MB batch of `signal` calls, 1,000 invalid signals (`{}`) each', invalidCalls({}, 1_000)));
    rows.push(await batch(server, '1 MB batch of `signal` calls, invalid signals with a 100-character unknown key', invalidCalls({ ['k'.repeat(100)]: 1 }, 100)));
    rows.push(await batch(server, 'batch of 1,000 `rpc.discover`', Array.from({ length: 1_000 }, (_, i) => rpc('rpc.discover', undefined, i))));
    const ids = Array.from({ length: 1_000 }, (_, i) => `agent-${String(i % 600).padStart(4, '0')}`);
    rows.push(await batch(server, 'batch of 60 `state {agent_ids: [1,000 ids]}`', Array.from({ length: 60 }, (_, i) => rpc('coordination.state', { agent_ids: ids }, i))));
    rows.push(await batch(server, 'batch of 80 `select` over 1,000 candidates with `explain`', Array.from({ length: 80 }, (_, i) => rpc('coordination.select', { candidates: ids, explain: true }, i))));
    rows.push(await batch(server, 'batch of 50 calls whose ids are 20,000 characters each', Array.from({ length: 50 }, () => rpc('coordination.metrics', undefined, 'i'.repeat(20_000)))));
    const nested = '['.repeat(500_000) + ']'.repeat(500_000);
    rows.push(await measure(server, '1 MB of nested arrays `[[[[…]]]]`', nested.length, () => post(server.url, nested)));
    const deepObject = '{"a":'.repeat(150_000) + '1' + '}'.repeat(150_000);
    rows.push(await measure(server, '1 MB of nested objects', deepObject.length, () => post(server.url, deepObject)));
    const unknownKeys = JSON.stringify(rpc('coordination.metrics', Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`${'k'.repeat(96)}${i}`, 1]))));
    const logBefore = server.stdout.length;
    const keysRow = await measure(server, 'call with 1,000 unknown param keys of 100 characters', unknownKeys.length, () => post(server.url, unknownKeys));
    keysRow.answer += `; log: ${server.stdout.length - logBefore} bytes`;
    rows.push(keysRow);
    rows.push(await measure(server, '`text/plain` POST (a cross-site form)', metrics().length, () => post(server.url, metrics(), 'text/plain')));

    // 100,000 agents with a 7-day TTL, as fast as one client can: the agent limit stops it at 50,000.
    const flood = await measure(server, '100,000 new agents with a 7-day TTL, 1,000 per request', 100 * 70_000, async () => {
      let refused = 0;
      for (let start = 0; start < 100_000; start += 1_000) {
        const signals = Array.from({ length: 1_000 }, (_, i) => ({ agent_id: `flood-${start + i}`, signal_type: 'load', value: 0.5, ttl_seconds: 604_800 }));
        const { text } = await post(server.url, JSON.stringify(rpc('coordination.signal', { signals })));
        if (text.includes('-32061')) refused++;
      }
      const tracked = sample(await scrape(server.url), 'coordination_agents_tracked');
      return { status: 200, text: JSON.stringify({ jsonrpc: '2.0', id: 1, result: `${tracked} agents tracked, ${refused} requests refused -32061` }) };
    });
    flood.answer = `${flood.answer} (${sample(await scrape(server.url), 'coordination_agents_tracked')} tracked)`;
    rows.push(flood);
    rows.push(await batch(server, 'batch of 1,000 `state {limit: 1}` with 50,000+ agents', Array.from({ length: 1_000 }, (_, i) => rpc('coordination.state', { limit: 1 }, i))));

    rows.push(
      await measure(server, 'a body trickled in, one byte every 100 ms', 0, async () => {
        const socket = connect(server.port, '127.0.0.1');
        await new Promise((resolve) => socket.once('connect', resolve));
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
        socket.write('POST /rpc HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{');
        const drip = setInterval(() => socket.write(' '), 100);
        await new Promise((resolve) => socket.once('close', resolve));
        clearInterval(drip);
        return { status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 0), text: '' };
      }),
    );
  } finally {
    await server.stop();
  }

  // Rate-limit warnings: one client, 5,000 refused requests.
  const limited = await ServerProcess.start({ LOG_LEVEL: 'warn', COORDINATION_RATE_LIMIT: '100' });
  try {
    const before = limited.stdout.split('\n').length;
    const row = await measure(limited, '5,000 requests over the rate limit from one client (limit 100)', 5_000 * metrics().length, async () => {
      let refused = 0;
      for (let i = 0; i < 50; i++) {
        const replies = await Promise.all(Array.from({ length: 100 }, () => post(limited.url, metrics())));
        refused += replies.filter((r) => r.status === 429).length;
      }
      return { status: 429, text: JSON.stringify({ jsonrpc: '2.0', id: null, result: `${refused} refused` }) };
    });
    row.answer = `${row.answer}; ${limited.stdout.split('\n').length - before} log lines`;
    rows.push(row);
  } finally {
    await limited.stop();
  }

  console.log(
    table(
      ['input', 'request bytes', 'answer', 'answer bytes', 'answer/request', 'time (ms)', 'slowest /healthz (ms)', 'RSS after (MiB)', 'process alive'],
      rows.map((r) => [
        r.input,
        r.requestBytes,
        r.answer,
        r.answerBytes,
        r.requestBytes === 0 ? '—' : `${(r.answerBytes / r.requestBytes).toFixed(2)}×`,
        r.ms,
        r.slowestHealthzMs,
        r.rssMiB,
        r.alive ? 'yes' : 'NO',
      ]),
    ),
  );
}

function metrics(): string {
  return JSON.stringify(rpc('coordination.metrics', undefined));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
