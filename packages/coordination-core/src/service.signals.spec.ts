import { createHarness, T0, UUID_V4 } from '../test/harness';
import { ValidationError, type ValidationIssue } from './errors';
import { MAX_TTL_SECONDS, SensitivitySignalSchema } from './models';
import { MAX_BATCH_ISSUES } from './service';

const valid = { agent_id: 'agent-1', signal_type: 'load', value: 0.5 } as const;

function rejection(run: () => unknown): ValidationIssue[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return [...error.issues];
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('registering signals', () => {
  describe('defaults', () => {
    it('fills in a UUID v4 signal_id, the current time, the configured ttl and confidence 1', () => {
      const h = createHarness({ config: { signalTtlSeconds: 45 } });
      const signal = h.service.registerSignal(valid);
      expect(signal).toEqual({
        signal_id: expect.stringMatching(UUID_V4),
        agent_id: 'agent-1',
        signal_type: 'load',
        value: 0.5,
        timestamp: '2026-11-25T12:00:00.000Z',
        ttl_seconds: 45,
        confidence: 1,
      });
      expect(SensitivitySignalSchema.parse(signal)).toEqual(signal);
    });

    it('generates a different id for every signal', () => {
      const h = createHarness();
      const ids = new Set(Array.from({ length: 100 }, () => h.service.registerSignal(valid).signal_id));
      expect(ids.size).toBe(100);
    });

    it('uses an injected id generator when given one', () => {
      let n = 0;
      const h = createHarness({ generateId: () => `id-${++n}` });
      expect(h.service.registerSignal(valid).signal_id).toBe('id-1');
    });

    it('keeps the fields the agent supplied', () => {
      const h = createHarness();
      const signal = h.service.registerSignal({
        ...valid,
        signal_id: '0b3b2e49-4117-4d30-9355-f00a63e7686d',
        ttl_seconds: 10,
        confidence: 0.25,
        trace_id: 'trace-7',
      });
      expect(signal).toMatchObject({
        signal_id: '0b3b2e49-4117-4d30-9355-f00a63e7686d',
        ttl_seconds: 10,
        confidence: 0.25,
        trace_id: 'trace-7',
      });
    });

    it('accepts ISO-8601 timestamps with an offset and epoch milliseconds, stored as ISO UTC', () => {
      const h = createHarness();
      const iso = h.service.registerSignal({ ...valid, timestamp: '2026-11-25T13:59:58.5+02:00' });
      expect(iso.timestamp).toBe('2026-11-25T11:59:58.500Z');
      const epoch = h.service.registerSignal({ ...valid, signal_type: 'quality', timestamp: T0 - 1_000 });
      expect(epoch.timestamp).toBe('2026-11-25T11:59:59.000Z');
    });

    it('accepts a timestamp slightly ahead of the clock (skew) but not far ahead', () => {
      const h = createHarness();
      expect(() => h.service.registerSignal({ ...valid, timestamp: T0 + 30_000 })).not.toThrow();
      const issues = rejection(() => h.service.registerSignal({ ...valid, timestamp: T0 + 3_600_000 }));
      expect(issues).toEqual([expect.objectContaining({ path: 'timestamp', code: 'too_big' })]);
      const strict = createHarness({ maxFutureSkewMs: 0 });
      expect(() => strict.service.registerSignal({ ...valid, timestamp: T0 + 1 })).toThrow(ValidationError);
    });

    it('accepts the bounds 0 and 1 exactly', () => {
      const h = createHarness();
      expect(h.service.registerSignal({ ...valid, value: 0, confidence: 0 }).value).toBe(0);
      expect(h.service.registerSignal({ ...valid, value: 1, confidence: 1 }).value).toBe(1);
    });
  });

  describe('bad input is rejected with the field path, and nothing is stored', () => {
    const cases: [string, unknown, string][] = [
      ['NaN value', { ...valid, value: Number.NaN }, 'value'],
      ['Infinity value', { ...valid, value: Number.POSITIVE_INFINITY }, 'value'],
      ['-Infinity value', { ...valid, value: Number.NEGATIVE_INFINITY }, 'value'],
      ['value above 1', { ...valid, value: 1.0001 }, 'value'],
      ['negative value', { ...valid, value: -0.1 }, 'value'],
      ['value as a string', { ...valid, value: '0.5' }, 'value'],
      ['missing value', { agent_id: 'a', signal_type: 'load' }, 'value'],
      ['confidence above 1', { ...valid, confidence: 2 }, 'confidence'],
      ['NaN confidence', { ...valid, confidence: Number.NaN }, 'confidence'],
      ['unknown signal type', { ...valid, signal_type: 'mood' }, 'signal_type'],
      ['empty agent id', { ...valid, agent_id: '' }, 'agent_id'],
      ['oversized agent id', { ...valid, agent_id: 'x'.repeat(257) }, 'agent_id'],
      ['agent id with a newline', { ...valid, agent_id: 'a\nb' }, 'agent_id'],
      ['agent id with a NUL', { ...valid, agent_id: 'a\u0000' }, 'agent_id'],
      ['agent id as a number', { ...valid, agent_id: 42 }, 'agent_id'],
      ['ttl of 0', { ...valid, ttl_seconds: 0 }, 'ttl_seconds'],
      ['negative ttl', { ...valid, ttl_seconds: -5 }, 'ttl_seconds'],
      ['fractional ttl', { ...valid, ttl_seconds: 1.5 }, 'ttl_seconds'],
      ['ttl as a string', { ...valid, ttl_seconds: '60' }, 'ttl_seconds'],
      ['ttl above a week', { ...valid, ttl_seconds: MAX_TTL_SECONDS + 1 }, 'ttl_seconds'],
      ['far-future timestamp', { ...valid, timestamp: '2030-01-01T00:00:00Z' }, 'timestamp'],
      ['negative epoch timestamp', { ...valid, timestamp: -1 }, 'timestamp'],
      ['fractional epoch timestamp', { ...valid, timestamp: T0 + 0.5 }, 'timestamp'],
      ['unsafe-integer epoch timestamp', { ...valid, timestamp: 2 ** 53 }, 'timestamp'],
      ['timestamp that is not ISO-8601', { ...valid, timestamp: 'yesterday' }, 'timestamp'],
      ['impossible calendar date', { ...valid, timestamp: '2026-02-30T00:00:00Z' }, 'timestamp'],
      ['signal_id that is not a UUID', { ...valid, signal_id: 'not-a-uuid' }, 'signal_id'],
      ['empty trace id', { ...valid, trace_id: '' }, 'trace_id'],
      ['unknown extra key', { ...valid, extra: 1 }, ''],
    ];

    it.each(cases)('%s', (_name, input, path) => {
      const h = createHarness();
      const issues = rejection(() => h.service.registerSignal(input));
      expect(issues.map((i) => i.path)).toContain(path);
      for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0);
      expect(h.service.agentCount).toBe(0);
      expect(h.service.metrics()).toMatchObject({ total_signals: 0, rejected_signals: 1, active_signals: 0 });
    });

    it.each([null, undefined, 'load=0.5', 42, true, [valid]])('non-object input %p', (input) => {
      const h = createHarness();
      const issues = rejection(() => h.service.registerSignal(input));
      expect(issues).toHaveLength(1);
      expect(issues[0].path).toBe('');
      expect(h.service.agentCount).toBe(0);
    });

    it('names the offending key of an unknown extra field', () => {
      const h = createHarness();
      const issues = rejection(() => h.service.registerSignal({ ...valid, priority: 'high' }));
      expect(issues[0].code).toBe('unrecognized_keys');
      expect(issues[0].message).toContain('priority');
    });

    it('puts every path in the error message', () => {
      const h = createHarness();
      expect(() => h.service.registerSignal({ ...valid, value: 2, ttl_seconds: 0 })).toThrow(/value: .*; ttl_seconds: /);
    });
  });

  describe('batches are atomic', () => {
    it('stores all signals of a valid batch, in order', () => {
      const h = createHarness();
      const stored = h.service.registerSignals([
        { agent_id: 'a', signal_type: 'load', value: 0.1 },
        { agent_id: 'b', signal_type: 'quality', value: 0.9 },
      ]);
      expect(stored.map((s) => s.agent_id)).toEqual(['a', 'b']);
      expect(h.service.agentCount).toBe(2);
    });

    it('stores nothing when one item is bad, reporting the issues of every bad item by index', () => {
      const h = createHarness();
      const batch = [
        { agent_id: 'a', signal_type: 'load', value: 0.1 },
        { agent_id: 'b', signal_type: 'load', value: Number.NaN },
        { agent_id: 'c', signal_type: 'load', value: 0.3 },
        { agent_id: 'd', signal_type: 'load', value: 7 },
        { agent_id: 'e', signal_type: 'nope', value: 0.3 },
        'not a signal',
      ];
      const issues = rejection(() => h.service.registerSignals(batch, ['signals']));
      expect(issues.map((i) => i.path)).toEqual(['signals.1.value', 'signals.3.value', 'signals.4.signal_type', 'signals.5']);
      expect(h.service.agentCount).toBe(0);
      expect(h.service.metrics()).toMatchObject({ total_signals: 0, rejected_signals: 6 });
    });

    it('prefixes index paths without a prefix too, including the far-future check', () => {
      const h = createHarness();
      const issues = rejection(() => h.service.registerSignals([valid, { ...valid, timestamp: T0 + 86_400_000 }]));
      expect(issues.map((i) => i.path)).toEqual(['1.timestamp']);
    });

    it('accepts an empty batch', () => {
      expect(createHarness().service.registerSignals([])).toEqual([]);
    });
  });

  describe('duplicates and order', () => {
    it('treats a repeated signal_id as the same signal (idempotent)', () => {
      const h = createHarness();
      const input = { ...valid, signal_id: 'f0b3e294-1471-4d03-b955-0fa0367e86d6' };
      const first = h.service.registerSignal(input);
      h.advance(1_000);
      const again = h.service.registerSignal({ ...input, value: 0.9 });
      expect(again).toBe(first);
      expect(h.service.getHistory('agent-1')).toHaveLength(1);
      expect(h.service.metrics()).toMatchObject({ total_signals: 1, duplicate_signals: 1 });
    });

    it('sends an older signal that arrives late to history only', () => {
      const h = createHarness();
      h.report('a', 'load', 0.2);
      h.report('a', 'load', 0.9, { timestamp: T0 - 10_000 });
      expect(h.service.getState('a')?.signals.load?.value).toBe(0.2);
      expect(h.service.getHistory('a').map((s) => s.value)).toEqual([0.2, 0.9]);
    });

    it('lets a newer signal replace the active one', () => {
      const h = createHarness();
      h.report('a', 'load', 0.2);
      h.advance(1_000);
      h.report('a', 'load', 0.6);
      expect(h.service.getState('a')?.signals.load?.value).toBe(0.6);
      expect(h.service.metrics().active_signals).toBe(1);
    });

    it('keeps an already-expired signal of a known agent in history only', () => {
      const h = createHarness();
      h.report('a', 'quality', 0.9);
      h.report('a', 'load', 0.7, { timestamp: T0 - 120_000, ttl_seconds: 60 });
      expect(h.service.getState('a')?.signals.load).toBeUndefined();
      expect(h.service.getHistory('a')).toHaveLength(2);
    });

    it('creates no agent for a signal that was expired on arrival (nothing would ever clean it up)', () => {
      const h = createHarness();
      const signal = h.service.registerSignal({ ...valid, timestamp: T0 - 120_000, ttl_seconds: 60 });
      expect(signal.value).toBe(0.5);
      expect(h.service.getState('agent-1')).toBeNull();
      expect(h.service.agentCount).toBe(0);
      expect(h.service.metrics().total_signals).toBe(1);
    });
  });

  describe('history', () => {
    it('is bounded per agent, oldest dropped first', () => {
      const h = createHarness({ config: { maxHistorySize: 5 } });
      for (let i = 1; i <= 8; i++) {
        h.report('a', 'load', i / 10);
        h.advance(1_000);
      }
      h.report('b', 'load', 0.5);
      expect(h.service.getHistory('a').map((s) => s.value)).toEqual([0.4, 0.5, 0.6, 0.7, 0.8]);
      expect(h.service.getHistory('b')).toHaveLength(1);
      expect(h.service.getHistory('nobody')).toEqual([]);
    });
  });
});

describe('a batch of many invalid signals', () => {
  it('works out the issues of the first invalid items only, and counts the rest', () => {
    const h = createHarness();
    let error: unknown;
    try {
      h.service.registerSignals([{ agent_id: 'ok', signal_type: 'load', value: 0.5 }, ...Array.from({ length: 1_000 }, () => ({})), { agent_id: 'bad', signal_type: 'load', value: 9, timestamp: h.now() + 3_600_000 }], ['signals']);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const { issues, omitted, message } = error as ValidationError;
    // Three issues per empty item: 34 items give 102 issues; the other 967 bad items are counted.
    expect(issues).toHaveLength(MAX_BATCH_ISSUES + 2);
    expect(issues[0].path).toBe('signals.1.agent_id');
    expect(omitted).toBe(1_000 - 34 + 1);
    expect(message).toContain(`(and ${MAX_BATCH_ISSUES + 2 - 20 + omitted} more)`);
    expect(h.service.agentCount).toBe(0);
    expect(h.service.metrics().rejected_signals).toBe(1_002);
  });
});
