/** One dispatched Server-Sent Event. `id` is the last event id in force when it was dispatched. */
export interface SseMessage {
  id: string;
  event: string;
  data: string;
}

export interface SseHandlers {
  onMessage(message: SseMessage): void;
  /** A `retry:` field: the reconnection delay the server asks for, in ms. */
  onRetry?(ms: number): void;
}

/**
 * The event-stream format of the HTML standard ("Server-sent events", parsing an event stream),
 * fed text as it arrives in chunks of any size. Lines end in CRLF, LF or CR (a CR at the end of
 * one chunk and an LF at the start of the next are one line end); `:` starts a comment; `data`
 * lines accumulate; an empty line dispatches; an `id` persists across events until changed.
 *
 * Written here rather than taken from a package: the format is a page of the standard, and the
 * client then needs nothing beyond coordination-core and the global fetch, for agents that
 * install it.
 */
export class SseParser {
  private buffer = '';
  private skipLeadingLf = false;
  private data: string[] = [];
  private eventType = '';
  private lastEventId = '';

  constructor(private readonly handlers: SseHandlers) {}

  /** The id of the last event seen (what to send as `Last-Event-ID` when reconnecting). */
  get lastId(): string {
    return this.lastEventId;
  }

  push(text: string): void {
    if (text === '') return;
    // A CR ended the previous chunk: an LF right after it belongs to the same line end.
    const chunk = this.skipLeadingLf && text.startsWith('\n') ? text.slice(1) : text;
    this.skipLeadingLf = false;
    this.buffer += chunk;
    let start = 0;
    for (;;) {
      const cr = this.buffer.indexOf('\r', start);
      const lf = this.buffer.indexOf('\n', start);
      if (cr === -1 && lf === -1) break;
      const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
      this.line(this.buffer.slice(start, end));
      if (this.buffer[end] === '\r') {
        if (end + 1 === this.buffer.length) {
          // The LF of a CRLF may come with the next chunk.
          this.skipLeadingLf = true;
          start = end + 1;
          continue;
        }
        start = this.buffer[end + 1] === '\n' ? end + 2 : end + 1;
      } else start = end + 1;
    }
    this.buffer = this.buffer.slice(start);
  }

  private line(line: string): void {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.data.push(value);
        break;
      case 'event':
        this.eventType = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.handlers.onRetry?.(Number(value));
        break;
      default:
      // Unknown fields are ignored.
    }
  }

  private dispatch(): void {
    const data = this.data;
    const event = this.eventType;
    this.data = [];
    this.eventType = '';
    if (data.length === 0) return;
    this.handlers.onMessage({ id: this.lastEventId, event: event === '' ? 'message' : event, data: data.join('\n') });
  }
}
