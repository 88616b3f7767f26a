import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fences, type Fence } from '../src/fences';
import { ROOT } from './doc-session';
import { DOCUMENTS } from './documents';

/** Example files run by a test other than a documented command, and that test. */
const RUN_ELSEWHERE: Record<string, string> = {
  'docs/examples/coordination-core.example.ts': 'packages/coordination-core/test/docs-examples.spec.ts',
  'docs/examples/prometheus/prometheus.yml': 'tools/docs-check/test/operations-config.spec.ts',
  'docs/examples/grafana/agentcore.yml': 'tools/docs-check/test/operations-config.spec.ts',
};
/** Documents whose standalone ```json blocks are values an example returns, and the test comparing them. */
const VALUES_CHECKED_BY: Record<string, string> = {
  'docs/coordination-core.md': 'tools/docs-check/test/core-docs-example.spec.ts',
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [relative(ROOT, path)];
  });
}

const docs = readdirSync(join(ROOT, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => `docs/${name}`);
const exampleFiles = files(join(ROOT, 'docs', 'examples'));
const exampleText = new Map(exampleFiles.map((file) => [file, readFileSync(join(ROOT, file), 'utf8').trimEnd()]));
const run = new Set(DOCUMENTS.map((d) => d.path));

/** Why a fence is accounted for, or undefined when it is not. */
function accountedFor(doc: string, fence: Fence, all: readonly Fence[]): string | undefined {
  const previous = all[all.indexOf(fence) - 1];
  const isAnswer = fence.followsFence && previous?.lang === 'bash';
  switch (fence.lang) {
    case '':
      // Diagrams and formulas: nothing a reader would run or compile.
      return /^\s*(\$ |npm |npx |node |curl |import |export |const |let |async |await )/m.test(fence.body) ? undefined : 'an illustration';
    case 'ts':
    case 'yaml':
    case 'python': {
      const file = [...exampleText].find(([, text]) => text === fence.body.trimEnd())?.[0];
      return file === undefined ? undefined : `the file ${file}`;
    }
    case 'bash':
    case 'sh':
      return run.has(doc) ? 'run by test/requests.spec.ts' : undefined;
    case 'json':
    case 'text':
      if (isAnswer) return 'the answer of the command before it';
      return fence.lang === 'json' && VALUES_CHECKED_BY[doc] !== undefined ? `a value compared by ${VALUES_CHECKED_BY[doc]}` : undefined;
    default:
      return undefined;
  }
}

describe('every code block in docs/', () => {
  it('is an illustration, an example file shown whole, a command run against a live server, or the answer or value a test compares', () => {
    const unaccounted: string[] = [];
    for (const doc of docs) {
      const all = fences(readFileSync(join(ROOT, doc), 'utf8'));
      for (const fence of all) if (accountedFor(doc, fence, all) === undefined) unaccounted.push(`${doc}:${fence.line} (\`\`\`${fence.lang})`);
    }
    expect(unaccounted).toEqual([]);
  });

  it('each example file is run: by a command the docs show, or by the test named here', () => {
    const commands = docs.flatMap((doc) => fences(readFileSync(join(ROOT, doc), 'utf8')).filter((f) => f.lang === 'bash').map((f) => f.body));
    for (const file of exampleFiles) {
      const byCommand = commands.some((command) => command.includes(file));
      const test = RUN_ELSEWHERE[file];
      const byTest = test !== undefined && existsSync(join(ROOT, test)) && readFileSync(join(ROOT, test), 'utf8').includes(file.replace(/\.ts$/, '').replace(/^docs\/examples\//, ''));
      expect([file, byCommand || byTest]).toEqual([file, true]);
    }
  });

  it('the commands of every document with commands are run', () => {
    const withCommands = docs.filter((doc) => fences(readFileSync(join(ROOT, doc), 'utf8')).some((f) => f.lang === 'bash' || f.lang === 'sh'));
    expect(withCommands.filter((doc) => !run.has(doc))).toEqual([]);
  });
});
