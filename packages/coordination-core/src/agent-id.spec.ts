import fc from 'fast-check';
import { AGENT_ID_MAX_LENGTH, AgentIdSchema, isValidAgentId, SensitivitySignalInputSchema } from './models';
import { fastParse } from './validation';

const refused = [
  ['a zero-width space', 'a\u200bb'],
  ['a zero-width joiner', 'a\u200db'],
  ['a right-to-left override', 'admin\u202egnp.exe'],
  ['a left-to-right isolate', 'a\u2066b'],
  ['a right-to-left mark', 'a\u200fb'],
  ['a byte-order mark', '\ufeffagent'],
  ['a soft hyphen', 'ag\u00adent'],
  ['a Hangul filler', 'a\u3164'],
  ['a variation selector', 'a\ufe0f'],
  ['a C1 control', 'a\u0085b'],
  ['a C0 control', 'a\u0007b'],
  ['a line separator', 'a\u2028b'],
  ['a noncharacter', 'a\uffffb'],
  ['a lone high surrogate', 'a\ud800'],
  ['a lone low surrogate', '\udc00a'],
  ['only whitespace', ' \u00a0\u3000'],
  ['257 characters', 'a'.repeat(257)],
  ['257 astral characters', '\u{1F600}'.repeat(257)],
] as const;

const accepted = [
  ['256 characters', 'a'.repeat(AGENT_ID_MAX_LENGTH)],
  ['256 astral characters (512 UTF-16 units)', '\u{1F600}'.repeat(AGENT_ID_MAX_LENGTH)],
  ['accented letters', 'agent-é-ñ'],
  ['CJK', '代理-7'],
  ['inner spaces', 'agent 7'],
] as const;

describe('the agent_id rule', () => {
  it.each(refused)('refuses %s, in the schema and on the fast path', (_name, id) => {
    expect(AgentIdSchema.safeParse(id).success).toBe(false);
    expect(isValidAgentId(id)).toBe(false);
    expect(fastParse({ agent_id: id, signal_type: 'load', value: 0.5 })).toBeUndefined();
  });

  it.each(accepted)('accepts %s, in the schema and on the fast path', (_name, id) => {
    expect(AgentIdSchema.safeParse(id).success).toBe(true);
    expect(isValidAgentId(id)).toBe(true);
    expect(fastParse({ agent_id: id, signal_type: 'load', value: 0.5 })).toMatchObject({ agent_id: id });
  });

  it('counts length in characters and says so in the published JSON Schema', () => {
    const issues = AgentIdSchema.safeParse('\u{1F600}'.repeat(257)).error?.issues ?? [];
    expect(issues.map((i) => i.message)).toEqual([`agent_id must be at most ${AGENT_ID_MAX_LENGTH} characters`]);
    // JSON Schema's maxLength counts characters too.
    expect(AgentIdSchema.toJSONSchema()).toMatchObject({ minLength: 1, maxLength: AGENT_ID_MAX_LENGTH });
  });

  it('gets the same answer from the fast path and the schema for any string (property)', () => {
    // Units drawn from where the rule has edges: plain ASCII, astral pairs, lone surrogates,
    // invisible and bidi characters, whitespace and controls.
    const unit = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('a', 'Z', '7', '-', '_', '.', ':', ' ') },
      { weight: 2, arbitrary: fc.integer({ min: 0x20, max: 0x2fff }).map((c) => String.fromCharCode(c)) },
      { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('\u200b', '\u200d', '\u202e', '\u2066', '\ufeff', '\u00ad', '\u3164', '\ufe0f', '\u0085', '\u2028', '\ud800', '\udfff', '\u00a0', '\t'),
      },
    );
    const id = fc.oneof(
      fc.string({ unit, maxLength: 40 }),
      // Around the length limit, in ASCII and in astral characters.
      fc.integer({ min: AGENT_ID_MAX_LENGTH - 2, max: AGENT_ID_MAX_LENGTH + 2 }).map((n) => 'a'.repeat(n)),
      fc.integer({ min: AGENT_ID_MAX_LENGTH - 2, max: AGENT_ID_MAX_LENGTH + 2 }).map((n) => '\u{1F600}'.repeat(n)),
      fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 })).map(([a, b]) => 'a'.repeat(a) + '\u{1F600}'.repeat(b)),
    );
    fc.assert(
      fc.property(id, (agentId) => {
        const schema = AgentIdSchema.safeParse(agentId).success;
        expect(isValidAgentId(agentId)).toBe(schema);
        const input = { agent_id: agentId, signal_type: 'load', value: 0.5 };
        expect(fastParse(input) !== undefined).toBe(schema);
        expect(SensitivitySignalInputSchema.safeParse(input).success).toBe(schema);
      }),
      { numRuns: 5_000 },
    );
  });
});
