import { createHarness } from '../test/harness';
import { ExpiryIndex, type ExpiryEntry } from './expiry-index';

describe('removeExpired', () => {
  it('removes exactly the signals whose ttl has passed, keeping the agent while it has others', () => {
    const h = createHarness();
    h.report('a', 'load', 0.4, { ttl_seconds: 10 });
    h.report('a', 'quality', 0.9, { ttl_seconds: 100 });
    h.report('b', 'load', 0.1, { ttl_seconds: 30 });
    h.advance(9_999);
    expect(h.service.removeExpired()).toEqual({ removedSignals: 0, expiredAgents: [] });
    h.advance(1);
    expect(h.service.removeExpired()).toEqual({ removedSignals: 1, expiredAgents: [] });
    expect(Object.keys(h.service.getState('a')?.signals ?? {})).toEqual(['quality']);
    expect(h.service.metrics()).toMatchObject({ active_signals: 2, expired_signals_cleaned: 1, agents_tracked: 2 });
  });

  it('drops an agent left with no signals and tells subscribers', () => {
    const h = createHarness();
    const expired: string[] = [];
    h.service.on('agentExpired', (id) => expired.push(id));
    h.report('a', 'load', 0.4, { ttl_seconds: 10 });
    h.report('a', 'cost', 0.4, { ttl_seconds: 20 });
    h.report('b', 'load', 0.1, { ttl_seconds: 60 });
    h.advance(20_000);
    expect(h.service.removeExpired()).toEqual({ removedSignals: 2, expiredAgents: ['a'] });
    expect(expired).toEqual(['a']);
    expect(h.service.getState('a')).toBeNull();
    expect(h.service.getHistory('a')).toEqual([]);
    expect(h.service.agentCount).toBe(1);
    expect(h.service.metrics()).toMatchObject({ agents_expired: 1, expired_signals_cleaned: 2, active_signals: 1, agents_tracked: 1 });
  });

  it('takes the time to clean up at as an argument', () => {
    const h = createHarness();
    h.report('a', 'load', 0.4, { ttl_seconds: 10 });
    expect(h.service.removeExpired(h.now() + 60_000).removedSignals).toBe(1);
    // The slot is cleared even though the service clock has not reached its expiry.
    expect(h.service.getState('a')).toBeNull();
  });

  it('does not expire a signal that a newer one replaced', () => {
    const h = createHarness();
    h.report('a', 'load', 0.4, { ttl_seconds: 10 });
    h.advance(8_000);
    h.report('a', 'load', 0.5, { ttl_seconds: 10 });
    h.advance(5_000);
    expect(h.service.removeExpired().removedSignals).toBe(0);
    expect(h.service.getState('a')?.signals.load?.value).toBe(0.5);
    h.advance(5_000);
    expect(h.service.removeExpired()).toEqual({ removedSignals: 1, expiredAgents: ['a'] });
  });

  it('starts an agent afresh when it reports again after expiring', () => {
    const h = createHarness();
    h.report('a', 'load', 0.4, { ttl_seconds: 10 });
    h.advance(10_000);
    h.service.removeExpired();
    h.report('a', 'quality', 0.7);
    expect(h.service.getHistory('a').map((s) => s.signal_type)).toEqual(['quality']);
    expect(h.service.metrics().active_signals).toBe(1);
  });

  it('reactivates a slot after cleanup when a signal of that type arrives again', () => {
    const h = createHarness();
    h.report('a', 'load', 0.4, { ttl_seconds: 10 });
    h.report('a', 'quality', 0.9, { ttl_seconds: 100 });
    h.advance(10_000);
    h.service.removeExpired();
    h.report('a', 'load', 0.6, { ttl_seconds: 10 });
    h.advance(10_000);
    expect(h.service.removeExpired()).toEqual({ removedSignals: 1, expiredAgents: [] });
    expect(h.service.getState('a')?.signals.load).toBeUndefined();
  });
});

describe('events', () => {
  it('announces every stored signal until unsubscribed', () => {
    const h = createHarness();
    const seen: string[] = [];
    const unsubscribe = h.service.on('signal', (s) => seen.push(`${s.agent_id}:${s.signal_type}`));
    h.report('a', 'load', 0.1);
    h.service.registerSignals([
      { agent_id: 'b', signal_type: 'cost', value: 0.2 },
      { agent_id: 'c', signal_type: 'quality', value: 0.3 },
    ]);
    unsubscribe();
    unsubscribe(); // a second call is harmless
    h.report('d', 'load', 0.1);
    expect(seen).toEqual(['a:load', 'b:cost', 'c:quality']);
  });

  it('does not announce rejected signals', () => {
    const h = createHarness();
    const listener = jest.fn();
    h.service.on('signal', listener);
    expect(() => h.report('a', 'load', 2)).toThrow();
    expect(listener).not.toHaveBeenCalled();
  });

  it('keeps other subscribers when one unsubscribes', () => {
    const h = createHarness();
    const first = jest.fn();
    const second = jest.fn();
    const off = h.service.on('signal', first);
    h.service.on('signal', second);
    off();
    h.report('a', 'load', 0.1);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
  });
});

describe('metrics', () => {
  it('counts signals in total and by type, and returns a snapshot', () => {
    const h = createHarness();
    h.reportAll('a', { load: 0.1, cost: 0.2, quality: 0.3 });
    h.report('b', 'load', 0.4);
    const metrics = h.service.metrics();
    expect(metrics).toMatchObject({ total_signals: 4, agents_tracked: 2, active_signals: 4 });
    expect(metrics.signals_by_type).toEqual({ load: 2, capacity: 0, quality: 1, cost: 1, latency: 0, availability: 0 });
    metrics.signals_by_type.load = 99;
    expect(h.service.metrics().signals_by_type.load).toBe(2);
  });
});

interface Entry extends ExpiryEntry {
  name: string;
}
const entry = (name: string): Entry => ({ name, expiresAtMs: 0, bucket: -1 });
const names = (entries: Entry[]) => entries.map((e) => e.name).sort();

describe('ExpiryIndex', () => {
  it('hands out entries once they are due, and only those', () => {
    const index = new ExpiryIndex<Entry>();
    const [a, b, c] = [entry('a'), entry('b'), entry('c')];
    index.arm(a, 1_000);
    index.arm(b, 2_500);
    index.arm(c, 9_000);
    expect(index.size).toBe(3);
    expect(index.takeExpired(999)).toEqual([]);
    expect(names(index.takeExpired(2_500))).toEqual(['a', 'b']);
    expect(index.size).toBe(1);
    expect(index.takeExpired(2_500)).toEqual([]);
    expect(names(index.takeExpired(100_000))).toEqual(['c']);
    expect(index.size).toBe(0);
    expect(a.bucket).toBe(-1);
  });

  it('keeps entries later in the current second for a later call', () => {
    const index = new ExpiryIndex<Entry>();
    const [early, late] = [entry('early'), entry('late')];
    index.arm(early, 5_100);
    index.arm(late, 5_900);
    expect(names(index.takeExpired(5_500))).toEqual(['early']);
    expect(names(index.takeExpired(5_900))).toEqual(['late']);
  });

  it('moves a re-armed entry instead of keeping a stale copy', () => {
    const index = new ExpiryIndex<Entry>();
    const a = entry('a');
    index.arm(a, 1_000);
    index.arm(a, 50_000);
    expect(index.size).toBe(1);
    expect(index.takeExpired(10_000)).toEqual([]);
    expect(names(index.takeExpired(50_000))).toEqual(['a']);
  });

  it('forgets a disarmed entry, and disarming twice is harmless', () => {
    const index = new ExpiryIndex<Entry>();
    const [a, b] = [entry('a'), entry('b')];
    index.arm(a, 1_000);
    index.arm(b, 1_200);
    index.disarm(a);
    index.disarm(a);
    expect(index.size).toBe(1);
    expect(names(index.takeExpired(2_000))).toEqual(['b']);
  });

  it('orders many buckets armed out of order', () => {
    const index = new ExpiryIndex<Entry>();
    const entries = Array.from({ length: 200 }, (_, i) => entry(String(i)));
    const times = entries.map((_, i) => ((i * 7919) % 200) * 1_000 + 500);
    entries.forEach((e, i) => index.arm(e, times[i]));
    let taken = 0;
    for (let t = 0; t <= 200_000; t += 10_000) {
      const due = index.takeExpired(t);
      for (const e of due) expect(e.expiresAtMs).toBeLessThanOrEqual(t);
      taken += due.length;
      expect(index.size).toBe(200 - taken);
    }
    expect(taken).toBe(200);
  });
});
