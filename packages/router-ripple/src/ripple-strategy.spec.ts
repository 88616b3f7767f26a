import { CoordinationService, seededRandom, type SelectionResult } from '@agentcore/coordination-core';
import {
  AgentRegistry,
  createDefaultStrategyRegistry,
  InMemoryTransport,
  MessageRouter,
  StrategyName,
  type AgentRegistration,
  type RoutingContext,
  type RoutingStrategy,
} from '@agentcore/message-router';
import { InProcessScoreSource, registerRippleStrategy, RippleStrategy, type ScoreSource, type SourceSelection } from './index';

const T0 = 1_700_000_000_000;

function setup(agentCount = 10) {
  let now = T0;
  const random = seededRandom(42);
  const service = new CoordinationService({ clock: () => now, random });
  const agents: AgentRegistration[] = Array.from({ length: agentCount }, (_, i) => ({ id: `agent-${i}`, capabilities: ['chat'] }));
  const strategy = new RippleStrategy({ source: new InProcessScoreSource(service) });
  const context = (candidates = agents): RoutingContext => ({
    message: { id: 'm', sender: 's', payload: null },
    candidates,
    inFlight: () => 0,
    random,
    now: () => now,
    attempt: 1,
  });
  const report = (id: string, type: 'load' | 'quality' | 'availability' | 'capacity', value: number) =>
    service.registerSignal({ agent_id: id, signal_type: type, value });
  return { service, agents, strategy, context, report, advance: (ms: number) => (now += ms) };
}

function tally(strategy: RoutingStrategy, ctx: RoutingContext, n: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const { agentId } = strategy.select(ctx);
    counts[agentId] = (counts[agentId] ?? 0) + 1;
  }
  return counts;
}

/** A source whose picks and completions a test can count: always selects `pick`. */
function countingSource(pick = 'agent-0') {
  return {
    mode: 'in-process' as const,
    select: jest.fn(
      (): SourceSelection => ({
        kind: 'selected',
        result: { agent_id: pick, routing_score: 0.5, selection_score: 0.5, reason: 'highest_score' } as SelectionResult,
      }),
    ),
    recordAssignment: jest.fn(),
    recordCompletion: jest.fn(),
  } satisfies ScoreSource;
}

const settled = { messageId: 'm', success: true, latencyMs: 1, timedOut: false };

describe('RippleStrategy completions', () => {
  it('takes back only the work its own picks counted', () => {
    const { context } = setup(2);
    const source = countingSource('agent-0');
    const ripple = new RippleStrategy({ source });
    // A delivery ripple never picked (e.g. the router's own fallback) is not work ripple counted.
    ripple.onOutcome('agent-1', settled);
    ripple.onOutcome('x', settled);
    expect(source.recordCompletion).not.toHaveBeenCalled();

    ripple.select(context());
    ripple.select(context());
    expect(source.recordAssignment).toHaveBeenCalledTimes(2);
    ripple.onOutcome('agent-0', settled);
    ripple.onOutcome('agent-0', { ...settled, success: false, timedOut: true });
    expect(source.recordCompletion).toHaveBeenCalledTimes(2);
    expect(source.recordCompletion).toHaveBeenCalledWith('agent-0');
    // Both picks are settled: a third outcome has nothing left to take back.
    ripple.onOutcome('agent-0', settled);
    expect(source.recordCompletion).toHaveBeenCalledTimes(2);
  });

  it('ignores the outcome of a router fallback made after ripple itself failed', async () => {
    const agents: AgentRegistration[] = [{ id: 'agent-0', capabilities: ['chat'] }];
    const source = countingSource('agent-0');
    source.select.mockReturnValueOnce({ kind: 'fallback', reason: 'no_signals' });
    // The first decision goes to ripple's fallback, which throws: ripple.select throws and the
    // router picks at random itself, a pick ripple never counted.
    const fallback: RoutingStrategy = {
      name: 'BROKEN',
      select: jest.fn(() => {
        throw new Error('fallback broke');
      }),
    };
    const ripple = new RippleStrategy({ source, fallback });
    const strategies = createDefaultStrategyRegistry().register(StrategyName.RIPPLE_COORDINATION, () => ripple);
    const router = new MessageRouter({
      registry: new AgentRegistry(agents.map((a) => ({ ...a, handler: () => 'done' }))),
      strategies,
      strategy: StrategyName.RIPPLE_COORDINATION,
      transport: new InMemoryTransport(),
      random: seededRandom(5),
    });
    const first = await router.route({ id: 'm1', sender: 's', capability: 'chat', payload: 1 });
    expect(first.decision.fallbackReason).toBe('strategy_error');
    expect(source.recordAssignment).not.toHaveBeenCalled();
    expect(source.recordCompletion).not.toHaveBeenCalled();

    const second = await router.route({ id: 'm2', sender: 's', capability: 'chat', payload: 2 });
    expect(second.decision.fallbackReason).toBeUndefined();
    expect(source.recordAssignment).toHaveBeenCalledTimes(1);
    expect(source.recordCompletion).toHaveBeenCalledTimes(1);
    await router.close();
  });
});

describe('RippleStrategy over an in-process coordination service', () => {
  it('sends markedly fewer messages to a heavily loaded agent than to idle ones', () => {
    const { agents, strategy, context, report } = setup(10);
    for (const a of agents) {
      report(a.id, 'capacity', 1);
      report(a.id, 'load', a.id === 'agent-0' ? 0.95 : 0.1);
    }
    // 60 tasks between two signal rounds: far less than the idle agents' spare slots (9 × ~13).
    const counts = tally(strategy, context(), 60);
    const idleMean = (60 - (counts['agent-0'] ?? 0)) / 9;
    expect(counts['agent-0'] ?? 0).toBeLessThan(idleMean / 3);
  });

  it('never picks an agent reporting availability 0 while others are available', () => {
    const { agents, strategy, context, report } = setup(5);
    for (const a of agents) report(a.id, 'load', 0.2);
    report('agent-3', 'availability', 0);
    expect(tally(strategy, context(), 300)['agent-3']).toBeUndefined();
  });

  it('prefers higher quality when load is equal', () => {
    const { agents, strategy, context, report } = setup(4);
    for (const a of agents) {
      report(a.id, 'load', 0.3);
      report(a.id, 'capacity', 1);
      report(a.id, 'quality', a.id === 'agent-2' ? 0.95 : 0.5);
    }
    // Few enough tasks that nobody nears saturation, where balancing load takes over from quality.
    const counts = tally(strategy, context(), 20);
    expect(counts['agent-2']).toBeGreaterThan(Math.max(counts['agent-0'] ?? 0, counts['agent-1'] ?? 0, counts['agent-3'] ?? 0));
  });

  it('spreads a burst of decisions between signals instead of herding onto the best agent', () => {
    const { agents, strategy, context, report } = setup(4);
    for (const a of agents) report(a.id, 'load', 0);
    report('agent-1', 'quality', 1);
    const counts = tally(strategy, context(), 400);
    // Every pick counts as work until the next load signal, so the favourite saturates and the rest share.
    expect(Object.keys(counts)).toHaveLength(4);
    expect(counts['agent-1']).toBeLessThan(250);
  });

  it('falls back, and says why, when no candidate has signals', () => {
    const { strategy, context } = setup(3);
    const decision = strategy.select(context());
    expect(decision.fallbackReason).toBe('no_signals');
    expect(decision.explanation).toMatchObject({ strategy: 'RIPPLE_COORDINATION', reason: 'fallback:no_signals', fallback_strategy: 'RANDOM' });
    expect(strategy.stats().fallbacks.no_signals).toBe(1);
  });

  it('falls back when every candidate is unavailable', () => {
    const { agents, strategy, context, report } = setup(2);
    for (const a of agents) report(a.id, 'availability', 0);
    expect(strategy.select(context()).fallbackReason).toBe('all_unavailable');
  });

  it('uses only the fallback when coordination is disabled (COORDINATION_ENABLE_REP=false)', () => {
    const { service, agents, context, report } = setup(3);
    for (const a of agents) report(a.id, 'load', 0.1);
    const disabled = new RippleStrategy({ source: new InProcessScoreSource(service), enabled: false });
    const decision = disabled.select(context());
    expect(decision.fallbackReason).toBe('disabled');
    expect(disabled.stats()).toMatchObject({ decisions: 1, coordinated: 0, fallbacks: { disabled: 1 } });
  });

  it('falls back on an error from the score source', () => {
    const { context } = setup(2);
    const broken: ScoreSource = {
      mode: 'in-process',
      select: () => ({ kind: 'fallback', reason: 'error', detail: 'boom' }),
      recordAssignment: jest.fn(),
      recordCompletion: jest.fn(),
    };
    const strategy = new RippleStrategy({ source: broken });
    const decision = strategy.select(context());
    expect(decision.fallbackReason).toBe('error');
    expect(decision.explanation).toMatchObject({ detail: 'boom' });
    expect(broken.recordAssignment).toHaveBeenCalledWith(decision.agentId);
  });

  it('turns a throwing coordination service into an error fallback', () => {
    const { context } = setup(2);
    const service = new CoordinationService({ clock: () => T0, random: Math.random });
    jest.spyOn(service, 'selectAgent').mockImplementation(() => {
      throw new Error('corrupt state');
    });
    const strategy = new RippleStrategy({ source: new InProcessScoreSource(service) });
    expect(strategy.select(context()).fallbackReason).toBe('error');
    jest.spyOn(service, 'selectAgent').mockImplementation(() => {
      throw 'not an error object';
    });
    expect(strategy.select(context()).explanation).toMatchObject({ detail: 'not an error object' });
  });

  it('explains a coordinated decision with every candidate and its scores when asked', () => {
    const { service, agents, context, report } = setup(3);
    for (const a of agents) report(a.id, 'load', 0.5);
    const strategy = new RippleStrategy({ source: new InProcessScoreSource(service), explain: true });
    const decision = strategy.select(context());
    expect(decision.fallbackReason).toBeUndefined();
    const explanation = decision.explanation as unknown as { candidates: Array<{ agentId: string; score: number }>; weights: object };
    expect(explanation.candidates.map((c) => c.agentId)).toEqual(agents.map((a) => a.id));
    expect(explanation.weights).toBeDefined();
    expect(explanation.candidates.every((c) => typeof c.score === 'number')).toBe(true);
  });

  it('logs when it starts and stops falling back, not on every decision', () => {
    const { service, agents, context, report } = setup(2);
    const logger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
    const strategy = new RippleStrategy({ source: new InProcessScoreSource(service), logger });
    strategy.select(context());
    strategy.select(context());
    expect(logger.warn).toHaveBeenCalledTimes(1);
    for (const a of agents) report(a.id, 'load', 0.1);
    strategy.select(context());
    strategy.select(context());
    expect(logger.info).toHaveBeenCalledTimes(1);
  });

  it('feeds completed deliveries back, so an agent that finishes its work keeps receiving it', async () => {
    const { service, agents, report } = setup(3);
    for (const a of agents) {
      report(a.id, 'capacity', 0.25); // 4 slots each
      report(a.id, 'load', 0);
    }
    report('agent-0', 'quality', 1);
    const strategies = registerRippleStrategy(createDefaultStrategyRegistry(), () => ({ source: new InProcessScoreSource(service) }));
    const router = new MessageRouter({
      registry: new AgentRegistry(agents.map((a) => ({ ...a, handler: () => 'done' }))),
      strategies,
      strategy: StrategyName.RIPPLE_COORDINATION,
      transport: new InMemoryTransport(),
      random: seededRandom(3),
    });
    // One message at a time, each finished before the next: the best agent never has a backlog.
    for (let i = 0; i < 30; i++) {
      expect((await router.route({ id: `m${i}`, sender: 's', capability: 'chat', payload: i })).agentId).toBe('agent-0');
    }
    await router.close();
  });

  it('holds a message when coordination says no candidate should take more work now', async () => {
    const { service, agents, context, report } = setup(2);
    for (const agent of agents) {
      report(agent.id, 'load', 1);
      report(agent.id, 'capacity', 1 / 16);
    }
    service.scanOverloads();
    const strategy = new RippleStrategy({ source: new InProcessScoreSource(service), admission: true });
    const decision = strategy.select(context());
    expect(decision.hold?.retryAfterMs).toBeGreaterThan(0);
    expect(decision.explanation).toMatchObject({ reason: 'held' });
    expect(strategy.stats()).toMatchObject({ decisions: 1, coordinated: 0, held: 1 });
    // No pick was counted on the agent it names.
    expect(service.metrics()).toMatchObject({ selections: 0, selections_held: 1 });
    // Without admission the same strategy routes as before.
    expect(new RippleStrategy({ source: new InProcessScoreSource(service) }).select(context()).hold).toBeUndefined();
    // Idle agents are admitted.
    for (const agent of agents) report(agent.id, 'load', 0);
    service.scanOverloads();
    expect(strategy.select(context()).hold).toBeUndefined();
  });

  it('is created by name through a message-router strategy registry and routes real messages', async () => {
    const { service, agents, report } = setup(5);
    for (const a of agents) {
      report(a.id, 'capacity', 1);
      report(a.id, 'load', a.id === 'agent-4' ? 0.99 : 0.05);
    }
    const strategies = registerRippleStrategy(createDefaultStrategyRegistry(), () => ({ source: new InProcessScoreSource(service) }));
    const registry = new AgentRegistry(agents.map((a) => ({ ...a, handler: () => 'ok' })));
    const router = new MessageRouter({
      registry,
      strategies,
      strategy: StrategyName.RIPPLE_COORDINATION,
      transport: new InMemoryTransport(),
      random: seededRandom(7),
    });
    const delivered: Record<string, number> = {};
    for (let i = 0; i < 40; i++) {
      const result = await router.route({ id: `m${i}`, sender: 'user', capability: 'chat', payload: i });
      delivered[result.agentId] = (delivered[result.agentId] ?? 0) + 1;
    }
    expect(delivered['agent-4'] ?? 0).toBe(0);
    expect(router.stats()[StrategyName.RIPPLE_COORDINATION].decisions).toBe(40);
    await router.close();
  });

  it('passes delivery outcomes to the fallback and closes it and the source', async () => {
    const { context } = setup(2);
    const fallback: RoutingStrategy = { name: 'X', select: () => ({ agentId: 'b' }), onOutcome: jest.fn(), close: jest.fn() };
    const source: ScoreSource = {
      mode: 'in-process',
      select: jest.fn(() => ({ kind: 'fallback' as const, reason: 'no_signals' as const })),
      recordAssignment: jest.fn(),
      recordCompletion: jest.fn(),
      close: jest.fn(async () => undefined),
    };
    const strategy = new RippleStrategy({ source, fallback });
    expect(strategy.select(context()).agentId).toBe('b');
    strategy.onOutcome('b', { messageId: 'n', success: false, latencyMs: 1, timedOut: true });
    expect(fallback.onOutcome).toHaveBeenCalledTimes(1);
    expect(source.recordCompletion).toHaveBeenCalledWith('b');
    const disabled = new RippleStrategy({ source, fallback, enabled: false });
    disabled.select(context());
    disabled.onOutcome('b', { messageId: 'o', success: true, latencyMs: 1, timedOut: false });
    expect(source.recordCompletion).toHaveBeenCalledTimes(1);
    expect(fallback.onOutcome).toHaveBeenCalledTimes(2);
    expect(strategy.source).toBe(source);
    await strategy.close();
    expect(fallback.close).toHaveBeenCalled();
    expect(source.close).toHaveBeenCalled();
  });
});
