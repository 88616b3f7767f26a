import { createHarness, T0 } from '../test/harness';
import { ConfigError, ValidationError } from './errors';
import { CoordinationService } from './service';
import { silentLogger } from './logger';
import { seededRandom } from './random';
import { DEFAULT_WEIGHTS } from './config';

const make = (config: ConstructorParameters<typeof CoordinationService>[0]['config']) =>
  new CoordinationService({ clock: () => T0, random: seededRandom(1), config });

describe('robustness', () => {
  it.each([
    [{ signalTtlSeconds: 0 }, 'signalTtlSeconds'],
    [{ signalTtlSeconds: Number.NaN }, 'signalTtlSeconds'],
    [{ maxHistorySize: 0 }, 'maxHistorySize'],
    [{ cleanupIntervalSeconds: 1.5 }, 'cleanupIntervalSeconds'],
    [{ capacityScale: Number.NaN }, 'capacityScale'],
    [{ latencyScaleMs: 0 }, 'latencyScaleMs'],
    [{ weights: { ...DEFAULT_WEIGHTS, load: -1, availability: 2 } }, 'weights'],
    [{ weights: { ...DEFAULT_WEIGHTS, load: 1e308, capacity: 1e308 } }, 'weights'],
    [{ weights: { load: 0, capacity: 0, quality: 0, cost: 0, availability: 0, latency: 0 } }, 'weights'],
  ])('refuses a bad configuration handed in directly (%j), naming %s', (config, field) => {
    expect(() => make(config)).toThrow(ConfigError);
    expect(() => make(config)).toThrow(field);
  });

  it('treats dimensions a directly handed-in weight profile leaves out as 0', () => {
    const service = make({ weights: { quality: 1 } as never });
    expect(service.config.weights).toEqual({ load: 0, capacity: 0, quality: 1, cost: 0, availability: 0, latency: 0 });
  });

  it('stores a whole batch even when a subscriber throws, and logs the failure', () => {
    const errors: string[] = [];
    const logger = { ...silentLogger, error: (message: string) => errors.push(message) };
    const { service } = createHarness({ logger });
    let calls = 0;
    service.on('signal', () => {
      calls++;
      if (calls === 2) throw new Error('subscriber bug');
    });
    service.registerSignals(['a', 'b', 'c'].map((agent_id) => ({ agent_id, signal_type: 'load', value: 0.5 })));
    expect(service.agentCount).toBe(3);
    expect(calls).toBe(3);
    expect(errors).toEqual(['coordination event listener failed']);
  });

  it('does not announce a duplicate signal again', () => {
    const { service } = createHarness();
    const seen: string[] = [];
    service.on('signal', (s) => seen.push(s.signal_id));
    const signal = { signal_id: '00000000-0000-4000-8000-000000000001', agent_id: 'a', signal_type: 'load', value: 0.5 };
    service.registerSignal(signal);
    service.registerSignal(signal);
    service.registerSignals([signal]);
    expect(seen).toHaveLength(1);
  });

  it.each([
    ['\uD800a', 'well-formed Unicode'],
    ['   ', 'must not be blank'],
  ])('rejects agent_id %j (%s)', (agentId, message) => {
    const { service } = createHarness();
    const error = (() => {
      try {
        service.registerSignal({ agent_id: agentId, signal_type: 'load', value: 0.5 });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([expect.objectContaining({ path: 'agent_id', message: expect.stringContaining(message) })]);
    expect(service.agentCount).toBe(0);
  });

  it('counts a candidate id listed twice once', () => {
    const { service, reportAll } = createHarness();
    reportAll('a', { load: 0.5 });
    reportAll('b', { load: 0.5 });
    const picks = { a: 0, b: 0 };
    for (let i = 0; i < 400; i++) picks[service.selectAgent(['a', 'a', 'a', 'b'], { recordAssignment: false }).agent_id as 'a' | 'b']++;
    expect(picks.a / 400).toBeGreaterThan(0.4);
    expect(picks.a / 400).toBeLessThan(0.6);
    const explanation = service.selectAgent(['a', 'a'], { explain: true, recordAssignment: false });
    expect(explanation.reason).toBe('highest_score');
    expect(explanation.explanation?.candidates.map((c) => c.excluded)).toEqual([undefined, 'duplicate']);
  });

  it('explains what a timestamp must look like', () => {
    const { service } = createHarness();
    expect(() => service.registerSignal({ agent_id: 'a', signal_type: 'load', value: 0.5, timestamp: 1.5 })).toThrow(
      /timestamp must be an ISO-8601 date-time with offset .* or integer epoch milliseconds/,
    );
  });

  it('refuses absurd weights in a per-request profile', () => {
    const { service, report } = createHarness();
    report('a', 'load', 0.5);
    expect(() => service.selectAgent(['a'], { weights: { load: 1e308, capacity: 1e308 } })).toThrow(/weights.load: weight must be <= 1000000/);
  });

  it('keeps agents_tracked and active_signals exact: metrics() sweeps expired signals first', () => {
    const h = createHarness();
    h.report('short', 'load', 0.5, { ttl_seconds: 1 });
    h.report('long', 'load', 0.5, { ttl_seconds: 60 });
    h.advance(2000);
    expect(h.service.metrics()).toMatchObject({ agents_tracked: 1, active_signals: 1, expired_signals_cleaned: 1 });
    expect(h.service.listStates().states.map((s) => s.agent_id)).toEqual(['long']);
  });
});
