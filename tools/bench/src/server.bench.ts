/**
 * The coordination server over HTTP on loopback, next to a bare `node:http` server that parses
 * the same JSON body and answers — the ceiling for any JSON-over-HTTP handler on this machine.
 *
 * Each server runs in a child process and the load generator (autocannon) in this one, so they
 * compete for the two cores the way a real client and server on one box would. Throughput runs
 * get a short warm-up that is not counted. Selection latency is measured by this process at a
 * fixed request rate (autocannon's histogram has 1 ms resolution, too coarse here), one
 * hrtime sample per request over keep-alive connections.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request, Agent } from 'node:http';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { ServerProcess } from '@agentcore/coordination-server/testing';
import { formatNumber, summarise, table } from './stats';
import type { BenchSuite } from './suite';

const ROOT = join(__dirname, '..', '..', '..');
const CONNECTIONS = 32;
const WARMUP_S = 2;
const MEASURE_S = 8;
const SELECT_RATE = 500;
const SELECT_SECONDS = 6;
const CANDIDATES = 100;

const BARE_SERVER = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const text = JSON.stringify({ jsonrpc: '2.0', id: body.id, result: { accepted: 1, signal_ids: ['00000000-0000-4000-8000-000000000000'] } });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: 'http://127.0.0.1:' + server.address().port })));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

interface Child {
  url: string;
  process: ChildProcess;
}

/** Starts the bare server and resolves with the URL from the first JSON line that has one. */
function startChild(args: string[], env: NodeJS.ProcessEnv): Promise<Child> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /"url":"(http:[^"]+)"/.exec(buffer);
      if (match !== null) resolve({ url: match[1], process: child });
    });
    child.once('exit', (code) => reject(new Error(`benchmark server exited with ${code} before listening`)));
  });
}

async function stop(child: Child): Promise<void> {
  if (child.process.exitCode !== null) return;
  const exited = new Promise((resolve) => child.process.once('exit', resolve));
  child.process.kill('SIGTERM');
  await exited;
}

const rpcBody = (method: string, params: unknown) => JSON.stringify({ jsonrpc: '2.0', id: 1, method, params });

async function throughput(url: string, body: string): Promise<{ rps: number; errors: number }> {
  const options = { url, method: 'POST' as const, body, headers: { 'content-type': 'application/json' }, connections: CONNECTIONS };
  await autocannon({ ...options, duration: WARMUP_S });
  const result = await autocannon({ ...options, duration: MEASURE_S });
  return { rps: result.requests.average, errors: result.errors + result.non2xx + result.timeouts };
}

/** Sends `rate` requests a second for `seconds`, timing each; returns latencies in ms. */
async function fixedRateLatency(url: string, body: string, rate: number, seconds: number): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const target = new URL(url);
  const samples: number[] = [];
  const send = () =>
    new Promise<void>((resolve, reject) => {
      const started = process.hrtime.bigint();
      const req = request(
        { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode !== 200) reject(new Error(`select answered HTTP ${res.statusCode}`));
            samples.push(Number(process.hrtime.bigint() - started) / 1e6);
            resolve();
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const total = rate * seconds;
  const begin = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = begin + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(send());
  }
  await Promise.all(pending);
  agent.destroy();
  return samples;
}

async function run(): Promise<void> {
  const single = rpcBody('coordination.signal', { agent_id: 'bench-agent-1', signal_type: 'load', value: 0.5 });
  const batch = rpcBody('coordination.signal', {
    signals: Array.from({ length: 100 }, (_, i) => ({ agent_id: `bench-agent-${i}`, signal_type: 'load', value: (i % 10) / 10 })),
  });
  const candidates = Array.from({ length: CANDIDATES }, (_, i) => `select-agent-${i}`);

  const bare = await startChild(['-e', BARE_SERVER], {});
  let bareSingle: { rps: number; errors: number };
  try {
    bareSingle = await throughput(bare.url, single);
  } finally {
    await stop(bare);
  }

  const server = await ServerProcess.start({
    LOG_LEVEL: 'info',
    // High enough never to trigger, so the limiter's cost is in the figures.
    COORDINATION_RATE_LIMIT: '100000000',
  });
  let serverSingle: { rps: number; errors: number };
  let serverBatch: { rps: number; errors: number };
  let latencies: number[];
  try {
    const rpc = `${server.url}/rpc`;
    serverSingle = await throughput(rpc, single);
    serverBatch = await throughput(rpc, batch);
    // Candidates with signals, so selection scores and ranks all 100 rather than falling back.
    const seed = candidates.flatMap((agent, i) => [
      { agent_id: agent, signal_type: 'load', value: (i % 20) / 20, ttl_seconds: 3600 },
      { agent_id: agent, signal_type: 'capacity', value: 0.5, ttl_seconds: 3600 },
      { agent_id: agent, signal_type: 'quality', value: 0.5 + (i % 5) / 10, ttl_seconds: 3600 },
    ]);
    for (let i = 0; i < seed.length; i += 100) {
      const seeded = await fetch(rpc, { method: 'POST', headers: { 'content-type': 'application/json' }, body: rpcBody('coordination.signal', { signals: seed.slice(i, i + 100) }) });
      // A refused seed would leave the candidates without signals, and select would measure its random fallback.
      if (!(await seeded.text()).includes('"accepted":100')) throw new Error('seeding the select candidates failed');
    }
    latencies = await fixedRateLatency(rpc, rpcBody('coordination.select', { candidates }), SELECT_RATE, SELECT_SECONDS);
  } finally {
    await server.stop();
  }

  const ratio = serverSingle.rps / bareSingle.rps;
  const signalsPerSecond = serverBatch.rps * 100;
  const select = summarise(latencies);
  const verdict = (ok: boolean) => (ok ? 'met' : 'missed');
  console.log(
    `autocannon: ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${MEASURE_S} s measured per row; ` +
      `select at ${SELECT_RATE} req/s for ${SELECT_SECONDS} s over 16 keep-alive connections.\n`,
  );
  console.log(
    table(
      ['measurement', 'result', 'target', 'verdict'],
      [
        ['bare node:http, single signal (req/s)', bareSingle.rps, 'reference', '—'],
        ['server, single signal (req/s)', serverSingle.rps, '≥ 10,000', verdict(serverSingle.rps >= 10_000)],
        ['server ÷ bare, single signal', `${ratio.toFixed(2)}×`, '≥ 0.6×', verdict(ratio >= 0.6)],
        ['server, batches of 100 (signals/s)', signalsPerSecond, '≥ 200,000', verdict(signalsPerSecond >= 200_000)],
        ['server, batches of 100 (req/s)', serverBatch.rps, '—', '—'],
        [`coordination.select, ${CANDIDATES} candidates, p50 (ms)`, select.p50, '—', '—'],
        [`coordination.select, ${CANDIDATES} candidates, p95 (ms)`, select.p95, '< 10 (spec)', verdict(select.p95 < 10)],
        [`coordination.select, ${CANDIDATES} candidates, p99 (ms)`, select.p99, '—', '—'],
      ],
    ),
  );
  const errors = bareSingle.errors + serverSingle.errors + serverBatch.errors;
  console.log(`\nerrors / non-2xx / timeouts during throughput runs: ${errors}; select samples: ${formatNumber(select.count)}`);
}

export const serverBenchmark: BenchSuite = {
  name: 'server',
  title: 'coordination-server over HTTP (loopback)',
  run,
};
