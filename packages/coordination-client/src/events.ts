import { CoordinationTransportError } from './errors';
import { COORDINATION_EVENT_TYPES, type CoordinationEvent, type CoordinationEventType } from './event-types';
import { SseParser } from './sse-parser';

export interface EventStreamOptions {
  /** Only these events (default: all). */
  types?: readonly CoordinationEventType[];
  /** Only events about these agents; events about no agent (selection mode, replication) still come. */
  agents?: readonly string[];
  /** Resume after this event id: the server replays what its buffer still holds, or sends `reset` first. */
  lastEventId?: string;
  /** Stops the stream: the iterator ends (no error) and the connection is closed. */
  signal?: AbortSignal;
  /** Backoff between reconnections: doubling from `baseDelayMs` (or the server's `retry:`) up to `maxDelayMs`, with jitter. */
  reconnect?: { baseDelayMs?: number; maxDelayMs?: number; maxAttempts?: number };
  /**
   * A connection that brings nothing, not even the server's heartbeat comment, for this long is
   * taken for dead and replaced. Default 45 s (three heartbeats at the server's default).
   */
  idleTimeoutMs?: number;
  /** Told before each reconnection (after a lost connection or a failed attempt). */
  onReconnect?(info: { attempt: number; delayMs: number; error: unknown }): void;
}

/** What `events()` needs from the client it belongs to. */
export interface EventStreamTarget {
  baseUrl: string;
  headers: Record<string, string>;
  fetch: typeof fetch;
}

/** HTTP statuses that no reconnection can fix: a bad filter, a missing or refused token. */
const FATAL = new Set([400, 401, 403, 404]);
const KNOWN: ReadonlySet<string> = new Set(COORDINATION_EVENT_TYPES);

/**
 * `GET /events` as an async iterator, over the global fetch's streaming body. It reconnects by
 * itself after a lost connection, resuming with `Last-Event-ID`, and ends when `signal` aborts
 * or the consumer stops iterating. Only errors no reconnection can fix are thrown (HTTP 400,
 * 401, 403, 404), or the last error once `maxAttempts` reconnections in a row have failed.
 */
export async function* streamEvents(target: EventStreamTarget, options: EventStreamOptions = {}): AsyncGenerator<CoordinationEvent> {
  const url = new URL(`${target.baseUrl}/events`);
  if (options.types !== undefined) url.searchParams.set('types', options.types.join(','));
  if (options.agents !== undefined) url.searchParams.set('agents', options.agents.join(','));
  const baseDelayMs = options.reconnect?.baseDelayMs ?? 500;
  const maxDelayMs = options.reconnect?.maxDelayMs ?? 30_000;
  const maxAttempts = options.reconnect?.maxAttempts ?? Infinity;
  const idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
  let lastEventId = options.lastEventId;
  let serverRetryMs: number | undefined;
  let failures = 0;
  // A function, not a narrowed property: the signal aborts between the awaits.
  const aborted = () => options.signal?.aborted === true;

  while (!aborted()) {
    const connection = new AbortController();
    const stop = () => connection.abort();
    options.signal?.addEventListener('abort', stop, { once: true });
    let idle: NodeJS.Timeout | undefined;
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => connection.abort(new Error(`no data for ${idleTimeoutMs} ms`)), idleTimeoutMs);
    };
    let failure: unknown;
    try {
      armIdle();
      const headers: Record<string, string> = { ...target.headers, accept: 'text/event-stream' };
      delete headers['content-type'];
      if (lastEventId !== undefined && lastEventId !== '') headers['last-event-id'] = lastEventId;
      const response = await target.fetch(url, { headers, signal: connection.signal });
      if (response.status !== 200 || response.body === null) {
        const text = await response.text().catch(() => '');
        const error = new CoordinationTransportError(`HTTP ${response.status}: ${text.slice(0, 200)}`, 'events', response.status);
        if (FATAL.has(response.status)) throw error;
        const retryAfter = Number(response.headers.get('retry-after'));
        if (retryAfter > 0) serverRetryMs = Math.max(serverRetryMs ?? 0, retryAfter * 1000);
        failure = error;
      } else {
        const received: CoordinationEvent[] = [];
        const parser = new SseParser({
          onMessage: (message) => {
            if (!KNOWN.has(message.event)) return; // from a newer server: not in this client's types
            received.push({ id: message.id, type: message.event, data: JSON.parse(message.data) } as CoordinationEvent);
          },
          onRetry: (ms) => (serverRetryMs = ms),
        });
        const decoder = new TextDecoder();
        const reader = response.body.getReader();
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            armIdle();
            // Something arrived: the connection works, so the next loss starts the backoff afresh.
            failures = 0;
            parser.push(decoder.decode(value, { stream: true }));
            while (received.length > 0) {
              const event = received.shift() as CoordinationEvent;
              lastEventId = event.id;
              yield event;
            }
          }
          failure = new CoordinationTransportError('the server ended the stream', 'events', 200);
        } finally {
          // Also when the consumer stops iterating: release the connection.
          await reader.cancel().catch(() => undefined);
        }
      }
    } catch (error) {
      if (aborted()) return;
      if (error instanceof CoordinationTransportError && error.httpStatus !== undefined && FATAL.has(error.httpStatus)) throw error;
      failure = error;
    } finally {
      clearTimeout(idle);
      options.signal?.removeEventListener('abort', stop);
      connection.abort();
    }
    if (aborted()) return;
    failures++;
    if (failures > maxAttempts) throw failure;
    const exponential = Math.min(maxDelayMs, (serverRetryMs ?? baseDelayMs) * 2 ** Math.min(failures - 1, 16));
    // Jitter keeps many clients that lost one server together from reconnecting in lockstep.
    const delayMs = Math.round(exponential * (0.5 + Math.random() * 0.5));
    options.onReconnect?.({ attempt: failures, delayMs, error: failure });
    await abortableSleep(delayMs, options.signal);
  }
}

function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
