import { examples, fences } from './fences';

const doc = `# Title
intro
\`\`\`
diagram
\`\`\`
## Calls
\`\`\`bash
curl one
\`\`\`

\`\`\`json
{ "a": 1 }
\`\`\`
text between
\`\`\`json
{ "b": 2 }
\`\`\`
## Other
\`\`\`bash
curl two
\`\`\`
\`\`\`bash
curl three
\`\`\`
`;

describe('fences', () => {
  it('finds every fenced block with its language, line, section and whether it follows another directly', () => {
    expect(fences(doc)).toEqual([
      { lang: '', body: 'diagram', line: 3, section: '', followsFence: false },
      { lang: 'bash', body: 'curl one', line: 7, section: 'Calls', followsFence: false },
      { lang: 'json', body: '{ "a": 1 }', line: 11, section: 'Calls', followsFence: true },
      { lang: 'json', body: '{ "b": 2 }', line: 15, section: 'Calls', followsFence: false },
      { lang: 'bash', body: 'curl two', line: 19, section: 'Other', followsFence: false },
      { lang: 'bash', body: 'curl three', line: 22, section: 'Other', followsFence: true },
    ]);
  });

  it('pairs each command with the answer shown right after it', () => {
    const pairs = examples(fences(doc)).map((e) => [e.command.body, e.answer?.body]);
    expect(pairs).toEqual([
      ['curl one', '{ "a": 1 }'],
      ['curl two', undefined],
      ['curl three', undefined],
    ]);
  });

  it('refuses an unclosed fence', () => {
    expect(() => fences('```bash\nno end\n')).toThrow('unclosed fence at line 1');
  });
});
