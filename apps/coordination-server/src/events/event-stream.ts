import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { COORDINATION_EVENT_TYPES, type CoordinationEventMap, type CoordinationEventType } from '@agentcore/coordination-client';
import type { Clock, CoordinationService, SelectionReason } from '@agentcore/coordination-core';
import type { TokenAuthenticator } from '../auth';
import type { AppLogger } from '../logger';
import type { ReplicatorStatus } from '../redis';
import { CORE_EVENTS, subscribeCore, type Translated } from './core-events';
import { EventLog } from './event-log';
import { createEventStreamMetrics } from './metrics';
import { ReplicationWatch } from './replication-watch';
import { SelectionModeTracker } from './selection-mode';
import type { EventStreamSettings } from './settings';
import { SignalCoalescer } from './signal-coalescer';
import { SseConnection, type StreamFilter } from './sse-connection';
import { StalenessTracker } from './staleness';

export interface EventStreamDeps {
  service: CoordinationService;
  settings: EventStreamSettings;
  auth: TokenAuthenticator;
  registry: Registry;
  replication: () => ReplicatorStatus;
  clock: Clock;
  logger: AppLogger;
  /** Largest `agents` filter (COORDINATION_MAX_BATCH, as for `agent_ids`). */
  maxAgents: number;
  /** True once shutdown began: new streams are refused. */
  isClosing: () => boolean;
}

export interface EventStream {
  readonly log: EventLog;
  /** `GET /events`. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Tells the stream the reason of one `coordination.select` pick (selection mode). */
  selected(reason: SelectionReason): void;
  /** Starts the interval timer (coalesced signals, stale agents, mode changes). */
  start(): void;
  /** One interval's work, as the timer runs it. */
  tick(): void;
  /** Ends every stream and stops the timer (shutdown). */
  close(): void;
}

/** How long a client waits before reconnecting, unless it knows better. */
const RETRY_MS = 2000;
const KNOWN: ReadonlySet<string> = new Set(COORDINATION_EVENT_TYPES);

type EventData<K extends CoordinationEventType> = Omit<CoordinationEventMap[K], 'time'>;

/**
 * `GET /events`: what happens in the coordination service, as Server-Sent Events. Producers
 * (core's events, the signal coalescer, the interval checks) append to one `EventLog`; every
 * open `SseConnection` takes what its filter lets through. See docs/server.md#events.
 */
export function createEventStream(deps: EventStreamDeps): EventStream {
  const { service, settings, auth, clock, logger } = deps;
  const log = new EventLog(settings.bufferSize);
  const metrics = createEventStreamMetrics(deps.registry);
  const coalescer = new SignalCoalescer();
  const staleness = new StalenessTracker();
  const selection = new SelectionModeTracker();
  const replication = new ReplicationWatch(deps.replication());
  const connections = new Set<SseConnection>();
  /** Core events of a family, the latest per agent, waiting for the end of the interval. */
  let latestOfFamily = new Map<string, Translated>();
  let timer: NodeJS.Timeout | undefined;

  const append = <K extends CoordinationEventType>(type: K, data: EventData<K>, agentId: string | null) =>
    log.append(type, { time: new Date(clock()).toISOString(), ...data } as CoordinationEventMap[K], agentId);
  const appendTranslated = (event: Translated) => append(event.type, event.data, event.agentId);

  log.subscribe((event) => {
    for (const connection of connections) connection.offer(event);
  });
  // On the signal path: one map update per signal, nothing more.
  service.on('signal', (signal) => coalescer.add(signal));
  for (const row of CORE_EVENTS) {
    subscribeCore(service, row.core, (payload) => {
      const event = row.translate(payload);
      if (event === undefined) return;
      if (event.type === 'agent_expired') staleness.forget(event.agentId);
      if (row.family === undefined) appendTranslated(event);
      else latestOfFamily.set(`${row.family}\n${event.agentId}`, event);
    });
  }

  function tick(): void {
    for (const connection of connections) connection.checkBacklog();
    const { events, freshness } = coalescer.flush();
    for (const event of events) append('signals', event, event.agent_id);
    for (const update of freshness) staleness.observe(update);
    for (const stale of staleness.due(clock())) {
      append('agent_stale', { agent_id: stale.agentId, last_timestamp: stale.lastTimestamp, ttl_seconds: stale.ttlSeconds }, stale.agentId);
    }
    const family = latestOfFamily;
    latestOfFamily = new Map();
    for (const event of family.values()) appendTranslated(event);
    const mode = selection.check();
    if (mode !== undefined) append('selection_mode', mode, null);
    const change = replication.check(deps.replication());
    if (change !== undefined) append(change.type, change.data, null);
  }

  function refuse(res: ServerResponse, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    if (settings.maxStreams === 0) return refuse(res, 404, { error: 'the event stream is off (COORDINATION_EVENTS_MAX_STREAMS=0)' });
    if (deps.isClosing()) return refuse(res, 503, { error: 'shutting down' }, { 'retry-after': '1' });
    const principal = auth.authenticate(req.headers.authorization, req.socket.remoteAddress ?? 'unknown');
    if (principal === null) return refuse(res, 401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer' });

    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const types = list(query.get('types'));
    const unknown = types?.filter((type) => !KNOWN.has(type)) ?? [];
    if (unknown.length > 0) return refuse(res, 400, { error: `unknown event types: ${unknown.join(', ')}`, known: COORDINATION_EVENT_TYPES });
    let agents = list(query.get('agents'));
    if (agents !== null && agents.length > deps.maxAgents) return refuse(res, 400, { error: `at most ${deps.maxAgents} agents` });
    const role = principal.role;
    if (role.kind === 'agent') {
      // An agent token sees its own agent and nothing else.
      if (agents !== null && agents.some((agent) => agent !== role.agentId)) {
        return refuse(res, 403, { error: `forbidden: a token for agent:${role.agentId} sees only that agent's events` });
      }
      agents = [role.agentId];
    }
    if (connections.size >= settings.maxStreams) {
      metrics.streamRefused();
      return refuse(res, 503, { error: `too many event streams (at most ${settings.maxStreams})` }, { 'retry-after': '5' });
    }

    const filter: StreamFilter = {
      types: types === null ? null : new Set(types as CoordinationEventType[]),
      agents: agents === null ? null : new Set(agents),
      agentEventsOnly: role.kind === 'agent',
    };
    // A stream is idle for as long as nothing happens; heartbeats, not a socket timeout, keep it honest.
    req.socket.setTimeout(0);
    req.socket.setNoDelay(true);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // Tells nginx-style proxies not to buffer the stream.
      'x-accel-buffering': 'no',
    });
    const connection = new SseConnection(res, {
      filter,
      queueLimit: settings.queueLimit,
      heartbeatMs: settings.heartbeatSeconds * 1000,
      retryMs: RETRY_MS,
      onSent: (type) => metrics.sent(type),
      onDropped: () => {
        metrics.consumerDropped();
        logger.warn('event stream dropped: the client reads too slowly', { caller: principal.key, queue_limit: settings.queueLimit });
      },
      onClosed: () => {
        connections.delete(connection);
        metrics.streamClosed();
      },
    });
    connections.add(connection);
    metrics.streamOpened();

    const lastEventId = req.headers['last-event-id'];
    if (typeof lastEventId === 'string' && lastEventId !== '') {
      const resume = log.since(lastEventId);
      if ('reset' in resume) {
        const data: CoordinationEventMap['reset'] = { time: new Date(clock()).toISOString(), reason: resume.reset, last_event_id: lastEventId };
        // The id is the newest event's: resuming from here on is possible again.
        connection.sendFrame(`id: ${log.lastId}\nevent: reset\ndata: ${JSON.stringify(data)}\n\n`);
        metrics.sent('reset');
      } else {
        for (const event of resume.events) connection.offer(event);
      }
    }
  }

  return {
    log,
    handle,
    selected: (reason) => selection.record(reason),
    start() {
      if (timer !== undefined) return;
      timer = setInterval(() => {
        try {
          tick();
        } catch (error) {
          logger.error('event stream interval failed', { error: error instanceof Error ? error.message : String(error) });
        }
      }, settings.intervalMs);
      timer.unref();
    },
    tick,
    close() {
      clearInterval(timer);
      timer = undefined;
      for (const connection of [...connections]) connection.close();
    },
  };
}

/** `a,b,,c` → ['a', 'b', 'c']; absent → null (no filter). */
function list(value: string | null): string[] | null {
  if (value === null) return null;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
