import { RateLimiterMemory } from 'rate-limiter-flexible';
import winston from 'winston';
import { RpcErrorCode } from '@agentcore/coordination-client';
import { createLogger } from '../src';
import { rpc, sleep, startServer } from './helpers';

describe('when something inside the server fails', () => {
  afterEach(() => jest.restoreAllMocks());

  it('answers -32603 without internals, logs the error and keeps serving', async () => {
    const t = await startServer();
    try {
      jest.spyOn(t.server.service, 'getState').mockImplementation(() => {
        throw new Error('disk on fire');
      });
      const { body } = await t.post(rpc('coordination.state', { agent_id: 'x' }));
      expect(body).toEqual({ jsonrpc: '2.0', id: 1, error: { code: RpcErrorCode.INTERNAL_ERROR, message: 'Internal error' } });
      expect(t.logs.lines.find((l) => l.message === 'request failed inside the server')).toMatchObject({
        level: 'error',
        stage: 'method',
        error: expect.stringContaining('disk on fire'),
      });
      jest.spyOn(t.server.service, 'registerSignal').mockImplementation(() => {
        throw new TypeError('unexpected');
      });
      const signal = await t.post(rpc('coordination.signal', { agent_id: 'x', signal_type: 'load', value: 0.1 }));
      expect(signal.body).toMatchObject({ error: { code: RpcErrorCode.INTERNAL_ERROR } });
      expect((await t.post(rpc('coordination.metrics'))).status).toBe(200);
      const text = await (await fetch(`${t.url}/metrics`)).text();
      expect(text).toContain('coordination_internal_errors_total{stage="method"} 2');
    } finally {
      await t.close();
    }
  });

  it('answers 500 when the rate limiter itself fails', async () => {
    const t = await startServer();
    try {
      jest.spyOn(RateLimiterMemory.prototype, 'consume').mockRejectedValue(new Error('limiter broke'));
      const { status, body } = await t.post(rpc('coordination.metrics'));
      expect(status).toBe(500);
      expect(body).toMatchObject({ error: { code: RpcErrorCode.INTERNAL_ERROR } });
      expect(t.logs.lines.find((l) => l.message === 'request failed inside the server')).toMatchObject({ stage: 'request', error: expect.stringContaining('limiter broke') });
    } finally {
      await t.close();
    }
  });

  it('keeps the background timers running when a pass throws', async () => {
    const t = await startServer({ COORDINATION_CLEANUP_INTERVAL: '1' });
    try {
      jest.spyOn(t.server.service, 'removeExpired').mockImplementation(() => {
        throw new Error('cleanup broke');
      });
      await sleep(1100);
      expect(t.logs.messages('error')).toContain('cleanup failed');
    } finally {
      await t.close();
    }
  });

  it('logs a replication start failure and stays not ready', async () => {
    const replicator = {
      start: () => Promise.reject(new Error('redis unreachable')),
      publish: () => undefined,
      status: () => ({ mode: 'degraded' as const, ready: false, buffered: 0, dropped: 0, rejected: 0 }),
      close: async () => undefined,
    };
    const t = await startServer({}, { replicator });
    try {
      await sleep(5);
      expect(t.logs.lines.find((l) => l.message === 'replication failed to start')).toMatchObject({ error: 'redis unreachable' });
      expect((await fetch(`${t.url}/readyz`)).status).toBe(503);
    } finally {
      await t.close();
    }
  });

  it('answers 500 from the Express side when /metrics fails', async () => {
    const t = await startServer();
    try {
      jest.spyOn(t.server.metrics.registry, 'metrics').mockRejectedValue(new Error('collector broke'));
      const response = await fetch(`${t.url}/metrics`);
      expect(response.status).toBe(500);
      expect(t.logs.messages('error')).toContain('http handler failed');
    } finally {
      await t.close();
    }
  });

  it('fails to listen on a port already taken', async () => {
    const first = await startServer();
    const port = new URL(first.url).port;
    await expect(startServer({ PORT: port })).rejects.toThrow(/EADDRINUSE/);
    await first.close();
  });
});

describe('createLogger', () => {
  it('writes to stdout by default and skips levels below the configured one', () => {
    // Where the Console transport writes differs under Jest; what it is handed does not.
    const pass = (_info: unknown, next: () => void) => next();
    const log = jest.spyOn(winston.transports.Console.prototype, 'log').mockImplementation(pass as (...args: unknown[]) => unknown);
    const logger = createLogger({ level: 'warn' });
    expect(logger.isEnabled('info')).toBe(false);
    expect(logger.isEnabled('error')).toBe(true);
    logger.info('hidden');
    logger.debug('hidden');
    logger.error('shown', { detail: 1 });
    logger.warn('shown too');
    const written = JSON.stringify(log.mock.calls.map((c) => c[0]));
    expect(written).toContain('"message":"shown"');
    expect(written).toContain('"message":"shown too"');
    expect(written).not.toContain('hidden');
  });
});
