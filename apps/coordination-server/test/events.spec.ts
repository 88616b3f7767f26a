import { connect } from 'node:net';
import type { CoordinationClient, CoordinationEvent, CoordinationEventType, EventStreamOptions } from '@agentcore/coordination-client';
import { createReplicator } from '../src';
import { freePort, PrivateRedis, uniquePrefix, waitFor } from '../src/testing';
import { ADMIN_TOKEN, AGENT_TOKEN, AUTH_ENV, ROUTER_TOKEN, sleep, startServer, type TestServer } from './helpers';

/** Events arrive within a few intervals; keep the interval short so the suite stays quick. */
const FAST = { COORDINATION_EVENTS_INTERVAL_MS: '20' };

/** Reads a client's event stream in the background; `next` waits for what a test expects. */
class Collector {
  readonly events: CoordinationEvent[] = [];
  private readonly controller = new AbortController();
  readonly done: Promise<unknown>;

  constructor(client: CoordinationClient, options: EventStreamOptions = {}) {
    this.done = (async () => {
      for await (const event of client.events({ ...options, signal: this.controller.signal, reconnect: { baseDelayMs: 20, maxAttempts: 0 } })) {
        this.events.push(event);
      }
    })().catch((error: unknown) => error);
  }

  of<K extends CoordinationEventType>(type: K): Array<Extract<CoordinationEvent, { type: K }>> {
    return this.events.filter((e): e is Extract<CoordinationEvent, { type: K }> => e.type === type);
  }

  async next<K extends CoordinationEventType>(type: K, count = 1, timeoutMs = 3000): Promise<Array<Extract<CoordinationEvent, { type: K }>>> {
    await waitFor(() => this.of(type).length >= count, timeoutMs, `${count} ${type} event(s)`);
    return this.of(type);
  }

  stop(): Promise<unknown> {
    this.controller.abort();
    return this.done;
  }
}

async function metric(server: TestServer, name: string, headers: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`, { headers })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? NaN : Number(line.split(' ').pop());
}

describe('GET /events', () => {
  let server: TestServer;
  const collectors: Collector[] = [];
  const collect = (client: CoordinationClient, options?: EventStreamOptions) => {
    const collector = new Collector(client, options);
    collectors.push(collector);
    return collector;
  };
  afterEach(async () => {
    await Promise.all(collectors.splice(0).map((c) => c.stop()));
    await server?.close();
  });

  it('coalesces signals: one event per agent and interval, with the latest value of each type and a count', async () => {
    server = await startServer(FAST);
    const stream = collect(server.client());
    await waitFor(async () => (await metric(server, 'coordination_events_streams')) === 1, 2000, 'stream open');
    const client = server.client();
    // One batch is stored at once, so it falls into one interval whatever the machine's load.
    await client.signals([
      { agent_id: 'a1', signal_type: 'load', value: 0.2, timestamp: Date.now() - 2000 },
      { agent_id: 'a1', signal_type: 'capacity', value: 0.5 },
      { agent_id: 'a2', signal_type: 'load', value: 0.9 },
      { agent_id: 'a1', signal_type: 'load', value: 0.4 },
      { agent_id: 'a1', signal_type: 'load', value: 0.3, timestamp: Date.now() - 5000 }, // late: counted, not latest
    ]);
    const events = await stream.next('signals', 2);
    await sleep(200); // nothing more comes for these signals
    expect(stream.of('signals')).toHaveLength(2);
    const byAgent = Object.fromEntries(events.map((e) => [e.data.agent_id, e.data]));
    expect(byAgent.a1).toMatchObject({ count: 4, latest: { load: 0.4, capacity: 0.5 } });
    expect(byAgent.a2).toMatchObject({ count: 1, latest: { load: 0.9 } });
    expect(Date.parse(byAgent.a1.time)).not.toBeNaN();
    expect(Date.parse(byAgent.a1.last_timestamp)).toBeGreaterThan(Date.now() - 5000);

    // A later report is a later interval's event.
    await client.signal({ agent_id: 'a1', signal_type: 'load', value: 0.6 });
    const [, , next] = await stream.next('signals', 3);
    expect(next.data).toMatchObject({ agent_id: 'a1', count: 1, latest: { load: 0.6 } });
  });

  it('tells when an agent turns stale (newest signal older than TTL/2) and when it expires', async () => {
    server = await startServer(FAST);
    const stream = collect(server.client());
    await sleep(100);
    const client = server.client();
    const sent = Date.now();
    await client.signal({ agent_id: 'quiet', signal_type: 'load', value: 0.5, ttl_seconds: 1 });
    await client.signal({ agent_id: 'chatty', signal_type: 'load', value: 0.5, ttl_seconds: 60 });
    const [stale] = await stream.next('agent_stale');
    expect(Date.now() - sent).toBeGreaterThanOrEqual(450);
    expect(stale.data).toMatchObject({ agent_id: 'quiet', ttl_seconds: 1 });
    await sleep(700);
    await client.metrics(); // sweeps expired signals, as the background cleanup does
    const [expired] = await stream.next('agent_expired');
    expect(expired.data.agent_id).toBe('quiet');
    expect(stream.of('agent_stale').map((e) => e.data.agent_id)).toEqual(['quiet']);

    // A stale agent that reports again is fresh; it can turn stale once more later.
    await client.signal({ agent_id: 'again', signal_type: 'load', value: 0.5, ttl_seconds: 1 });
    await stream.next('agent_stale', 2);
    await client.signal({ agent_id: 'again', signal_type: 'load', value: 0.6, ttl_seconds: 1 });
    await stream.next('agent_stale', 3);
    expect(stream.of('agent_stale').map((e) => e.data.agent_id)).toEqual(['quiet', 'again', 'again']);
  });

  it('reports the selection mode changing between coordinated picks and fallbacks', async () => {
    server = await startServer(FAST);
    const stream = collect(server.client(), { types: ['selection_mode'] });
    await sleep(100);
    const client = server.client();
    await client.select(['nobody', 'nobody-else']);
    const [fallback] = await stream.next('selection_mode');
    expect(fallback.data).toMatchObject({ mode: 'no_signals', previous: 'coordinated', selections: { no_signals: 1, coordinated: 0 } });
    await client.select(['nobody']); // same mode: no event
    await client.signal({ agent_id: 'worker', signal_type: 'load', value: 0.1 });
    await sleep(100);
    expect(stream.of('selection_mode')).toHaveLength(1);
    await client.select(['worker']);
    const [, back] = await stream.next('selection_mode', 2);
    expect(back.data).toMatchObject({ mode: 'coordinated', previous: 'no_signals' });
  });

  it('passes on overload predictions with probability and time to overload', async () => {
    server = await startServer(FAST);
    const stream = collect(server.client(), { types: ['overload_predicted', 'overload_cleared'], agents: ['hot'] });
    await sleep(100);
    const client = server.client();
    const now = Date.now();
    const rising = [0.3, 0.4, 0.5, 0.6, 0.7, 0.75].map((value, i) => ({ agent_id: 'hot', signal_type: 'load' as const, value, timestamp: now - (50 - i * 10) * 1000 }));
    await client.signals([...rising, { agent_id: 'cool', signal_type: 'load', value: 0.9 }]);
    expect((await client.predict('hot', { horizonSeconds: 60, threshold: 0.8 }))?.will_overload).toBe(true);
    // Predicted again within the interval: still one event, the latest.
    const forecast = await client.predict('hot', { horizonSeconds: 60, threshold: 0.8 });
    const [event] = await stream.next('overload_predicted');
    await sleep(100);
    expect(stream.of('overload_predicted')).toHaveLength(1);
    expect(event.data).toMatchObject({ agent_id: 'hot', horizon_seconds: 60, threshold: 0.8, probability: forecast?.probability });
    expect(event.data.time_to_overload_seconds).toBeGreaterThan(0);
  });

  it('filters by event type and agent; refuses unknown types', async () => {
    server = await startServer(FAST);
    const onlyA2 = collect(server.client(), { agents: ['a2'] });
    const onlySelection = collect(server.client(), { types: ['selection_mode'] });
    await sleep(100);
    const client = server.client();
    await client.signals([
      { agent_id: 'a1', signal_type: 'load', value: 0.1 },
      { agent_id: 'a2', signal_type: 'load', value: 0.2 },
    ]);
    await client.select(['ghost']);
    await onlyA2.next('selection_mode'); // events about no agent pass an agent filter
    await onlySelection.next('selection_mode');
    await onlyA2.next('signals');
    expect(onlyA2.of('signals').map((e) => e.data.agent_id)).toEqual(['a2']);
    expect(onlySelection.events.map((e) => e.type)).toEqual(['selection_mode']);

    const bad = await fetch(`${server.url}/events?types=signals,nonsense`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'unknown event types: nonsense' });
  });

  it('resumes after Last-Event-ID from its buffer, and sends reset for an id it no longer has or never had', async () => {
    server = await startServer({ ...FAST, COORDINATION_EVENTS_BUFFER: '3' });
    const client = server.client();
    const first = collect(client);
    await sleep(100);
    await client.signal({ agent_id: 'r1', signal_type: 'load', value: 0.1 });
    const [seen] = await first.next('signals');
    await first.stop();

    await client.signal({ agent_id: 'r2', signal_type: 'load', value: 0.2 });
    await sleep(100);
    await client.signal({ agent_id: 'r3', signal_type: 'load', value: 0.3 });
    await sleep(100);
    const resumed = collect(client, { lastEventId: seen.id });
    await resumed.next('signals', 2);
    expect(resumed.events.map((e) => e.type === 'signals' && e.data.agent_id)).toEqual(['r2', 'r3']);
    await resumed.stop();

    for (const agent of ['r4', 'r5', 'r6']) {
      await client.signal({ agent_id: agent, signal_type: 'load', value: 0.4 });
      await sleep(60);
    }
    const tooOld = collect(client, { lastEventId: seen.id });
    const [reset] = await tooOld.next('reset');
    expect(reset.data).toMatchObject({ reason: 'expired_id', last_event_id: seen.id });
    expect(tooOld.events[0].type).toBe('reset');
    // The reset carries the newest id: a reconnection after it resumes from there.
    await client.signal({ agent_id: 'r7', signal_type: 'load', value: 0.5 });
    const [r7] = await tooOld.next('signals');
    expect(r7.data.agent_id).toBe('r7');
    const fromReset = collect(client, { lastEventId: reset.id });
    await fromReset.next('signals');
    expect(fromReset.of('signals').map((e) => e.data.agent_id)).toEqual(['r7']);

    const foreign = collect(client, { lastEventId: '0badc0de-5' });
    expect((await foreign.next('reset'))[0].data.reason).toBe('unknown_id');
    expect(await metric(server, 'coordination_events_sent_total{type="reset"}')).toBe(2);
  });

  describe('with authentication on', () => {
    it('needs a token; an agent token sees its own agent only, a router token everything', async () => {
      server = await startServer({ ...FAST, ...AUTH_ENV });
      expect((await fetch(`${server.url}/events`)).status).toBe(401);
      const wrong = await fetch(`${server.url}/events?agents=someone-else`, { headers: { authorization: `Bearer ${AGENT_TOKEN}` } });
      expect(wrong.status).toBe(403);

      const router = collect(server.client({ token: ROUTER_TOKEN }));
      const agent = collect(server.client({ token: AGENT_TOKEN }));
      await sleep(100);
      const admin = server.client({ token: ADMIN_TOKEN });
      await admin.signals([
        { agent_id: 'a1', signal_type: 'load', value: 0.1 },
        { agent_id: 'b2', signal_type: 'load', value: 0.2 },
      ]);
      await admin.select(['ghost']);
      await router.next('signals', 2);
      await router.next('selection_mode');
      await agent.next('signals');
      await sleep(100);
      expect(agent.events.map((e) => e.type === 'signals' && e.data.agent_id)).toEqual(['a1']);
    });
  });

  it('caps concurrent streams (503, counted), and COORDINATION_EVENTS_MAX_STREAMS=0 turns the stream off', async () => {
    server = await startServer({ ...FAST, COORDINATION_EVENTS_MAX_STREAMS: '1' });
    const first = await fetch(`${server.url}/events`);
    expect(first.status).toBe(200);
    const second = await fetch(`${server.url}/events`);
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('5');
    expect(await metric(server, 'coordination_events_refused_streams_total')).toBe(1);
    await first.body?.cancel();
    await waitFor(async () => (await metric(server, 'coordination_events_streams')) === 0, 2000, 'stream closed');
    expect((await fetch(`${server.url}/events`)).status).toBe(200);
    await server.close();

    server = await startServer({ COORDINATION_EVENTS_MAX_STREAMS: '0' });
    expect((await fetch(`${server.url}/events`)).status).toBe(404);
  });

  it('sends heartbeat comments on an idle stream, with the right headers', async () => {
    server = await startServer({ COORDINATION_EVENTS_HEARTBEAT: '0.1' });
    const response = await fetch(`${server.url}/events`);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    const reader = (response.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const started = Date.now();
    while (!text.includes(': heartbeat\n\n: heartbeat\n\n') && Date.now() - started < 3000) text += (await reader.read()).value ?? '';
    await reader.cancel();
    expect(text).toMatch(/^retry: \d+\n\n: heartbeat\n\n: heartbeat\n\n/);
  });

  it('drops a consumer that stops reading, counts it, and neither ingestion nor other streams wait for it', async () => {
    server = await startServer({ COORDINATION_EVENTS_INTERVAL_MS: '50', COORDINATION_EVENTS_QUEUE: '100' });
    const healthy = collect(server.client(), { types: ['signals'] });
    // A client that sends the request and never reads a byte of the answer.
    const port = Number(new URL(server.url).port);
    const stuck = connect(port, '127.0.0.1');
    stuck.write('GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    stuck.pause();
    const closed = new Promise<void>((resolve) => stuck.once('close', () => resolve()));
    await waitFor(async () => (await metric(server, 'coordination_events_streams')) === 2, 2000, 'both streams open');

    // Long agent ids make big events, so the stuck socket's buffers fill after a few MB.
    const client = server.client();
    const pad = 'x'.repeat(200);
    let batches = 0;
    const slowest: number[] = [];
    while ((await metric(server, 'coordination_events_dropped_consumers_total')) === 0 && batches < 60) {
      const started = performance.now();
      await client.signals(Array.from({ length: 1000 }, (_, i) => ({ agent_id: `${pad}-${batches}-${i}`, signal_type: 'load' as const, value: 0.5 })));
      slowest.push(performance.now() - started);
      batches++;
      await sleep(25);
    }
    expect(await metric(server, 'coordination_events_dropped_consumers_total')).toBe(1);
    stuck.resume(); // a paused socket does not notice that the server closed it
    await closed;
    expect(await metric(server, 'coordination_events_streams')).toBe(1);
    expect(server.logs.messages('warn')).toContain('event stream dropped: the client reads too slowly');
    // The reader that keeps up gets every agent's event.
    await healthy.next('signals', batches * 1000, 10_000);
    expect(Math.max(...slowest)).toBeLessThan(2000);
  }, 60_000);

  it('ends open streams at shutdown, so the server stops without waiting out its drain deadline', async () => {
    server = await startServer(FAST, { drainTimeoutMs: 10_000 });
    const response = await fetch(`${server.url}/events`);
    const reading = (async () => {
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      while (!(await reader.read()).done);
    })();
    const started = Date.now();
    await server.close();
    await reading;
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('tells when replication degrades and recovers', async () => {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    try {
      const replicator = createReplicator({ url: redis.url, prefix: uniquePrefix('events'), replicaId: 'events-test', windowSeconds: 60, blockMs: 200, startTimeoutMs: 500 });
      server = await startServer(FAST, { replicator });
      await waitFor(() => replicator.status().mode === 'connected', 5000, 'connected');
      const stream = collect(server.client(), { types: ['replication_degraded', 'replication_recovered'] });
      await sleep(100);
      await redis.kill();
      const [degraded] = await stream.next('replication_degraded', 1, 5000);
      expect(degraded.data).toMatchObject({ mode: 'degraded', previous: 'connected' });
      expect(degraded.data.last_error).toEqual(expect.any(String));
      await redis.start();
      const [recovered] = await stream.next('replication_recovered', 1, 10_000);
      expect(recovered.data).toMatchObject({ mode: 'connected', previous: 'degraded' });
    } finally {
      await redis.kill();
    }
  }, 30_000);
});
