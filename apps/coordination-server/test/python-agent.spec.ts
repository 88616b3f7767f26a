import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { ADMIN_TOKEN, AGENT_TOKEN, AUTH_ENV, startServer, type TestServer } from './helpers';

// docs/examples/python/agent.py (standard library only) against a real server, run with the
// system's python3 as an agent author would, the way docs/client.md shows.
const SCRIPT = join(__dirname, '..', '..', '..', 'docs', 'examples', 'python', 'agent.py');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function python(env: Record<string, string>): Promise<Run> {
  const { COORDINATION_TOKEN: _t, COORDINATION_SERVER_URL: _u, AGENT_ID: _a, ...inherited } = process.env;
  return new Promise((resolve, reject) => {
    execFile('python3', [SCRIPT], { env: { ...inherited, ...env }, timeout: 20_000 }, (error, stdout, stderr) => {
      if (error !== null && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error("python3 is not installed: install Debian's python3 package (apt-get install python3); .ci/run does"));
      } else {
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
      }
    });
  });
}

describe('docs/examples/python/agent.py', () => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
  });

  it('reports five signals in a batch, prints the issues of a refused batch, and prints the state it reads back', async () => {
    server = await startServer();
    const run = await python({ COORDINATION_SERVER_URL: server.url });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('reported 5 signals for python-agent-1: load=0.35 capacity=0.5 quality=0.92 latency=0.12 availability=1');
    expect(lines[1]).toBe('the server refused a batch (-32602 Invalid params: signals.1.value: value must be <= 1):');
    expect(lines[2]).toBe('  signals.1.value: value must be <= 1');
    expect(lines[3]).toMatch(/^state of python-agent-1 \(last updated \d{4}-\d\d-\d\dT[\d:.]+Z\):$/);
    expect(lines.slice(4, 9)).toEqual([
      '  availability  1     ttl 60 s, confidence 1',
      '  capacity      0.5   ttl 60 s, confidence 1',
      '  latency       0.12  ttl 60 s, confidence 1',
      '  load          0.35  ttl 60 s, confidence 1',
      '  quality       0.92  ttl 60 s, confidence 1',
    ]);
    expect(lines[9]).toMatch(/^ {2}scores: load=0\.650 capacity=0\.500 quality=0\.920 cost=0\.500 availability=1\.000 routing=0\.\d{3}$/);

    // The server holds what the script reported, and nothing of the refused batch.
    const state = await server.client().state('python-agent-1');
    const values = Object.fromEntries(Object.entries(state?.signals ?? {}).map(([type, signal]) => [type, signal?.value]));
    expect(values).toEqual({ load: 0.35, capacity: 0.5, quality: 0.92, latency: 0.12, availability: 1 });
    expect(lines[9]).toContain(`routing=${state?.routing_score.toFixed(3)}`);
  });

  it('sends COORDINATION_TOKEN as a bearer token and names the agent after AGENT_ID', async () => {
    server = await startServer(AUTH_ENV);
    const run = await python({ COORDINATION_SERVER_URL: server.url, COORDINATION_TOKEN: ADMIN_TOKEN, AGENT_ID: 'py-7' });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('reported 5 signals for py-7');
    expect((await server.client({ token: ADMIN_TOKEN }).state('py-7'))?.signals.load?.value).toBe(0.35);
  });

  it('exits 1 naming the error when the server refuses the token', async () => {
    server = await startServer(AUTH_ENV);
    const run = await python({ COORDINATION_SERVER_URL: server.url, COORDINATION_TOKEN: AGENT_TOKEN, AGENT_ID: 'someone-else' });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^coordination-server at ${server.url} answered -32003 Forbidden: .*another agent_id`));
  });
});
