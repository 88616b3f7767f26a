import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startServer, type TestServer } from './helpers';

const run = promisify(execFile);
const DOC = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'server.md'), 'utf8');
const DOC_URL = 'http://127.0.0.1:8080';

interface Example {
  section: string;
  command: string;
  expected?: { kind: string; text: string };
}

/** Every ```bash block with the fenced block right after it (the answer it shows), in document order. */
function examples(markdown: string): Example[] {
  const out: Example[] = [];
  const fence = /^## (.*)$|^```(\w*)\n([\s\S]*?)^```$/gm;
  let section = '';
  let pending: Example | undefined;
  let lastEnd = -1;
  for (let m = fence.exec(markdown); m !== null; m = fence.exec(markdown)) {
    if (m[1] !== undefined) {
      section = m[1];
      pending = undefined;
      continue;
    }
    const [, , kind, body] = m;
    if (pending !== undefined && markdown.slice(lastEnd, m.index).trim() === '') pending.expected = { kind, text: body.trim() };
    pending = undefined;
    if (kind === 'bash') {
      pending = { section, command: body.trim() };
      out.push(pending);
    }
    lastEnd = m.index + m[0].length;
  }
  return out;
}

/** Same structure: every key the doc shows is there with a value of the same kind; codes and ids are equal. */
function expectSameShape(actual: unknown, expected: unknown, path = '$'): void {
  if (expected === null || typeof expected !== 'object') {
    expect([path, actual === null ? 'null' : typeof actual]).toEqual([path, expected === null ? 'null' : typeof expected]);
    return;
  }
  if (Array.isArray(expected)) {
    expect([path, Array.isArray(actual)]).toEqual([path, true]);
    return;
  }
  expect([path, typeof actual === 'object' && actual !== null && !Array.isArray(actual)]).toEqual([path, true]);
  for (const [key, value] of Object.entries(expected)) {
    expect([path, key in (actual as object)]).toEqual([path, true]);
    const child = (actual as Record<string, unknown>)[key];
    if (key === 'code' || key === 'id') expect([`${path}.${key}`, child]).toEqual([`${path}.${key}`, value]);
    else expectSameShape(child, value, `${path}.${key}`);
  }
}

describe('docs/server.md', () => {
  const all = examples(DOC);
  const tokens = /COORDINATION_AUTH_TOKENS='([^']+)'/.exec(DOC)?.[1] ?? '';
  let open: TestServer;
  let secured: TestServer;
  beforeAll(async () => {
    open = await startServer({}, { logLevel: 'error' });
    secured = await startServer({ COORDINATION_AUTH_TOKENS: tokens }, { logLevel: 'error' });
  });
  afterAll(async () => {
    await open.close();
    await secured.close();
  });

  it('has a curl example for every method, each with the answer it gets', () => {
    for (const method of ['coordination.signal', 'coordination.state', 'coordination.metrics', 'coordination.select', 'coordination.predict', 'coordination.complete', 'rpc.discover']) {
      expect([method, all.some((e) => e.command.includes(`"method": "${method}"`))]).toEqual([method, true]);
    }
    expect(tokens).not.toBe('');
    expect(all.length).toBeGreaterThanOrEqual(14);
    expect(all.filter((e) => e.expected === undefined)).toEqual([]);
  });

  // In document order: later examples rely on what earlier ones stored, as they would for a reader.
  it('gets the documented answer from each example, run as written', async () => {
    for (const example of all) {
      const server = example.section.startsWith('Authentication') ? secured : open;
      const { stdout } = await run('bash', ['-c', example.command.split(DOC_URL).join(server.url)]);
      const expected = example.expected ?? { kind: 'missing', text: '' };
      if (expected.kind === 'json') {
        expectSameShape(JSON.parse(stdout), JSON.parse(expected.text));
      } else {
        expect([example.command, stdout.trim()]).toEqual([example.command, expected.text]);
      }
    }
  });
});
