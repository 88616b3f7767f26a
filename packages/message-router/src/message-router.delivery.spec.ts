import {
  AgentRegistry,
  DeliveryTimeoutError,
  InMemoryTransport,
  MessageRouter,
  MessageUndeliverableError,
  mulberry32,
  RoutingStrategy,
  type AgentRegistration,
  type AttemptEvent,
  type DeliveryOutcome,
  type MessageRouterOptions,
  type RoutingStrategyImpl,
  type Transport,
} from './index';
import { agent, deferred, envelope, type Deferred } from '../test/helpers';

const ok = (id: string) => agent(id, ['chat'], { handler: () => `ok from ${id}` });
const failing = (id: string, reason = `${id} is down`) => agent(id, ['chat'], { handler: () => Promise.reject(new Error(reason)) });
const hanging = (id: string) => agent(id, ['chat'], { handler: () => new Promise(() => undefined) });

/** Always picks candidates in registration order, so the retry sequence is easy to read. */
function firstCandidate(outcomes: Array<[string, DeliveryOutcome]> = []): RoutingStrategyImpl {
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
    const strategy: RoutingStrategyImpl = {
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
    const { router } = makeRouter([failing('a'), failing('b', 'bad gateway'), ok('other-capability')]);
    router.setStrategy(RoutingStrategy.RANDOM);
    const message = envelope({ capability: 'chat' });
    await router.registryFreeRoute?.(message);
    const error = await makeRouter([failing('a'), failing('b', 'bad gateway')])
      .router.route(message)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MessageUndeliverableError);
    expect(error).toMatchObject({
      messageId: message.id,
      attempts: [expect.objectContaining({ agentId: 'a', reason: 'a is down' }), expect.objectContaining({ agentId: 'b', reason: 'bad gateway' })],
    });
    expect((error as Error).message).toContain('after 2 attempt(s)');
  });
});
