import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitFor } from '../src/testing';

const ROOT = join(__dirname, '..', '..', '..');
const BUNDLE = join(ROOT, 'dist', 'coordination-server');
const run = promisify(execFile);

/** The Dockerfile's instructions, continuation lines joined. */
function dockerfile(): Array<{ instruction: string; args: string }> {
  return readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [instruction, ...rest] = line.split(/\s+/);
      return { instruction: instruction.toUpperCase(), args: rest.join(' ') };
    });
}

/** Whether .dockerignore lets `path` into the build context (its rules in order; the last match wins). */
function sentToBuilder(path: string): boolean {
  const rules = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  let included = true;
  for (const rule of rules) {
    const negated = rule.startsWith('!');
    const pattern = (negated ? rule.slice(1) : rule).replace(/\/$/, '');
    const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}(/.*)?$`);
    if (regex.test(path.replace(/\/$/, ''))) included = negated;
  }
  return included;
}

describe('the deployable server', () => {
  let dir: string;
  let child: ChildProcess | undefined;

  beforeAll(() => {
    // The real command, as an operator runs it: type-check, then bundle into dist/. At low CPU
    // priority, so the timing-sensitive tests running beside it on the same cores keep theirs.
    execFileSync('nice', ['-n', '10', 'npm', 'run', 'build', '--silent'], { cwd: ROOT, stdio: 'pipe' });
    dir = mkdtempSync(join(tmpdir(), 'coordination-bundle-'));
    cpSync(BUNDLE, dir, { recursive: true });
  }, 180_000);
  afterEach(async () => {
    if (child !== undefined && child.exitCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    child = undefined;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Node.js with nothing of this workspace around: no node_modules above, no inherited settings. */
  const cleanEnv = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH ?? '', HOME: dir, ...extra });

  it('runs with plain node from an empty folder outside the workspace: /healthz, JSON-RPC, a graceful stop', async () => {
    for (let up = dir; up !== dirname(up); up = dirname(up)) expect([up, existsSync(join(up, 'node_modules'))]).toEqual([up, false]);
    const port = await freePort();
    child = spawn(process.execPath, ['main.js'], { cwd: dir, env: cleanEnv({ PORT: String(port) }), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${url}/healthz`).catch(() => undefined))?.status === 200, 15_000, `the bundle to answer /healthz (${output})`);

    const call = async (method: string, params: unknown) =>
      (await (await fetch(`${url}/rpc`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })).json()) as {
        result: Record<string, unknown>;
      };
    expect((await call('coordination.signal', { agent_id: 'bundled', signal_type: 'load', value: 0.25 })).result).toMatchObject({ accepted: 1 });
    expect((await call('coordination.state', { agent_id: 'bundled' })).result).toMatchObject({ agent_id: 'bundled', signals: { load: { value: 0.25 } } });
    const version = (await (await fetch(`${url}/version`)).json()) as Record<string, string>;
    expect(version.commit).toBe(JSON.parse(readFileSync(join(dir, 'build-info.json'), 'utf8')).commit);
    expect((await fetch(`${url}/status/`)).status).toBe(200);

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(output).toContain('coordination-server listening');
  }, 30_000);

  it('prints --version and --help and exits without starting', async () => {
    const version = await run(process.execPath, ['main.js', '--version'], { cwd: dir, env: cleanEnv() });
    expect(version.stdout).toMatch(/^coordination-server \d+\.\d+\.\d+ \(commit [0-9a-f]{40}(-dirty)?, node v\d+/);
    const help = await run(process.execPath, ['main.js', '--help'], { cwd: dir, env: cleanEnv() });
    expect(help.stdout).toMatch(/^ {2}COORDINATION_EVENTS_MAX_STREAMS +100 /m);
  });

  it('records the commit it was built from', () => {
    const info = JSON.parse(readFileSync(join(BUNDLE, 'build-info.json'), 'utf8')) as { commit: string; version: string };
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    expect(info.commit.replace(/-dirty$/, '')).toBe(head);
    expect(JSON.parse(readFileSync(join(BUNDLE, 'package.json'), 'utf8'))).toMatchObject({ type: 'commonjs', main: 'main.js', version: info.version });
  });

  describe('Dockerfile', () => {
    const steps = dockerfile();
    const args = (instruction: string) => steps.filter((s) => s.instruction === instruction).map((s) => s.args);

    it('copies only paths that exist after npm run build and that .dockerignore sends to the builder', () => {
      const copies = [...args('COPY'), ...args('ADD')];
      expect(copies.length).toBeGreaterThan(0);
      for (const copy of copies) {
        const parts = copy.split(/\s+/).filter((part) => !part.startsWith('--'));
        for (const source of parts.slice(0, -1)) {
          expect([source, existsSync(join(ROOT, source))]).toEqual([source, true]);
          expect([source, sentToBuilder(source)]).toEqual([source, true]);
        }
      }
      expect(sentToBuilder('apps/coordination-server/src/main.ts')).toBe(false);
      expect(sentToBuilder('node_modules')).toBe(false);
    });

    it('runs as a non-root user, binds 0.0.0.0, exposes its PORT, and checks /healthz with node', async () => {
      expect(args('FROM')[0]).toMatch(/^node:20/);
      expect(args('USER')).toEqual(['node']);
      const env = args('ENV').join(' ');
      expect(env).toContain('HOST=0.0.0.0');
      const port = /PORT=(\d+)/.exec(env)?.[1];
      expect(args('EXPOSE')).toEqual([port]);
      expect(JSON.parse(args('CMD')[0])).toEqual(['node', 'main.js']);

      // The health check, run as Docker would run it, against the bundle and against nothing.
      const healthcheck = args('HEALTHCHECK')[0];
      const command = JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD ') + 4)) as string[];
      expect(command[0]).toBe('node');
      const listening = await freePort();
      child = spawn(process.execPath, ['main.js'], { cwd: dir, env: cleanEnv({ PORT: String(listening) }), stdio: 'ignore' });
      await waitFor(async () => (await fetch(`http://127.0.0.1:${listening}/healthz`).catch(() => undefined))?.ok === true, 15_000, 'the bundle');
      const check = (port: number) =>
        new Promise<number | null>((resolve) => {
          const probe = spawn(process.execPath, command.slice(1), { env: cleanEnv({ PORT: String(port) }), stdio: 'ignore' });
          probe.on('exit', (code) => resolve(code));
        });
      expect(await check(listening)).toBe(0);
      expect(await check(await freePort())).toBe(1);
    }, 30_000);
  });
});
