import {
  AgentRegistry,
  createDefaultStrategyRegistry,
  EXPLICIT_RECIPIENT,
  InMemoryTransport,
  MessageRouter,
  mulberry32,
  NoCandidateError,
  noopLogger,
  StrategyName,
  UnknownStrategyError,
  type AgentRegistration,
  type DecisionEvent,
  type Logger,
  type MessageRouterOptions,
  type RoutingStrategy,
} from './index';
import { agent, envelope } from '../test/helpers';

const echo = (id: string, capabilities: readonly string[] = ['chat']): AgentRegistration =>
  agent(id, capabilities, { handler: (m) => ({ handledBy: id, payload: m.payload }) });

function makeRouter(agents: AgentRegistration[], options: Partial<MessageRouterOptions> = {}) {
  const registry = new AgentRegistry(agents);
  const router = new MessageRouter({
    registry,
    transport: new InMemoryTransport(),
    strategy: StrategyName.ROUND_ROBIN,
    random: mulberry32(1),
    ...options,
  });
  return { router, registry };
}

describe('MessageRouter routing', () => {
  it('delivers to an agent offering the capability and returns its response', async () => {
    const { router } = makeRouter([echo('chatty'), echo('coder', ['code'])]);
    const message = envelope({ capability: 'code', payload: 'fix it' });
    const result = await router.route(message);
    expect(result).toEqual({
      messageId: message.id,
      agentId: 'coder',
      attempts: 1,
      strategy: 'ROUND_ROBIN',
      decision: expect.objectContaining({ agentId: 'coder' }),
      response: { handledBy: 'coder', payload: 'fix it' },
      failedAttempts: [],
    });
  });

  it('routes messages without a capability to any agent', async () => {
    const { router } = makeRouter([echo('a', ['x']), echo('b', ['y'])]);
    const ids = [];
    for (let i = 0; i < 4; i += 1) ids.push((await router.route(envelope())).agentId);
    expect(ids).toEqual(['a', 'b', 'a', 'b']);
  });

  it('rejects a message no agent can take with NoCandidateError', async () => {
    const { router } = makeRouter([echo('a')]);
    await expect(router.route(envelope({ capability: 'vision' }))).rejects.toThrow(NoCandidateError);
    await expect(router.route(envelope({ capability: 'vision' }))).rejects.toThrow('No agent registered with capability "vision"');
    expect(router.stats().ROUND_ROBIN).toMatchObject({ noCandidates: 2, lost: 0, decisions: 0 });
    const empty = makeRouter([]).router;
    await expect(empty.route(envelope())).rejects.toThrow('No agent registered to take message');
  });

  it('rejects malformed envelopes', async () => {
    const { router } = makeRouter([echo('a')]);
    await expect(router.route(null as never)).rejects.toThrow('message must be an object');
    await expect(router.route({ id: '', sender: 's', payload: 1 })).rejects.toThrow('message.id must be a non-empty string');
    await expect(router.route({ id: 'x', payload: 1 } as never)).rejects.toThrow('sender must be a string');
  });

  it('makes the same decisions for the same seed', async () => {
    const run = async () => {
      const { router } = makeRouter([echo('a'), echo('b'), echo('c')], { strategy: StrategyName.RANDOM, random: mulberry32(99) });
      const ids: string[] = [];
      for (let i = 0; i < 20; i += 1) ids.push((await router.route(envelope())).agentId);
      return ids;
    };
    expect(await run()).toEqual(await run());
  });
});

describe('MessageRouter explicit recipient', () => {
  it('bypasses the strategy but still delivers and counts', async () => {
    const select = jest.fn();
    const strategy: RoutingStrategy = { name: 'SPY', select, onOutcome: jest.fn() };
    const decisions: DecisionEvent[] = [];
    const { router } = makeRouter([echo('a'), echo('b')], { strategy, onDecision: (e) => decisions.push(e) });
    const result = await router.route(envelope({ recipient: 'b', capability: 'chat' }));
    expect(result).toMatchObject({ agentId: 'b', strategy: EXPLICIT_RECIPIENT, attempts: 1 });
    expect(select).not.toHaveBeenCalled();
    expect(strategy.onOutcome).not.toHaveBeenCalled();
    expect(decisions).toEqual([expect.objectContaining({ strategy: EXPLICIT_RECIPIENT, candidateIds: ['b'] })]);
    expect(router.stats()[EXPLICIT_RECIPIENT]).toMatchObject({ decisions: 1, deliveries: 1 });
  });

  it('rejects unknown recipients and recipients lacking the capability', async () => {
    const { router } = makeRouter([echo('a')]);
    await expect(router.route(envelope({ recipient: 'ghost' }))).rejects.toThrow('Recipient ghost of message');
    await expect(router.route(envelope({ recipient: 'a', capability: 'code' }))).rejects.toThrow(
      'Recipient a does not offer capability "code"',
    );
    expect(router.stats()[EXPLICIT_RECIPIENT].noCandidates).toBe(2);
  });

  it('reports the message lost when the recipient fails, without trying anyone else', async () => {
    const other = jest.fn();
    const failing = agent('a', ['chat'], { handler: () => Promise.reject(new Error('down')) });
    const { router } = makeRouter([failing, agent('b', ['chat'], { handler: other })]);
    await expect(router.route(envelope({ recipient: 'a' }))).rejects.toMatchObject({
      name: 'MessageUndeliverableError',
      attempts: [expect.objectContaining({ agentId: 'a', reason: 'down' })],
    });
    expect(other).not.toHaveBeenCalled();
    expect(router.stats()[EXPLICIT_RECIPIENT]).toMatchObject({ deliveryFailures: 1, lost: 1 });
  });
});

describe('MessageRouter strategies', () => {
  it('accepts a strategy registered from outside by name', async () => {
    const strategies = createDefaultStrategyRegistry();
    strategies.register('LAST', () => ({ name: 'LAST', select: (ctx) => ({ agentId: ctx.candidates[ctx.candidates.length - 1].id }) }));
    const { router } = makeRouter([echo('a'), echo('b'), echo('c')], { strategy: 'LAST', strategies });
    expect((await router.route(envelope())).agentId).toBe('c');
    expect(router.strategy.name).toBe('LAST');
  });

  it('fails fast on an unknown strategy, naming the available ones', () => {
    expect(() => makeRouter([echo('a')], { strategy: StrategyName.RIPPLE_COORDINATION })).toThrow(UnknownStrategyError);
    expect(() => makeRouter([echo('a')], { strategy: 'NOPE' })).toThrow(/Available: RANDOM, ROUND_ROBIN/);
    expect(() => makeRouter([echo('a')], { strategy: {} as never })).toThrow('object with select()');
  });

  it('switches strategy, keeps stats per strategy and closes strategies it created', async () => {
    const close = jest.fn();
    const strategies = createDefaultStrategyRegistry().register('CLOSABLE', () => ({
      name: 'CLOSABLE',
      select: (ctx) => ({ agentId: ctx.candidates[0].id }),
      close,
    }));
    const { router } = makeRouter([echo('a'), echo('b')], { strategy: 'CLOSABLE', strategies });
    await router.route(envelope());
    router.setStrategy(StrategyName.LEAST_LOADED);
    expect(close).toHaveBeenCalledTimes(1);
    await router.route(envelope());
    expect(Object.keys(router.stats()).sort()).toEqual(['CLOSABLE', 'LEAST_LOADED']);
    expect(router.stats().LEAST_LOADED.decisions).toBe(1);
    router.resetStats();
    expect(router.stats()).toEqual({});
  });

  it('leaves caller-supplied strategies open and logs close failures of its own', async () => {
    const external = { name: 'EXT', select: jest.fn(() => ({ agentId: 'a' })), close: jest.fn() };
    const logger: Logger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
    const strategies = createDefaultStrategyRegistry().register('BAD_CLOSE', () => ({
      name: 'BAD_CLOSE',
      select: (ctx) => ({ agentId: ctx.candidates[0].id }),
      close: () => Promise.reject(new Error('close failed')),
    }));
    const { router } = makeRouter([echo('a')], { strategy: external, strategies, logger });
    router.setStrategy('BAD_CLOSE');
    expect(external.close).not.toHaveBeenCalled();
    await router.close();
    expect(logger.error).toHaveBeenCalledWith('closing routing strategy failed', expect.objectContaining({ error: 'close failed' }));
    router.setStrategy(external);
    await router.close();
    expect(external.close).not.toHaveBeenCalled();
  });

  it('falls back to random when the strategy throws or picks a non-candidate, and counts why', async () => {
    let mode: 'throw' | 'stranger' | 'own-fallback' = 'throw';
    const strategy: RoutingStrategy = {
      name: 'FLAKY',
      select: (ctx) => {
        if (mode === 'throw') throw new Error('no scores');
        if (mode === 'stranger') return { agentId: 'not-registered' };
        return { agentId: ctx.candidates[0].id, fallbackReason: 'coordination_unavailable' };
      },
    };
    const { router } = makeRouter([echo('a'), echo('b')], { strategy });
    const thrown = await router.route(envelope());
    expect(thrown.decision).toMatchObject({ fallbackReason: 'strategy_error', explanation: { strategy: 'RANDOM' } });
    mode = 'stranger';
    await router.route(envelope());
    mode = 'own-fallback';
    await router.route(envelope());
    expect(router.stats().FLAKY.fallbacks).toEqual({ strategy_error: 1, invalid_decision: 1, coordination_unavailable: 1 });
  });
});

describe('MessageRouter observability', () => {
  it('reports every decision with its explanation and latency', async () => {
    const events: DecisionEvent[] = [];
    const { router } = makeRouter([echo('a'), echo('b')], { strategy: StrategyName.LEAST_LOADED });
    const unsubscribe = router.addDecisionListener((e) => events.push(e));
    await router.route(envelope({ capability: 'chat', trace_id: 't-1' }));
    unsubscribe();
    await router.route(envelope());
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      strategy: 'LEAST_LOADED',
      traceId: 't-1',
      capability: 'chat',
      attempt: 1,
      candidateIds: ['a', 'b'],
      decision: { explanation: { strategy: 'LEAST_LOADED', candidates: expect.any(Array) } },
    });
    expect(events[0].latencyNs).toBeGreaterThanOrEqual(0);
  });

  it('summarises decision latency per strategy', async () => {
    const { router } = makeRouter([echo('a'), echo('b')]);
    for (let i = 0; i < 25; i += 1) await router.route(envelope());
    const { decisionLatency, decisions, deliveries } = router.stats().ROUND_ROBIN;
    expect(decisions).toBe(25);
    expect(deliveries).toBe(25);
    expect(decisionLatency.count).toBe(25);
    expect(decisionLatency.p50Ns).toBeLessThanOrEqual(decisionLatency.p99Ns);
    expect(decisionLatency.p99Ns).toBeLessThanOrEqual(decisionLatency.maxNs);
    expect(decisionLatency.meanNs).toBeGreaterThan(0);
  });

  it('lets attempt listeners unsubscribe', async () => {
    const { router } = makeRouter([echo('a')]);
    const listener = jest.fn();
    const unsubscribe = router.addAttemptListener(listener);
    await router.route(envelope());
    unsubscribe();
    await router.route(envelope());
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith(expect.objectContaining({ agentId: 'a', outcome: expect.objectContaining({ success: true }) }));
  });

  it('logs nothing by default', () => {
    for (const level of ['debug', 'info', 'warn', 'error'] as const) expect(noopLogger[level]('ignored')).toBeUndefined();
  });

  it('keeps routing when a listener throws', async () => {
    const logger: Logger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
    const { router } = makeRouter([echo('a')], {
      logger,
      onDecision: () => {
        throw new Error('tracer down');
      },
      onAttempt: () => {
        throw new Error('metrics down');
      },
    });
    await expect(router.route(envelope())).resolves.toMatchObject({ agentId: 'a' });
    expect(logger.error).toHaveBeenCalledWith('router listener threw', { error: 'tracer down' });
    expect(logger.error).toHaveBeenCalledWith('router listener threw', { error: 'metrics down' });
  });
});
