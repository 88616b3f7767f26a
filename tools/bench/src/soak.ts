/**
 * `npm run soak -- --minutes N`: a real coordination-server process under steady, realistic
 * load for N minutes (default 10) — agents reporting signals one request each, routers
 * selecting among candidates and reporting completions, an operator listing states and
 * scraping metrics, agents coming and going — printing every 30 s the server's RSS and heap,
 * its event-loop delay (p99 and max of its last 10 s window) and the select latency p99 the
 * routers saw. A script to run by hand, not a test: it asserts nothing.
 */
import { Agent, request } from 'node:http';
import { ServerProcess } from '@agentcore/coordination-server/testing';
import { scrape, sample } from './scrape';
import { formatNumber, summarise, table } from './stats';

interface Options {
  minutes: number;
  agents: number;
  signalsPerSecond: number;
  selectsPerSecond: number;
  candidates: number;
  reportEverySeconds: number;
}

function options(argv: readonly string[]): Options {
  const value = (name: string, fallback: number) => {
    const at = argv.indexOf(`--${name}`);
    const parsed = at >= 0 ? Number(argv[at + 1]) : fallback;
    if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive number`);
    return parsed;
  };
  return {
    minutes: value('minutes', 10),
    agents: value('agents', 1_000),
    signalsPerSecond: value('signals-per-second', 1_000),
    selectsPerSecond: value('selects-per-second', 200),
    candidates: value('candidates', 50),
    reportEverySeconds: value('report-every', 30),
  };
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  const server = await ServerProcess.start({ LOG_LEVEL: 'warn' });
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const target = new URL(server.url);
  let errors = 0;
  const call = (method: string, params: unknown): Promise<{ status: number; ms: number; body: string }> =>
    new Promise((resolve) => {
      const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method, params });
      const started = process.hrtime.bigint();
      const req = request(
        { host: target.hostname, port: target.port, path: '/rpc', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => {
            if (res.statusCode !== 200 || text.includes('"error"')) errors++;
            resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6, body: text });
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6, body: '' });
      });
      req.end(body);
    });

  // Agents come and go: every minute a tenth of the fleet is replaced by new ids (the old ones expire).
  let generation = 0;
  const agentId = (i: number) => `soak-agent-${Math.floor((i + generation * o.agents * 0.1) % (o.agents * 10))}`;
  const types = ['load', 'capacity', 'quality', 'latency', 'availability', 'cost'] as const;
  let tick = 0;
  const every = (perSecond: number, task: () => void): NodeJS.Timeout => {
    // Timers fire at most about every 10 ms: send a share of the rate each time.
    const perTick = perSecond / 100;
    let owed = 0;
    return setInterval(() => {
      owed += perTick;
      for (; owed >= 1; owed--) task();
    }, 10);
  };
  const selectTimes: number[] = [];
  const timers = [
    every(o.signalsPerSecond, () => {
      const i = tick++ % o.agents;
      void call('coordination.signal', { agent_id: agentId(i), signal_type: types[tick % types.length], value: ((i * 37 + tick) % 100) / 100, ttl_seconds: 60 });
    }),
    every(o.selectsPerSecond, () => {
      const start = Math.floor(Math.random() * o.agents);
      const candidates = Array.from({ length: o.candidates }, (_, k) => agentId((start + k * 7) % o.agents));
      void call('coordination.select', { candidates }).then(({ ms, body }) => {
        selectTimes.push(ms);
        const picked = /"agent_id":"([^"]+)"/.exec(body)?.[1];
        if (picked !== undefined) setTimeout(() => void call('coordination.complete', { agent_id: picked }), 200);
      });
    }),
    every(0.2, () => void call('coordination.state', { limit: 100 })),
    setInterval(() => generation++, 60_000),
  ];

  const rows: (string | number)[][] = [];
  const started = Date.now();
  const report = async () => {
    const text = await scrape(server.url);
    const select = summarise(selectTimes.splice(0));
    const row = [
      Math.round((Date.now() - started) / 1000),
      sample(text, 'process_resident_memory_bytes') / 2 ** 20,
      sample(text, 'nodejs_heap_size_used_bytes') / 2 ** 20,
      sample(text, 'coordination_agents_tracked'),
      sample(text, 'coordination_event_loop_delay_p99_seconds') * 1000,
      sample(text, 'coordination_event_loop_delay_max_seconds') * 1000,
      select.count,
      select.p99,
      errors,
    ];
    rows.push(row);
    console.log(row.map((v) => (typeof v === 'number' ? formatNumber(v) : v)).join('\t'));
  };
  console.log(`soak: ${o.minutes} min, ${o.agents} agents, ${o.signalsPerSecond} signals/s, ${o.selectsPerSecond} selects/s over ${o.candidates} candidates; server ${server.url}`);
  console.log(['s', 'RSS MiB', 'heap MiB', 'agents', 'loop p99 ms', 'loop max ms', 'selects', 'select p99 ms', 'errors'].join('\t'));
  await new Promise<void>((resolve) => {
    const reporter = setInterval(() => void report(), o.reportEverySeconds * 1000);
    setTimeout(() => {
      clearInterval(reporter);
      resolve();
    }, o.minutes * 60_000 + 500);
  });
  for (const timer of timers) clearInterval(timer);
  await report();
  console.log(`\n${table(['s', 'RSS MiB', 'heap MiB', 'agents', 'loop p99 ms', 'loop max ms', 'selects', 'select p99 ms', 'errors'], rows)}`);
  agent.destroy();
  await server.stop();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
