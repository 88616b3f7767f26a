import type { Logger } from '@agentcore/coordination-core';
import { LogThrottle, OTHER_CALLERS } from './log-throttle';

function recorder(): Logger & { lines: Array<[string, string, Record<string, unknown> | undefined]> } {
  const lines: Array<[string, string, Record<string, unknown> | undefined]> = [];
  const at = (level: string) => (message: string, meta?: Record<string, unknown>) => lines.push([level, message, meta]);
  return { lines, error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

describe('LogThrottle', () => {
  afterEach(() => jest.useRealTimers());

  it('logs a cause and caller once at once, then one line with the count of repeats per interval', () => {
    jest.useFakeTimers();
    const logger = recorder();
    const throttle = new LogThrottle(logger, { intervalMs: 1_000 });
    for (let i = 0; i < 15_000; i++) throttle.log('warn', 'rate limited', 'anonymous:10.0.0.1', { caller: 'anonymous:10.0.0.1', n: i });
    throttle.log('warn', 'rate limited', 'anonymous:10.0.0.2', { caller: 'anonymous:10.0.0.2' });
    expect(logger.lines).toEqual([
      ['warn', 'rate limited', { caller: 'anonymous:10.0.0.1', n: 0 }],
      ['warn', 'rate limited', { caller: 'anonymous:10.0.0.2' }],
    ]);
    jest.advanceTimersByTime(1_000);
    expect(logger.lines.slice(2)).toEqual([['warn', 'rate limited', { caller: 'anonymous:10.0.0.1', n: 14_999, repeated: 14_999, interval_seconds: 1 }]]);
    // A new interval: the next one is logged at once again.
    throttle.log('error', 'boom', 'k', {});
    expect(logger.lines.at(-1)).toEqual(['error', 'boom', {}]);
    throttle.flush();
    expect(logger.lines).toHaveLength(4);
  });

  it('bounds the keys it tracks: callers past the limit share one line', () => {
    const logger = recorder();
    const throttle = new LogThrottle(logger, { maxKeys: 3 });
    for (let i = 0; i < 100; i++) throttle.log('warn', 'call rejected', `caller-${i}`, { caller: `caller-${i}` });
    throttle.flush();
    expect(logger.lines.map(([, , meta]) => meta?.caller)).toEqual(['caller-0', 'caller-1', 'caller-2', OTHER_CALLERS, OTHER_CALLERS]);
    expect(logger.lines.at(-1)?.[2]).toMatchObject({ repeated: 96 });
  });
});
