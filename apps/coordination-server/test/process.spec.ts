import { freePort, ServerProcess } from '../src/testing';
import { post, rpc } from './helpers';

/** The start-up line the server logs once it listens. */
function listeningLine(server: ServerProcess): Record<string, unknown> {
  const line = server.stdout.split('\n').find((l) => l.includes('coordination-server listening'));
  if (line === undefined) throw new Error(`no start-up line in: ${server.log}`);
  return JSON.parse(line) as Record<string, unknown>;
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
    // Set, but with no entry: authentication would silently be off.
    ['COORDINATION_AUTH_TOKENS', ' , '],
    // Database 99 does not exist: ioredis would say "connected" and write to database 0.
    ['COORDINATION_REDIS_URL', 'redis://127.0.0.1:6379/99'],
  ])('exits non-zero naming %s when it is %p', async (variable, value) => {
    const server = new ServerProcess({ env: { [variable]: value } });
    await server.spawn();
    const { code } = await server.exited();
    expect(code).not.toBe(0);
    expect(server.stdout).toBe('');
    const line = JSON.parse(server.stderr.trim().split('\n').at(-1) ?? '');
    expect(line).toMatchObject({ level: 'error', variable });
    expect(line.message).toContain(variable);
    if (variable === 'COORDINATION_AUTH_TOKENS') expect(server.stderr).not.toContain('short');
  }, 20_000);

  it('fails to start, saying so with its output, when its configuration is invalid', async () => {
    const stop = jest.spyOn(ServerProcess.prototype, 'stop');
    try {
      await expect(ServerProcess.start({ COORDINATION_SIGNAL_TTL: 'soon' })).rejects.toThrow(/exited during start-up \(code 1\).*COORDINATION_SIGNAL_TTL/s);
      expect(stop).toHaveBeenCalledTimes(1);
    } finally {
      stop.mockRestore();
    }
  }, 20_000);

  it('logs its effective configuration once, without secrets, and exits 0 on SIGTERM after finishing in-flight work', async () => {
    const token = 'process-admin-token-0123456789';
    const server = await ServerProcess.start({ COORDINATION_AUTH_TOKENS: `${token}=admin`, COORDINATION_REDIS_URL: '' });
    expect(server.running).toBe(true);
    const line = listeningLine(server);
    expect(line).toMatchObject({
      level: 'info',
      url: server.url,
      config: { host: '127.0.0.1', auth: { enabled: true, tokens: 1, roles: { admin: 1 } }, coordination: { signal_ttl_seconds: 60 } },
    });
    expect(JSON.stringify(line)).not.toContain(token);
    const reply = await post(`${server.url}/rpc`, rpc('coordination.signal', { agent_id: 'p1', signal_type: 'load', value: 0.5 }), {
      authorization: `Bearer ${token}`,
    });
    expect(reply.body).toMatchObject({ result: { accepted: 1 } });

    const signalled = Date.now();
    expect(await server.stop()).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(5000);
    expect(server.running).toBe(false);
    expect(server.stdout).toContain('"message":"coordination-server stopped"');
    expect(server.stdout.split('\n').filter((l) => l.includes('coordination-server listening'))).toHaveLength(1);
    expect(await server.stop()).toEqual({ code: 0, signal: null });
  }, 20_000);

  it('warns once at start about variables of its families that nothing reads, naming the likely meant one', async () => {
    const server = await ServerProcess.start({ COORDINATION_RATE_LIMT: '10', RIPPLE_MODEE: 'remote', COORDINATION_SERVER_URL: 'http://router-side' });
    try {
      const lines = server.stdout.split('\n').filter((l) => l.includes('unknown configuration variables ignored'));
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0])).toMatchObject({
        level: 'warn',
        variables: ['COORDINATION_RATE_LIMT', 'RIPPLE_MODEE'],
        did_you_mean: { COORDINATION_RATE_LIMT: 'COORDINATION_RATE_LIMIT', RIPPLE_MODEE: 'RIPPLE_MODE' },
      });
      // Values are never logged.
      expect(lines[0]).not.toContain('remote');
    } finally {
      await server.stop();
    }
  }, 20_000);

  it('exits 0 on SIGINT too', async () => {
    const server = await ServerProcess.start();
    expect(await server.stop('SIGINT')).toEqual({ code: 0, signal: null });
  }, 20_000);

  it('gives up on a server that does not turn ready in time, and leaves nothing running', async () => {
    // Redis unreachable: the server keeps /readyz at 503 until its start timeout (10 s). The wait
    // covers start-up on a busy machine (about 1 s through tsx), so the SIGTERM that follows finds
    // the server's handlers installed and it exits cleanly.
    const server = new ServerProcess({ env: { COORDINATION_REDIS_URL: `redis://127.0.0.1:${await freePort()}` }, readyTimeoutMs: 4_000 });
    expect(() => server.url).toThrow('not been started');
    expect(() => server.exited()).toThrow('not been started');
    expect(await server.stop()).toBeUndefined();
    await expect(server.start()).rejects.toThrow(/not ready within 4000 ms/);
    expect(server.running).toBe(false);
    expect(await server.exited()).toEqual({ code: 0, signal: null });
  }, 20_000);

  it('restarts on the same port after a crash', async () => {
    const server = new ServerProcess({ env: { LOG_LEVEL: 'warn' } });
    await server.start();
    const { url } = server;
    await server.kill();
    expect(await server.exited()).toEqual({ code: null, signal: 'SIGKILL' });
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    await server.start();
    expect(server.url).toBe(url);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    await server.kill();
    await server.kill();
  }, 30_000);
});
