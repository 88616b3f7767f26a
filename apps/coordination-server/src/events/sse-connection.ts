import type { ServerResponse } from 'node:http';
import type { CoordinationEventType } from '@agentcore/coordination-client';
import type { LoggedEvent } from './event-log';

/** Which events one stream gets. */
export interface StreamFilter {
  /** Only these types; null: all. */
  types: ReadonlySet<CoordinationEventType> | null;
  /** Only events about these agents; null: every agent. */
  agents: ReadonlySet<string> | null;
  /** Leave out events about no agent (an agent token sees its own agent's events only). */
  agentEventsOnly: boolean;
}

export function matches(filter: StreamFilter, event: LoggedEvent): boolean {
  if (filter.types !== null && !filter.types.has(event.type)) return false;
  if (event.agentId === null) return !filter.agentEventsOnly;
  return filter.agents === null || filter.agents.has(event.agentId);
}

export interface ConnectionOptions {
  filter: StreamFilter;
  /** Frames that may still wait for the socket when an interval ends (`checkBacklog`). */
  queueLimit: number;
  heartbeatMs: number;
  /** The client's reconnection delay, sent as `retry:`. */
  retryMs: number;
  onSent(type: CoordinationEventType): void;
  /** The client could not keep up and was disconnected. */
  onDropped(): void;
  /** The stream ended, for whatever reason (once). */
  onClosed(): void;
}

/**
 * One `GET /events` response. Events are written as they come while the socket takes them;
 * once `write` reports backpressure, frames wait in a queue until the socket drains. The
 * producers never wait for a stream, so one slow consumer cannot slow ingestion or the other
 * streams. The queue is checked once per interval: a client that has not worked its backlog
 * down to `queueLimit` by then is disconnected (and counted). A burst (one interval's events for
 * every agent at once) is not held against a client that keeps up; and the queue never grows past
 * `queueLimit` plus one interval's events, which coalescing bounds by the number of agents.
 */
export class SseConnection {
  private queue: Array<{ frame: string; type: CoordinationEventType | null }> = [];
  private blocked = false;
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly res: ServerResponse,
    private readonly options: ConnectionOptions,
  ) {
    res.on('drain', () => this.flush());
    res.on('close', () => this.finish());
    this.heartbeat = setInterval(() => {
      // A comment line: ignored by clients, keeps proxies and the client's idle timeout from closing the stream.
      if (!this.blocked) this.write(': heartbeat\n\n');
    }, options.heartbeatMs);
    this.heartbeat.unref();
    this.write(`retry: ${options.retryMs}\n\n`);
  }

  get open(): boolean {
    return !this.closed;
  }

  /** Sends the event if the filter lets it through. */
  offer(event: LoggedEvent): void {
    if (this.closed || !matches(this.options.filter, event)) return;
    if (this.blocked) {
      this.queue.push({ frame: event.frame, type: event.type });
      return;
    }
    this.write(event.frame);
    this.options.onSent(event.type);
  }

  /** A frame of the connection's own (e.g. `reset`), not from the log. */
  sendFrame(frame: string): void {
    if (this.closed) return;
    if (this.blocked) this.queue.push({ frame, type: null });
    else this.write(frame);
  }

  /** At the end of an interval: drops the client if more than `queueLimit` frames still wait for its socket. */
  checkBacklog(): void {
    if (!this.closed && this.queue.length > this.options.queueLimit) this.drop();
  }

  /** Ends the stream (shutdown). */
  close(): void {
    if (this.closed) return;
    this.res.end();
    this.finish();
  }

  private write(frame: string): void {
    if (!this.res.write(frame)) this.blocked = true;
  }

  private flush(): void {
    this.blocked = false;
    let next = 0;
    while (!this.blocked && next < this.queue.length) {
      const { frame, type } = this.queue[next++];
      this.write(frame);
      if (type !== null) this.options.onSent(type);
    }
    this.queue = this.queue.slice(next);
  }

  private drop(): void {
    this.queue = [];
    this.options.onDropped();
    // Its socket is full, so nothing more can be said to it: cut it.
    this.res.destroy();
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.options.onClosed();
  }
}
