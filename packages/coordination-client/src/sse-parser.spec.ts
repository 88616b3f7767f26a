import { SseParser, type SseMessage } from './sse-parser';

function parse(chunks: readonly string[]): { messages: SseMessage[]; retries: number[]; parser: SseParser } {
  const messages: SseMessage[] = [];
  const retries: number[] = [];
  const parser = new SseParser({ onMessage: (m) => messages.push(m), onRetry: (ms) => retries.push(ms) });
  for (const chunk of chunks) parser.push(chunk);
  return { messages, retries, parser };
}

describe('SseParser', () => {
  it('dispatches on a blank line: event type, data lines joined by LF, the id in force', () => {
    const { messages, parser } = parse(['id: 7\nevent: signals\ndata: {"a":1}\n\ndata: first\ndata: second\n\n']);
    expect(messages).toEqual([
      { id: '7', event: 'signals', data: '{"a":1}' },
      { id: '7', event: 'message', data: 'first\nsecond' },
    ]);
    expect(parser.lastId).toBe('7');
  });

  it('takes CRLF, CR and LF line ends, also when a CRLF is split between chunks', () => {
    const { messages } = parse(['data: a\r', '\n\r', '\ndata: b\rdata: c\r\r', 'data: d\n', '\n']);
    expect(messages.map((m) => m.data)).toEqual(['a', 'b\nc', 'd']);
  });

  it('keeps a line that arrives in pieces, and an empty chunk changes nothing', () => {
    const { messages } = parse(['da', 'ta: hel', '', 'lo\n', '\n']);
    expect(messages.map((m) => m.data)).toEqual(['hello']);
  });

  it('ignores comments, unknown fields and events without data; removes one leading space only', () => {
    const { messages } = parse([': heartbeat\n\nevent: x\n\nfoo: bar\ndata:  two spaces\ndata\n\n']);
    expect(messages).toEqual([{ id: '', event: 'message', data: ' two spaces\n' }]);
  });

  it('reports retry: with digits only, and ignores an id with NUL', () => {
    const { messages, retries } = parse(['retry: 2500\nretry: soon\nid: ok\n\nid: bad\0id\ndata: x\n\n']);
    expect(retries).toEqual([2500]);
    expect(messages).toEqual([{ id: 'ok', event: 'message', data: 'x' }]);
  });
});
