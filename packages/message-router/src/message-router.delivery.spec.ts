import {
  AgentRegistry,
  DeliveryTimeoutError,
  InMemoryTransport,
  MessageRouter,
  MessageUndeliverableError,
  mulberry32,
  StrategyName,
  type AgentRegistration,
  type AttemptEvent,
  type DeliveryOutcome,
  type MessageRouterOptions,
  type RoutingStrategy,
  type Transport,
} from './index';
import { agent, deferred, envelope, type Deferred } from '../test/helpers';

const ok = (id: string) => agent(id, ['chat'], { handler: () => `ok from ${id}` });
const failing = (id: string, reason = `${id} is down`) => agent(id, ['chat'], { handler: () => Promise.reject(new Error(reason)) });
const hanging = (id: string) => agent(id, ['chat'], { handler: () => new Promise(() => undefined) });

/** Always picks candidates in registration order, so the retry sequence is easy to read. */
function firstCandidate(outcomes: Array<[string, DeliveryOutcome]> = []): RoutingStrategy {
  return {
    name: 'FIRST',
    select: (ctx) => ({ agentId: ctx.candidates[0].id }),
    onOutcome: (agentId, outcome) => outcomes.push([agentId, outcome]),
  };
}

function makeRouter(agents: AgentRegistration[], options: Partial<MessageRouterOptions> = {}) {
  const registry = new AgentRegistry(agents);
  const router = new MessageRouter({ registry, transport: new InMemoryTransport(), strategy: firstCandidate(), timeoutMs: 1000, ...options });
  return { router, registry };
}

describe('MessageRouter delivery and retry', () => {
  it('retries a failed delivery on another candidate', async () => {
    const outcomes: Array<[string, DeliveryOutcome]> = [];
    const { router } = makeRouter([failing('a'), ok('b')], { strategy: firstCandidate(outcomes) });
    const result = await router.route(envelope());
    expect(result).toMatchObject({ agentId: 'b', attempts: 2, response: 'ok from b' });
    expect(result.failedAttempts).toEqual([{ agentId: 'a', reason: 'a is down', timedOut: false, latencyMs: expect.any(Number) }]);
    expect(outcomes.map(([id, o]) => [id, o.success, o.timedOut])).toEqual([
      ['a', false, false],
      ['b', true, false],
    ]);
    expect(outcomes[0][1].error?.message).toBe('a is down');
    expect(router.stats().FIRST).toMatchObject({ decisions: 2, deliveries: 1, deliveryFailures: 1, lost: 0 });
  });

  it('retries on another candidate after a timeout, and tells the strategy it timed out', async () => {
    const outcomes: Array<[string, DeliveryOutcome]> = [];
    const { router } = makeRouter([hanging('slow'), ok('fast')], { strategy: firstCandidate(outcomes), timeoutMs: 30 });
    const result = await router.route(envelope());
    expect(result).toMatchObject({ agentId: 'fast', attempts: 2 });
    expect(result.failedAttempts[0]).toMatchObject({ agentId: 'slow', timedOut: true });
    expect(result.failedAttempts[0].latencyMs).toBeGreaterThanOrEqual(25);
    expect(outcomes[0][1]).toMatchObject({ success: false, timedOut: true, error: expect.any(DeliveryTimeoutError) });
    expect(router.inFlight('slow')).toBe(0);
  });

  it('never offers the strategy an agent that already failed this message', async () => {
    const offered: string[][] = [];
    const strategy: RoutingStrategy = {
      name: 'SPY',
      select: (ctx) => {
        offered.push(ctx.candidates.map((c) => c.id));
        return { agentId: ctx.candidates[ctx.candidates.length - 1].id };
      },
    };
    const { router } = makeRouter([ok('a'), failing('b'), failing('c')], { strategy });
    await expect(router.route(envelope())).resolves.toMatchObject({ agentId: 'a', attempts: 3 });
    expect(offered).toEqual([['a', 'b', 'c'], ['a', 'b'], ['a']]);
  });

  it('reports the message lost only after every candidate has failed', async () => {
    const { router } = makeRouter([failing('a'), failing('b', 'bad gateway'), agent('c', ['code'], { handler: () => 'wrong skill' })]);
    const message = envelope({ capability: 'chat' });
    const error = await router.route(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MessageUndeliverableError);
    expect(error).toMatchObject({
      messageId: message.id,
      attempts: [
        expect.objectContaining({ agentId: 'a', reason: 'a is down' }),
        expect.objectContaining({ agentId: 'b', reason: 'bad gateway' }),
      ],
    });
    expect((error as Error).message).toContain('after 2 attempt(s)');
    expect(router.stats().FIRST).toMatchObject({ decisions: 2, deliveries: 0, deliveryFailures: 2, lost: 1 });
  });

  it('stops after maxAttempts even if candidates remain', async () => {
    const { router } = makeRouter([failing('a'), failing('b'), ok('c')], { maxAttempts: 2 });
    await expect(router.route(envelope())).rejects.toMatchObject({ attempts: [{ agentId: 'a' }, { agentId: 'b' }] });
  });

  it('does not retry on an agent that left the registry while the first delivery was pending', async () => {
    const gate = deferred<never>();
    const { router, registry } = makeRouter([agent('a', ['chat'], { handler: () => gate.promise }), ok('b'), ok('c')]);
    const routed = router.route(envelope());
    await Promise.resolve();
    registry.unregister('b');
    gate.reject(new Error('a crashed'));
    await expect(routed).resolves.toMatchObject({ agentId: 'c', attempts: 2 });
  });

  it('treats synchronous transport throws and non-Error rejections as failed attempts', async () => {
    const transport: Transport = {
      deliver: (target) => {
        if (target.id === 'sync') throw new Error('sync throw');
        if (target.id === 'weird') return Promise.reject('just a string');
        return Promise.resolve('fine');
      },
    };
    const { router } = makeRouter([agent('sync'), agent('weird'), agent('good')], { transport });
    const result = await router.route(envelope());
    expect(result.failedAttempts.map((f) => f.reason)).toEqual(['sync throw', 'just a string']);
    expect(result.agentId).toBe('good');
  });

  it('reports every attempt to attempt listeners and survives a throwing onOutcome', async () => {
    const events: AttemptEvent[] = [];
    const strategy: RoutingStrategy = {
      name: 'THROWS_ON_OUTCOME',
      select: (ctx) => ({ agentId: ctx.candidates[0].id }),
      onOutcome: () => {
        throw new Error('bookkeeping bug');
      },
    };
    const logger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
    const { router } = makeRouter([failing('a'), ok('b')], { strategy, logger, onAttempt: (e) => events.push(e) });
    await expect(router.route(envelope({ trace_id: 'tr' }))).resolves.toMatchObject({ agentId: 'b' });
    expect(events.map((e) => [e.agentId, e.attempt, e.outcome.success, e.traceId])).toEqual([
      ['a', 1, false, 'tr'],
      ['b', 2, true, 'tr'],
    ]);
    expect(logger.error).toHaveBeenCalledWith('strategy onOutcome threw', expect.objectContaining({ error: 'bookkeeping bug' }));
  });

  it('measures delivery latency with the injected clock', async () => {
    let clock = 1_000;
    const outcomes: Array<[string, DeliveryOutcome]> = [];
    const slowClockAgent = agent('a', ['chat'], {
      handler: () => {
        clock += 250;
        return 'done';
      },
    });
    const { router } = makeRouter([slowClockAgent], { strategy: firstCandidate(outcomes), now: () => clock });
    await router.route(envelope());
    expect(outcomes[0][1]).toMatchObject({ success: true, latencyMs: 250 });
  });
});

describe('MessageRouter in-flight tracking', () => {
  it('counts deliveries from dispatch until they settle, under concurrency', async () => {
    const gates: Record<string, Array<Deferred<string>>> = { a: [], b: [] };
    const gated = (id: 'a' | 'b') =>
      agent(id, ['chat'], {
        handler: () => {
          const gate = deferred<string>();
          gates[id].push(gate);
          return gate.promise;
        },
      });
    const { router } = makeRouter([gated('a'), gated('b')], { strategy: StrategyName.LEAST_LOADED, random: mulberry32(5) });
    const routes = Array.from({ length: 6 }, () => router.route(envelope()));
    await new Promise((resolve) => setImmediate(resolve));
    // Least-loaded sees every earlier dispatch, so six concurrent messages split three and three.
    expect([router.inFlight('a'), router.inFlight('b')]).toEqual([3, 3]);
    gates.a[0].resolve('done');
    gates.b[0].reject(new Error('b failed'));
    await new Promise((resolve) => setImmediate(resolve));
    // b's failure retried onto a: a loses one, gains one; b drops by one.
    expect([router.inFlight('a'), router.inFlight('b')]).toEqual([3, 2]);
    for (const gate of [...gates.a, ...gates.b]) gate.resolve('done');
    await Promise.all(routes);
    expect([router.inFlight('a'), router.inFlight('b')]).toEqual([0, 0]);
  });
});

describe('MessageRouter options', () => {
  it('rejects nonsensical timeouts and attempt limits', () => {
    expect(() => makeRouter([], { timeoutMs: 0 })).toThrow('timeoutMs must be a positive finite number');
    expect(() => makeRouter([], { timeoutMs: Number.POSITIVE_INFINITY })).toThrow(RangeError);
    expect(() => makeRouter([], { maxAttempts: 0 })).toThrow('maxAttempts must be at least 1');
  });

  it('defaults to a 5 s timeout, Math.random and Date.now', async () => {
    const transport: Transport = { deliver: jest.fn(async () => 'ok') };
    const router = new MessageRouter({ registry: new AgentRegistry([agent('a')]), transport, strategy: StrategyName.RANDOM });
    await router.route(envelope());
    expect(transport.deliver).toHaveBeenCalledWith(expect.objectContaining({ id: 'a' }), expect.anything(), { timeoutMs: 5000 });
  });
});
