import { createHarness } from '../test/harness';
import { silentLogger, type Logger } from './logger';

describe('logging', () => {
  it('the silent logger swallows everything', () => {
    for (const level of ['debug', 'info', 'warn', 'error'] as const) expect(silentLogger[level]('x', { a: 1 })).toBeUndefined();
  });

  it('an injected logger hears about selections and cleanups at debug level', () => {
    const messages: string[] = [];
    const logger: Logger = { ...silentLogger, debug: (message) => messages.push(message) };
    const h = createHarness({ logger });
    h.report('a', 'load', 0.5, { ttl_seconds: 1 });
    h.service.selectAgent(['a']);
    h.advance(1_000);
    h.service.removeExpired();
    expect(messages).toEqual(['agent selected', 'expired signals removed']);
  });
});
