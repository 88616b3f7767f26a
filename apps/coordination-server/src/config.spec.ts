import { ConfigError } from '@agentcore/coordination-core';
import { TokenAuthenticator } from './auth';
import { describeConfig, isLoopback, loadServerConfig, redactUrl, SERVER_DEFAULTS } from './config';

const TOKEN = 'abcdefghijklmnop';

describe('loadServerConfig', () => {
  it('defaults to an in-memory server on 127.0.0.1:8080 without auth', () => {
    const config = loadServerConfig({});
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', logLevel: 'info', tokens: [], redis: null, maxBatch: 1000 });
    expect(config.rateLimitPerSecond).toBe(SERVER_DEFAULTS.rateLimitPerSecond);
    expect(config.core.signalTtlSeconds).toBe(60);
  });

  it('reads tokens from the variable and the file, with every role', () => {
    const config = loadServerConfig(
      { COORDINATION_AUTH_TOKENS: ` ${TOKEN}=admin , ${TOKEN}X==router`, COORDINATION_AUTH_TOKENS_FILE: '/tokens' },
      { readFile: () => `# agents\n${TOKEN}Y=agent:worker,with=comma\n\n` },
    );
    expect(config.tokens).toEqual([
      { token: TOKEN, role: { kind: 'admin' } },
      { token: `${TOKEN}X=`, role: { kind: 'router' } },
      { token: `${TOKEN}Y`, role: { kind: 'agent', agentId: 'worker,with=comma' } },
    ]);
    expect(describeConfig(config).auth).toEqual({ enabled: true, tokens: 3, roles: { admin: 1, router: 1, agent: 1 } });
    expect(JSON.stringify(describeConfig(config))).not.toContain(TOKEN);
  });

  it.each([
    [{ COORDINATION_AUTH_TOKENS: `${TOKEN}=root` }, 'COORDINATION_AUTH_TOKENS'],
    [{ COORDINATION_AUTH_TOKENS: `${TOKEN}=agent:` }, 'COORDINATION_AUTH_TOKENS'],
    [{ COORDINATION_AUTH_TOKENS: `short=admin` }, 'COORDINATION_AUTH_TOKENS'],
    [{ COORDINATION_AUTH_TOKENS: `${TOKEN}=admin,${TOKEN}=router` }, 'COORDINATION_AUTH_TOKENS'],
    [{ COORDINATION_REDIS_URL: 'not a url' }, 'COORDINATION_REDIS_URL'],
    [{ COORDINATION_REDIS_URL: 'redis://cache:6379/zero' }, 'COORDINATION_REDIS_URL'],
    [{ COORDINATION_REDIS_PREFIX: 'has spaces' }, 'COORDINATION_REDIS_PREFIX'],
    [{ COORDINATION_OVERLOAD_SCAN_INTERVAL: '0' }, 'COORDINATION_OVERLOAD_SCAN_INTERVAL'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    // Set, but with no entry: auth would silently be off.
    [{ COORDINATION_AUTH_TOKENS: ' , ' }, 'COORDINATION_AUTH_TOKENS'],
    [{ COORDINATION_AUTH_TOKENS: ',#x' }, 'COORDINATION_AUTH_TOKENS'],
    [{ COORDINATION_REDIS_URL: 'redis://cache:6379/16' }, 'COORDINATION_REDIS_URL'],
    [{ COORDINATION_REDIS_URL: 'redis://cache:6379/99' }, 'COORDINATION_REDIS_URL'],
    [{ COORDINATION_REDIS_URL: 'redis://cache', COORDINATION_REDIS_COMMAND_TIMEOUT_MS: '0' }, 'COORDINATION_REDIS_COMMAND_TIMEOUT_MS'],
    [{ COORDINATION_MAX_RESPONSE_BYTES: '1000' }, 'COORDINATION_MAX_RESPONSE_BYTES'],
    [{ COORDINATION_MAX_AGENTS: '0' }, 'COORDINATION_MAX_AGENTS'],
    [{ COORDINATION_TRUST_PROXY: 'my-proxy' }, 'COORDINATION_TRUST_PROXY'],
    [{ COORDINATION_TRUST_PROXY: '10.0.0.0/33' }, 'COORDINATION_TRUST_PROXY'],
    [{ COORDINATION_TRUST_PROXY: '10.0.0.0/8/1' }, 'COORDINATION_TRUST_PROXY'],
    [{ COORDINATION_ALLOWED_HOSTS: 'localhost:8080' }, 'COORDINATION_ALLOWED_HOSTS'],
    [{ COORDINATION_ALLOWED_HOSTS: ' , ' }, 'COORDINATION_ALLOWED_HOSTS'],
    [{ COORDINATION_HEADERS_TIMEOUT_MS: '50' }, 'COORDINATION_HEADERS_TIMEOUT_MS'],
    [{ COORDINATION_HEADERS_TIMEOUT_MS: '40000', COORDINATION_REQUEST_TIMEOUT_MS: '30000' }, 'COORDINATION_HEADERS_TIMEOUT_MS'],
  ])('rejects %p naming %s', (env, variable) => {
    expect(() => loadServerConfig(env)).toThrow(ConfigError);
    expect(() => loadServerConfig(env)).toThrow(variable);
  });

  it('refuses a token file without a single entry', () => {
    expect(() => loadServerConfig({ COORDINATION_AUTH_TOKENS_FILE: '/t' }, { readFile: () => '# nothing yet\n\n' })).toThrow(/COORDINATION_AUTH_TOKENS_FILE.*no entries/);
  });

  it('reads the limits, proxies, hosts and timeouts', () => {
    const config = loadServerConfig({
      COORDINATION_MAX_RESPONSE_BYTES: '1048576',
      COORDINATION_MAX_AGENTS: '10',
      COORDINATION_TRUST_PROXY: '10.0.0.0/8, ::1',
      COORDINATION_ALLOWED_HOSTS: 'coord.internal,[::1],127.0.0.1',
      COORDINATION_HEADERS_TIMEOUT_MS: '1000',
      COORDINATION_REQUEST_TIMEOUT_MS: '2000',
      COORDINATION_KEEP_ALIVE_TIMEOUT_MS: '3000',
      COORDINATION_REDIS_URL: 'redis://cache:6379/15',
      COORDINATION_REDIS_COMMAND_TIMEOUT_MS: '500',
    });
    expect(config).toMatchObject({
      maxResponseBytes: 1_048_576,
      maxAgents: 10,
      trustProxy: ['10.0.0.0/8', '::1'],
      allowedHosts: ['coord.internal', '::1', '127.0.0.1'],
      httpTimeouts: { headersMs: 1000, requestMs: 2000, keepAliveMs: 3000 },
      redis: { commandTimeoutMs: 500 },
    });
    expect(describeConfig(config)).toMatchObject({ max_agents: 10, allowed_hosts: ['coord.internal', '::1', '127.0.0.1'], trust_proxy: ['10.0.0.0/8', '::1'] });
  });

  it('answers to loopback names only when bound to loopback, unless told otherwise', () => {
    expect(loadServerConfig({}).allowedHosts).toEqual(['localhost', '127.0.0.1', '::1']);
    expect(loadServerConfig({ HOST: '127.0.0.2' }).allowedHosts).toEqual(['localhost', '127.0.0.1', '::1', '127.0.0.2']);
    expect(loadServerConfig({ HOST: '0.0.0.0' }).allowedHosts).toBeNull();
    expect(loadServerConfig({ COORDINATION_ALLOWED_HOSTS: '*' }).allowedHosts).toBeNull();
    expect(describeConfig(loadServerConfig({ HOST: '0.0.0.0' })).allowed_hosts).toBe('*');
  });

  it('names the token file when it cannot be read', () => {
    expect(() =>
      loadServerConfig({ COORDINATION_AUTH_TOKENS_FILE: '/x' }, { readFile: () => { throw new Error('EACCES'); } }),
    ).toThrow(/COORDINATION_AUTH_TOKENS_FILE.*EACCES/);
  });

  it('accepts a Redis URL and logs it without the password', () => {
    const config = loadServerConfig({ COORDINATION_REDIS_URL: 'rediss://user:s3cret@cache:6380/2', COORDINATION_REDIS_PREFIX: 'app:' });
    expect(config.redis).toEqual({ url: 'rediss://user:s3cret@cache:6380/2', prefix: 'app:', commandTimeoutMs: 2000 });
    expect(describeConfig(config).redis).toEqual({ url: 'rediss://user:***@cache:6380/2', prefix: 'app:', command_timeout_ms: 2000 });
    expect(redactUrl('redis://cache:6379')).toBe('redis://cache:6379');
  });

  it('knows loopback hosts', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.1', 'example.com'].some(isLoopback)).toBe(false);
  });
});

describe('TokenAuthenticator', () => {
  const auth = new TokenAuthenticator([
    { token: TOKEN, role: { kind: 'admin' } },
    { token: `${TOKEN}2`, role: { kind: 'agent', agentId: 'a' } },
  ]);

  it('finds the principal behind a bearer token and nothing for anything else', () => {
    expect(auth.authenticate(`Bearer ${TOKEN}`, '')).toEqual({ key: 'token:1:admin', role: { kind: 'admin' } });
    expect(auth.authenticate(`bearer  ${TOKEN}2 `, '')?.role).toEqual({ kind: 'agent', agentId: 'a' });
    for (const header of [undefined, '', 'Bearer', `Bearer ${TOKEN}3`, `Token ${TOKEN}`]) expect(auth.authenticate(header, '')).toBeNull();
  });

  it('treats everyone as an admin told apart by address when no tokens are configured', () => {
    expect(new TokenAuthenticator([]).authenticate(undefined, '10.0.0.1')).toEqual({ key: 'anonymous:10.0.0.1', role: { kind: 'admin' } });
  });
});
