import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { post, rpc } from './helpers';

const ROOT = join(__dirname, '..', '..', '..');
const MAIN = join(ROOT, 'apps', 'coordination-server', 'src', 'main.ts');

/** Runs the entry point as `npm start` would, from TypeScript through tsx instead of the bundle. */
function launch(env: Record<string, string>): ChildProcessWithoutNullStreams {
  const { PORT: _p, HOST: _h, LOG_LEVEL: _l, ...inherited } = process.env;
  return spawn(process.execPath, ['--import', 'tsx', MAIN], { cwd: ROOT, env: { ...inherited, PORT: '0', ...env } });
}

async function exitOf(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/** Resolves with the start-up log line once the server listens. */
function started(child: ChildProcessWithoutNullStreams): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n')) {
        if (line.includes('coordination-server listening')) resolve(JSON.parse(line));
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening`)));
  });
}

describe('the server process', () => {
  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['HOST', 'two words'],
    ['LOG_LEVEL', 'loud'],
    ['COORDINATION_SIGNAL_TTL', '-5'],
    ['ROUTING_WEIGHT_COST', 'cheap'],
    ['COORDINATION_AUTH_TOKENS', 'short=admin'],
    ['COORDINATION_AUTH_TOKENS_FILE', '/nonexistent/tokens'],
    ['COORDINATION_MAX_BODY_BYTES', '10'],
    ['COORDINATION_MAX_BATCH', '0'],
    ['COORDINATION_RATE_LIMIT', 'lots'],
    ['COORDINATION_REDIS_URL', 'http://cache:6379'],
  ])('exits non-zero naming %s when it is %p', async (variable, value) => {
    const { code, stderr, stdout } = await exitOf(launch({ [variable]: value }));
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    const line = JSON.parse(stderr.trim().split('\n').at(-1) ?? '');
    expect(line).toMatchObject({ level: 'error', variable });
    expect(line.message).toContain(variable);
    if (variable === 'COORDINATION_AUTH_TOKENS') expect(stderr).not.toContain('short');
  }, 20_000);

  it('logs its effective configuration once, without secrets, and exits 0 on SIGTERM after finishing in-flight work', async () => {
    const token = 'process-admin-token-0123456789';
    const child = launch({ COORDINATION_AUTH_TOKENS: `${token}=admin`, COORDINATION_REDIS_URL: '' });
    const exit = exitOf(child);
    const line = await started(child);
    expect(line).toMatchObject({
      level: 'info',
      config: { host: '127.0.0.1', auth: { enabled: true, tokens: 1, roles: { admin: 1 } }, coordination: { signal_ttl_seconds: 60 } },
    });
    expect(JSON.stringify(line)).not.toContain(token);
    const url = String(line.url);
    const reply = await post(`${url}/rpc`, rpc('coordination.signal', { agent_id: 'p1', signal_type: 'load', value: 0.5 }), {
      authorization: `Bearer ${token}`,
    });
    expect(reply.body).toMatchObject({ result: { accepted: 1 } });

    const signalled = Date.now();
    child.kill('SIGTERM');
    const { code, stdout } = await exit;
    expect(code).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(5000);
    expect(stdout).toContain('"message":"coordination-server stopped"');
    expect(stdout.split('\n').filter((l) => l.includes('coordination-server listening'))).toHaveLength(1);
  }, 20_000);

  it('exits 0 on SIGINT too', async () => {
    const child = launch({});
    const exit = exitOf(child);
    await started(child);
    child.kill('SIGINT');
    expect((await exit).code).toBe(0);
  }, 20_000);
});
