import { MAX_NESTING, nestedTooDeep, parseEnvelope } from './envelope';

describe('nesting depth', () => {
  const deep = (n: number) => Buffer.from('['.repeat(n) + ']'.repeat(n));

  it('finds nesting past the limit without parsing, and ignores brackets inside strings', () => {
    expect(nestedTooDeep(deep(MAX_NESTING), MAX_NESTING)).toBe(false);
    expect(nestedTooDeep(deep(MAX_NESTING + 1), MAX_NESTING)).toBe(true);
    expect(nestedTooDeep(Buffer.from(`{"a":"${'['.repeat(100)}","b":"\\\\","c":"\\"[[[["}`), 2)).toBe(false);
    expect(nestedTooDeep(Buffer.from('{"a":{"b":{"c":[1]}}}'), 3)).toBe(true);
  });

  it('refuses a message nested too deep as an invalid request', () => {
    // Small bodies are parsed as they are (fast even when deep): the member is an invalid request.
    expect(parseEnvelope(deep(100), 1_000)).toMatchObject({ ok: true, batch: true, calls: [expect.anything()] });
    expect(parseEnvelope(deep(500_000), 1_000)).toMatchObject({ ok: false, reason: 'invalid_request', response: { error: { code: -32600, message: `Invalid request: JSON nested deeper than ${MAX_NESTING} levels` } } });
    expect(parseEnvelope(Buffer.from('[{"jsonrpc":"2.0","method":"m","params":{"signals":[{"a":[[1]]}]}}]'), 10)).toMatchObject({ ok: true, batch: true });
  });
});
