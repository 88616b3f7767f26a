import {
  AgentRegistry,
  EXPLICIT_RECIPIENT,
  MessageRouter,
  MessageUndeliverableError,
  mulberry32,
  NoCandidateError,
  StrategyName,
  type AgentRegistration,
  type AttemptEvent,
  type DecisionEvent,
  type DeliveryOutcome,
  type MessageRouterOptions,
  type RoutingStrategy,
  type Transport,
} from './index';
import { agent, envelope } from '../test/helpers';

// begin() is the decision step without the delivery: these tests settle every attempt by hand,
// the way a simulator does in virtual time, and the transport must never be touched.
const unused: Transport = { deliver: () => Promise.reject(new Error('begin() must not deliver')) };

function makeRouter(agents: AgentRegistration[], options: Partial<MessageRouterOptions> = {}) {
  const registry = new AgentRegistry(agents);
  const router = new MessageRouter({ registry, transport: unused, strategy: StrategyName.ROUND_ROBIN, random: mulberry32(1), ...options });
  return { router, registry };
}

const ok = (messageId: string, latencyMs = 5): DeliveryOutcome => ({ messageId, success: true, latencyMs, timedOut: false });
const failed = (messageId: string, reason?: string): DeliveryOutcome => ({
  messageId,
  success: false,
  latencyMs: 50,
  timedOut: false,
  ...(reason === undefined ? {} : { error: new Error(reason) }),
});

describe('MessageRouter.begin: one message, settled by the caller', () => {
  it('plans an attempt, counts it in flight until it settles, and tells the strategy the outcome', () => {
    const outcomes: Array<[string, boolean]> = [];
    const strategy: RoutingStrategy = {
      name: 'FIRST',
      select: (ctx) => ({ agentId: ctx.candidates[0].id }),
      onOutcome: (agentId, outcome) => outcomes.push([agentId, outcome.success]),
    };
    const { router } = makeRouter([agent('a'), agent('b')], { strategy });
    const message = envelope();
    const attempts = router.begin(message);
    expect(attempts.strategyName).toBe('FIRST');
    const planned = attempts.next();
    expect(planned).toMatchObject({ agent: { id: 'a' }, attempt: 1, decision: { agentId: 'a' } });
    expect(router.inFlight('a')).toBe(1);
    attempts.settle(ok(message.id));
    expect(router.inFlight('a')).toBe(0);
    expect(outcomes).toEqual([['a', true]]);
    expect(attempts.next()).toBeUndefined();
    expect(attempts.attempts).toBe(1);
    expect(router.stats().FIRST).toMatchObject({ decisions: 1, deliveries: 1, deliveryFailures: 0, lost: 0 });
    expect(() => attempts.failure()).toThrow(`message ${message.id} has not failed`);
  });

  it('offers a retry only the candidates that have not failed, and loses the message when none is left', () => {
    const offered: string[][] = [];
    const strategy: RoutingStrategy = {
      name: 'SPY',
      select: (ctx) => {
        offered.push(ctx.candidates.map((c) => c.id));
        return { agentId: ctx.candidates[0].id };
      },
    };
    const { router } = makeRouter([agent('a'), agent('b')], { strategy });
    const message = envelope();
    const attempts = router.begin(message);
    attempts.next();
    attempts.settle(failed(message.id, 'a is full'));
    expect(attempts.next()).toMatchObject({ agent: { id: 'b' }, attempt: 2 });
    attempts.settle(failed(message.id));
    expect(attempts.next()).toBeUndefined();
    expect(offered).toEqual([['a', 'b'], ['b']]);
    expect(attempts.failedAttempts.map((f) => [f.agentId, f.reason])).toEqual([
      ['a', 'a is full'],
      ['b', 'delivery failed'],
    ]);
    const error = attempts.failure();
    expect(error).toBeInstanceOf(MessageUndeliverableError);
    expect(error.message).toContain('after 2 attempt(s)');
    expect(router.stats().SPY).toMatchObject({ decisions: 2, deliveries: 0, deliveryFailures: 2, lost: 1 });
  });

  it('stops at maxAttempts with candidates left', () => {
    const { router } = makeRouter([agent('a'), agent('b'), agent('c')], { maxAttempts: 2 });
    const message = envelope();
    const attempts = router.begin(message);
    for (let i = 0; i < 2; i += 1) {
      expect(attempts.next()).toBeDefined();
      attempts.settle(failed(message.id, 'down'));
    }
    expect(attempts.next()).toBeUndefined();
    expect(attempts.failure()).toBeInstanceOf(MessageUndeliverableError);
  });

  it('guards the decision exactly as route() does: a throwing strategy falls back to random, counted', () => {
    const decisions: DecisionEvent[] = [];
    const strategy: RoutingStrategy = {
      name: 'BROKEN',
      select: () => {
        throw new Error('no scores');
      },
    };
    const { router } = makeRouter([agent('a'), agent('b')], { strategy, onDecision: (e) => decisions.push(e) });
    const planned = router.begin(envelope()).next();
    expect(planned?.decision).toMatchObject({ fallbackReason: 'strategy_error', explanation: { strategy: 'RANDOM' } });
    expect(decisions).toEqual([expect.objectContaining({ strategy: 'BROKEN', attempt: 1, candidateIds: ['a', 'b'] })]);
    expect(router.stats().BROKEN.fallbacks).toEqual({ strategy_error: 1 });
  });

  it('reports a message no agent can take as NoCandidateError, without a decision', () => {
    const { router } = makeRouter([agent('a', ['chat'])]);
    const attempts = router.begin(envelope({ capability: 'vision' }));
    expect(attempts.next()).toBeUndefined();
    expect(attempts.failure()).toBeInstanceOf(NoCandidateError);
    expect(router.stats().ROUND_ROBIN).toMatchObject({ decisions: 0, noCandidates: 1 });
  });

  it('gives a named recipient one attempt and keeps its outcome from the strategy', () => {
    const strategy: RoutingStrategy = { name: 'SPY', select: jest.fn(), onOutcome: jest.fn() };
    const events: AttemptEvent[] = [];
    const { router } = makeRouter([agent('a'), agent('b')], { strategy, onAttempt: (e) => events.push(e) });
    const message = envelope({ recipient: 'b' });
    const attempts = router.begin(message);
    expect(attempts.strategyName).toBe(EXPLICIT_RECIPIENT);
    expect(attempts.next()).toMatchObject({ agent: { id: 'b' }, decision: { explanation: { strategy: EXPLICIT_RECIPIENT } } });
    attempts.settle(failed(message.id, 'b is down'));
    expect(attempts.next()).toBeUndefined();
    expect(attempts.failure()).toBeInstanceOf(MessageUndeliverableError);
    expect(strategy.select).not.toHaveBeenCalled();
    expect(strategy.onOutcome).not.toHaveBeenCalled();
    expect(events).toEqual([expect.objectContaining({ agentId: 'b', strategy: EXPLICIT_RECIPIENT, attempt: 1 })]);
  });

  it('insists on settling each attempt before the next, and only once', () => {
    const { router } = makeRouter([agent('a'), agent('b')]);
    const message = envelope();
    const attempts = router.begin(message);
    expect(() => attempts.settle(ok(message.id))).toThrow('no attempt to settle');
    attempts.next();
    expect(() => attempts.next()).toThrow('settle attempt 1 before planning another');
    attempts.settle(ok(message.id));
    expect(() => attempts.settle(ok(message.id))).toThrow('no attempt to settle');
  });

  it('validates the envelope up front', () => {
    const { router } = makeRouter([agent('a')]);
    expect(() => router.begin({ id: '', sender: 's', payload: 1 })).toThrow('message.id must be a non-empty string');
  });
});
