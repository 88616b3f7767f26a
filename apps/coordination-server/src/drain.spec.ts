import { createServer } from 'node:http';
import { once } from 'node:events';
import { drainHttp } from './drain';

describe('drainHttp', () => {
  afterEach(() => jest.restoreAllMocks());

  it('resolves, and leaves no interval running, when no connection is open', async () => {
    const http = createServer();
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    const created: unknown[] = [];
    const cleared = new Set<unknown>();
    const realSetInterval = setInterval;
    jest.spyOn(global, 'setInterval').mockImplementation(((...args: Parameters<typeof setInterval>) => {
      const handle = realSetInterval(...args);
      created.push(handle);
      return handle;
    }) as typeof setInterval);
    const realClear = clearTimeout;
    jest.spyOn(global, 'clearTimeout').mockImplementation((handle) => {
      cleared.add(handle);
      realClear(handle);
    });
    const started = Date.now();
    await drainHttp(http, { lingerMs: 10, deadlineMs: 1_000, onDeadline: () => undefined });
    expect(http.listening).toBe(false);
    expect(Date.now() - started).toBeLessThan(500);
    // Nothing of the drain may keep the process alive afterwards.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(created.filter((handle) => !cleared.has(handle))).toEqual([]);
  });
});
