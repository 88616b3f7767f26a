import winston from 'winston';
import { createServer, loadServerConfig } from '../src';
import { post, rpc, startServer } from './helpers';

describe('a server built with no dependencies injected', () => {
  const lines: string[] = [];
  beforeEach(() => {
    lines.length = 0;
    const capture = (info: unknown, next: () => void) => {
      lines.push(JSON.stringify(info));
      next();
    };
    jest.spyOn(winston.transports.Console.prototype, 'log').mockImplementation(capture as (...args: unknown[]) => unknown);
  });
  afterEach(() => jest.restoreAllMocks());

  it('logs to stdout at the configured level, rate-limits nothing when the limit is 0, and serves over IPv6 loopback', async () => {
    const server = createServer(loadServerConfig({ PORT: '0', HOST: '::1', COORDINATION_RATE_LIMIT: '0', LOG_LEVEL: 'info' }));
    await server.listen();
    try {
      expect(server.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => post(`${server.url}/rpc`, rpc('coordination.metrics', undefined, i))));
      expect(replies.every((r) => r.status === 200)).toBe(true);
      const { body } = await post(`${server.url}/rpc`, rpc('coordination.signal', { signals: [] }));
      expect(body).toMatchObject({ result: { accepted: 0, signal_ids: [] } });
      await post(`${server.url}/rpc`, rpc('coordination.select', { candidates: ['a'] }));
    } finally {
      await server.close();
    }
    expect(lines.join('\n')).toContain('coordination-server listening');
    expect(lines.join('\n')).not.toContain('selection rationale');
    expect(() => server.url).toThrow('not listening');
  });

  it('can be closed before it ever listened', async () => {
    const t = await startServer();
    await t.close();
    const idle = createServer(loadServerConfig({ PORT: '0' }), { logger: undefined, replicator: undefined, clock: () => 0 });
    await expect(idle.close()).resolves.toBeUndefined();
  });
});
