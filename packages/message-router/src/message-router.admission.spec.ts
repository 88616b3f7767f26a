import {
  AdmissionQueueFullError,
  AdmissionTimeoutError,
  AgentRegistry,
  InMemoryTransport,
  MessageRouter,
  RouterClosedError,
  type AdmissionEvent,
  type AgentRegistration,
  type MessageRouterOptions,
  type RoutingStrategy,
} from './index';
import { agent, deferred, envelope, type Deferred } from '../test/helpers';
import { flush, VirtualTimers } from '../test/virtual-timers';

/** Sends to the first candidate with nothing in flight; holds (retry after 200 ms) when every one is busy. */
function oneAtATime(): RoutingStrategy {
  return {
    name: 'ONE_AT_A_TIME',
    select: (ctx) => {
      const idle = ctx.candidates.find((c) => ctx.inFlight(c.id) === 0);
      return idle === undefined ? { agentId: ctx.candidates[0].id, hold: { retryAfterMs: 200 } } : { agentId: idle.id };
    },
  };
}

function setup(agents: AgentRegistration[], options: Partial<MessageRouterOptions> = {}) {
  const timers = new VirtualTimers();
  const events: AdmissionEvent[] = [];
  const router = new MessageRouter({
    registry: new AgentRegistry(agents),
    transport: new InMemoryTransport(),
    strategy: oneAtATime(),
    timeoutMs: 60_000,
    now: () => timers.now,
    admission: { maxQueued: 2, timeoutMs: 1_000, timers, onEvent: (e) => events.push(e) },
    ...options,
  });
  return { router, timers, events };
}

describe('MessageRouter admission control', () => {
  it('holds a message while every candidate is busy and delivers it as soon as an outcome frees one', async () => {
    const jobs: Array<Deferred<unknown>> = [];
    const slow = agent('slow', ['chat'], {
      handler: () => {
        const job = deferred();
        jobs.push(job);
        return job.promise;
      },
    });
    const { router, events } = setup([slow]);
    const first = router.route(envelope());
    await flush();
    const second = router.route(envelope());
    await flush();
    expect(router.admissionQueued).toBe(1);
    expect(jobs).toHaveLength(1);
    jobs[0].resolve('one');
    await expect(first).resolves.toMatchObject({ agentId: 'slow', response: 'one', attempts: 1 });
    await flush();
    expect(jobs).toHaveLength(2);
    jobs[1].resolve('two');
    await expect(second).resolves.toMatchObject({ agentId: 'slow', response: 'two', attempts: 1 });
    expect(events.map((e) => e.kind)).toEqual(['queued', 'retry']);
    expect(router.stats().ONE_AT_A_TIME).toMatchObject({ decisions: 3, holds: 1, deliveries: 2 });
    expect(router.inFlight('slow')).toBe(0);
  });

  it('tries again after the retry-after, and gives up at the timeout with a clear error', async () => {
    const job = deferred();
    const busy = agent('busy', ['chat'], { handler: () => job.promise });
    const { router, timers, events } = setup([busy]);
    const first = router.route(envelope());
    await flush();
    const held = router.route(envelope()).catch((e: unknown) => e);
    await flush();
    for (let t = 0; t < 5; t++) {
      timers.advance(200);
      await flush();
    }
    const error = await held;
    expect(error).toBeInstanceOf(AdmissionTimeoutError);
    expect((error as Error).message).toMatch(/not admitted within 1000 ms/);
    expect(events.filter((e) => e.kind === 'retry')).toHaveLength(4);
    expect(events.at(-1)).toMatchObject({ kind: 'timed_out', waitedMs: 1_000 });
    // The delivery that kept the agent busy ends (no real timer left behind).
    job.resolve('done');
    await expect(first).resolves.toMatchObject({ agentId: 'busy' });
  });

  it('refuses at once when the queue is full, and fails the waiting messages when closed', async () => {
    const job = deferred();
    const busy = agent('busy', ['chat'], { handler: () => job.promise });
    const { router } = setup([busy], { admission: { maxQueued: 1, timeoutMs: 10_000 } });
    const first = router.route(envelope());
    await flush();
    const waiting = router.route(envelope()).catch((e: unknown) => e);
    await flush();
    await expect(router.route(envelope({ id: 'overflow' }))).rejects.toBeInstanceOf(AdmissionQueueFullError);
    await router.close();
    expect(await waiting).toBeInstanceOf(RouterClosedError);
    job.resolve('done');
    await expect(first).resolves.toMatchObject({ agentId: 'busy' });
  });

  it('delivers a held decision anyway when admission control is off (the default)', async () => {
    const busy = agent('busy', ['chat'], { handler: () => 'done' });
    const router = new MessageRouter({
      registry: new AgentRegistry([busy]),
      transport: new InMemoryTransport(),
      strategy: { name: 'ALWAYS_HOLD', select: (ctx) => ({ agentId: ctx.candidates[0].id, hold: { retryAfterMs: 100 } }) },
    });
    await expect(router.route(envelope())).resolves.toMatchObject({ agentId: 'busy', response: 'done' });
    expect(router.admissionQueued).toBe(0);
    expect(router.stats().ALWAYS_HOLD.holds).toBe(0);
    // Only a planned attempt can be taken back.
    expect(() => router.begin(envelope()).withdraw()).toThrow(/no attempt to withdraw/);
  });
});
