import { randomBytes } from 'node:crypto';
import type { CoordinationEventMap, CoordinationEventType } from '@agentcore/coordination-client';

/** One event as every stream sends it: serialised once, shared by all of them. */
export interface LoggedEvent {
  readonly seq: number;
  readonly id: string;
  readonly type: CoordinationEventType;
  /** The agent the event is about; null for events about the server (selection mode, replication). */
  readonly agentId: string | null;
  /** The whole Server-Sent Events frame: `id`, `event` and one `data` line of JSON. */
  readonly frame: string;
}

export type Resume = { events: LoggedEvent[] } | { reset: CoordinationEventMap['reset']['reason'] };

/**
 * The events this process produced, numbered, with the newest `capacity` kept in a ring for
 * `Last-Event-ID` resume. Ids are `<process>-<n>`: the process part is random per start, so an id
 * from another replica or from before a restart is recognised as unknown rather than matched to
 * an unrelated event of the same number.
 */
export class EventLog {
  readonly process: string;
  private readonly ring: Array<LoggedEvent | undefined>;
  private lastSeq = 0;
  private readonly listeners = new Set<(event: LoggedEvent) => void>();

  constructor(private readonly capacity: number, process: string = randomBytes(4).toString('hex')) {
    this.ring = new Array<LoggedEvent | undefined>(capacity);
    this.process = process;
  }

  /** The newest event's id, or '' before the first. */
  get lastId(): string {
    return this.lastSeq === 0 ? '' : this.idOf(this.lastSeq);
  }

  append<K extends CoordinationEventType>(type: K, data: CoordinationEventMap[K], agentId: string | null): LoggedEvent {
    const seq = ++this.lastSeq;
    const id = this.idOf(seq);
    // JSON.stringify escapes line breaks, so the payload is always one `data` line.
    const event: LoggedEvent = { seq, id, type, agentId, frame: `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n` };
    this.ring[seq % this.capacity] = event;
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** Calls `listener` with every event appended from now on; returns the function that stops it. */
  subscribe(listener: (event: LoggedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The events after `lastEventId`, or why they cannot be had: older than the ring, or not an id of this process. */
  since(lastEventId: string): Resume {
    const match = /^(.+)-(\d+)$/.exec(lastEventId);
    if (match === null || match[1] !== this.process) return { reset: 'unknown_id' };
    const seq = Number(match[2]);
    if (!Number.isSafeInteger(seq) || seq > this.lastSeq) return { reset: 'unknown_id' };
    const oldest = Math.max(1, this.lastSeq - this.capacity + 1);
    if (seq < oldest - 1) return { reset: 'expired_id' };
    const events: LoggedEvent[] = [];
    for (let next = seq + 1; next <= this.lastSeq; next++) events.push(this.ring[next % this.capacity] as LoggedEvent);
    return { events };
  }

  private idOf(seq: number): string {
    return `${this.process}-${seq}`;
  }
}
