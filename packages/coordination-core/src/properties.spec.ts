import fc from 'fast-check';
import { createHarness, T0, type Harness } from '../test/harness';
import { SensitivitySignalInputSchema, SIGNAL_TYPES, type SignalType, type WeightProfile } from './models';
import { parseSignal } from './validation';

type AgentSignal = { type: SignalType; value: number; confidence: number; ttl: number; ageMs: number };

const signalType = fc.constantFrom(...SIGNAL_TYPES);
const unit = fc.double({ min: 0, max: 1, noNaN: true });

/** An agent's signals: for each type maybe a value, confidence, ttl and age (ms before now). */
const agentSignals: fc.Arbitrary<AgentSignal[]> = fc.array(
  fc.record({ type: signalType, value: unit, confidence: unit, ttl: fc.integer({ min: 1, max: 600 }), ageMs: fc.nat(700_000) }),
  { maxLength: 8 },
);

const weightProfile: fc.Arbitrary<WeightProfile> = fc
  .record(
    {
      load: fc.double({ min: 0, max: 100, noNaN: true }),
      capacity: fc.double({ min: 0, max: 100, noNaN: true }),
      quality: fc.double({ min: 0, max: 100, noNaN: true }),
      cost: fc.double({ min: 0, max: 100, noNaN: true }),
      availability: fc.double({ min: 0, max: 100, noNaN: true }),
      latency: fc.double({ min: 0, max: 100, noNaN: true }),
    },
    { requiredKeys: [] },
  )
  .filter((w) => Object.values(w).some((v) => v > 0));

function load(h: Harness, agentId: string, signals: readonly AgentSignal[]): void {
  for (const s of signals) {
    h.service.registerSignal({
      agent_id: agentId,
      signal_type: s.type,
      value: s.value,
      confidence: s.confidence,
      ttl_seconds: s.ttl,
      timestamp: h.now() - s.ageMs,
    });
  }
}

const inUnit = (x: number) => x >= 0 && x <= 1;

describe('invariants (property-based)', () => {
  it('every score stays in [0, 1] for any signals, weights and pending assignments', () => {
    fc.assert(
      fc.property(agentSignals, fc.option(weightProfile, { nil: undefined }), fc.nat(200), (signals, weights, assignments) => {
        const h = createHarness();
        h.report('anchor', 'quality', 0.5);
        load(h, 'a', signals);
        h.service.recordAssignment('a', assignments);
        const state = h.service.getState('a');
        if (state !== null) {
          for (const key of ['load_score', 'capacity_score', 'quality_score', 'cost_score', 'availability_score', 'routing_score'] as const) {
            expect(inUnit(state[key])).toBe(true);
          }
        }
        const selection = h.service.selectAgent(['a', 'anchor'], { weights, explain: true, recordAssignment: false });
        for (const c of selection.explanation?.candidates ?? []) {
          expect(inUnit(c.routing_score)).toBe(true);
          expect(inUnit(c.selection_score)).toBe(true);
          for (const score of Object.values(c.scores)) expect(inUnit(score)).toBe(true);
        }
      }),
    );
  });

  it('raising an agent’s load never raises its routing score or its selection score', () => {
    fc.assert(
      fc.property(agentSignals, unit, unit, unit, fc.nat(50), fc.option(weightProfile, { nil: undefined }), (others, x, y, confidence, assignments, weights) => {
        const [low, high] = x <= y ? [x, y] : [y, x];
        const h = createHarness();
        const rest = others.filter((s) => s.type !== 'load');
        for (const [id, value] of [['low', low], ['high', high]] as const) {
          load(h, id, rest);
          h.report(id, 'load', value, { confidence });
          h.service.recordAssignment(id, assignments);
        }
        const candidates = h.service.selectAgent(['low', 'high'], { weights, explain: true, recordAssignment: false }).explanation?.candidates;
        const [l, hi] = candidates ?? [];
        expect(hi.routing_score).toBeLessThanOrEqual(l.routing_score);
        expect(hi.selection_score).toBeLessThanOrEqual(l.selection_score);
        expect(h.service.routingScore('high', weights) ?? NaN).toBeLessThanOrEqual(h.service.routingScore('low', weights) ?? NaN);
      }),
    );
  });

  it('selection always returns one of the candidates', () => {
    const candidate = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd', 'ghost-1', 'ghost-2'),
    });
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), agentSignals),
        fc.array(candidate, { minLength: 1, maxLength: 8 }),
        fc.option(weightProfile, { nil: undefined }),
        fc.integer(),
        (agents, candidates, weights, seed) => {
          const h = createHarness();
          for (const [id, signals] of Object.entries(agents)) load(h, id, signals);
          const ids = candidates.map((c) => c.id);
          for (let i = 0; i < 5; i++) {
            const result = h.service.selectAgent(ids, { weights, explain: seed % 2 === 0 });
            expect(ids).toContain(result.agent_id);
          }
        },
      ),
    );
  });

  it('removeExpired removes exactly the expired signals (against a naive model)', () => {
    type Command =
      | { kind: 'report'; agent: string; type: SignalType; ttl: number; ageMs: number }
      | { kind: 'advance'; ms: number }
      | { kind: 'cleanup' };
    const command: fc.Arbitrary<Command> = fc.oneof(
      fc.record({
        kind: fc.constant('report' as const),
        agent: fc.constantFrom('a', 'b', 'c'),
        type: fc.constantFrom<SignalType>('load', 'quality', 'cost'),
        ttl: fc.integer({ min: 1, max: 30 }),
        ageMs: fc.oneof(fc.constant(0), fc.nat(40_000)),
      }),
      fc.record({ kind: fc.constant('advance' as const), ms: fc.nat(20_000) }),
      fc.constant({ kind: 'cleanup' as const }),
    );

    fc.assert(
      fc.property(fc.array(command, { maxLength: 60 }), (commands) => {
        const h = createHarness();
        // The model: the latest signal of each (agent, type), and which agents exist.
        const active = new Map<string, { timestampMs: number; expiresAtMs: number }>();
        const agents = new Set<string>();
        for (const c of [...commands, { kind: 'cleanup' } as const]) {
          if (c.kind === 'advance') h.advance(c.ms);
          else if (c.kind === 'report') {
            const timestampMs = h.now() - c.ageMs;
            const expiresAtMs = timestampMs + c.ttl * 1000;
            h.service.registerSignal({ agent_id: c.agent, signal_type: c.type, value: 0.5, ttl_seconds: c.ttl, timestamp: timestampMs });
            if (expiresAtMs <= h.now()) continue; // expired on arrival: history at most
            const key = `${c.agent}/${c.type}`;
            const current = active.get(key);
            if (current === undefined || timestampMs >= current.timestampMs) active.set(key, { timestampMs, expiresAtMs });
            agents.add(c.agent);
          } else {
            const expired = [...active].filter(([, s]) => s.expiresAtMs <= h.now()).map(([key]) => key);
            for (const key of expired) active.delete(key);
            const left = new Set([...active.keys()].map((key) => key.split('/')[0]));
            const dropped = [...agents].filter((a) => !left.has(a)).sort();
            for (const a of dropped) agents.delete(a);
            const result = h.service.removeExpired();
            expect(result.removedSignals).toBe(expired.length);
            expect([...result.expiredAgents].sort()).toEqual(dropped);
          }
          expect(h.service.agentCount).toBe(agents.size);
          // metrics() sweeps expired signals first, so the model sweeps too.
          const live = [...active].filter(([, s]) => s.expiresAtMs > h.now());
          expect(h.service.metrics().active_signals).toBe(live.length);
          active.clear();
          for (const [key, s] of live) active.set(key, s);
          const survivors = new Set(live.map(([key]) => key.split('/')[0]));
          for (const a of [...agents]) if (!survivors.has(a)) agents.delete(a);
          expect(h.service.agentCount).toBe(agents.size);
        }
        // Every surviving signal is still the active one of its slot.
        for (const key of active.keys()) {
          const [agent, type] = key.split('/') as [string, SignalType];
          expect(h.service.getState(agent)?.signals[type]).toBeDefined();
        }
      }),
    );
  });

  describe('the validation fast path', () => {
    const validSignal = fc.record(
      {
        signal_id: fc.uuid(),
        agent_id: fc.string({ minLength: 1, maxLength: 20 }),
        signal_type: signalType,
        value: unit,
        timestamp: fc.oneof(
          fc.integer({ min: 0, max: T0 }),
          fc.date({ min: new Date(0), max: new Date(T0), noInvalidDate: true }).map((d) => d.toISOString()),
        ),
        ttl_seconds: fc.integer({ min: 1, max: 604_800 }),
        confidence: unit,
        trace_id: fc.string({ minLength: 1, maxLength: 20 }),
      },
      { requiredKeys: ['agent_id', 'signal_type', 'value'] },
    );
    const oddValue = fc.oneof(
      fc.constantFrom<unknown>(
        Number.NaN,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        -0,
        -1,
        0,
        1,
        1.5,
        0.5,
        2 ** 53,
        1e20,
        -1e-300,
        '0.5',
        '',
        'x'.repeat(257),
        'a\u0000b',
        'a\u007fb',
        '2026-11-25T12:00:00Z',
        '2026-11-25T12:00:00+01:00',
        '2026-11-25T12:00:00',
        '2026-02-30T00:00:00Z',
        '2026-11-25',
        'not-a-uuid',
        'load',
        'mood',
        null,
        undefined,
        true,
        [],
        {},
      ),
      fc.double(),
      fc.integer(),
      fc.string({ maxLength: 40 }),
      fc.uuid(),
    );
    const field = fc.constantFrom(
      'signal_id',
      'agent_id',
      'signal_type',
      'value',
      'timestamp',
      'ttl_seconds',
      'confidence',
      'trace_id',
      'extra',
    );
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), field, value: oddValue }),
      fc.record({ kind: fc.constant('delete' as const), field }),
    );
    const nearValid = fc.tuple(validSignal, fc.array(mutation, { maxLength: 3 })).map(([signal, mutations]) => {
      const o: Record<string, unknown> = { ...signal };
      for (const m of mutations) {
        if (m.kind === 'set') o[m.field] = m.value;
        else delete o[m.field];
      }
      return o;
    });

    it('never accepts what the schema rejects, and parses what it accepts to the same values', () => {
      fc.assert(
        fc.property(fc.oneof(nearValid, oddValue), (input) => {
          const parsed = parseSignal(input);
          const schema = SensitivitySignalInputSchema.safeParse(input);
          if (!schema.success) {
            expect(Array.isArray(parsed)).toBe(true);
            return;
          }
          expect(Array.isArray(parsed)).toBe(false);
          const d = schema.data;
          expect(parsed).toEqual({
            signal_id: d.signal_id,
            agent_id: d.agent_id,
            signal_type: d.signal_type,
            value: d.value,
            timestampMs: typeof d.timestamp === 'string' ? Date.parse(d.timestamp) : d.timestamp,
            ttl_seconds: d.ttl_seconds,
            confidence: d.confidence,
            trace_id: d.trace_id,
          });
        }),
        { numRuns: 3_000 },
      );
    });

    it('defers to the schema when the fast path declines', () => {
      // A getter that reads differently the second time is the only way to reach this branch:
      // the fast path sees a bad value and hands over; the schema sees a good one.
      let reads = 0;
      const input = {
        agent_id: 'a',
        signal_type: 'load',
        get value() {
          return reads++ === 0 ? Number.NaN : 0.5;
        },
      };
      expect(parseSignal(input)).toMatchObject({ agent_id: 'a', value: 0.5, timestampMs: undefined });
    });
  });
});
