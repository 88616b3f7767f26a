import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deleteKeys, ServerProcess, TEST_REDIS_URL, uniquePrefix } from '@agentcore/coordination-server/testing';
import { jsonDifferences, textDifferences } from '../src/documented';
import { examples, fences, type Fence } from '../src/fences';

export const ROOT = join(__dirname, '..', '..', '..');

export function readDoc(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

/** The port a documented URL or start command means when it names none. */
const DEFAULT_PORT = 8080;
/** Settings of the test process that must not leak into the commands a reader would type. */
const OWN_SETTINGS = /^(PORT|HOST|LOG_LEVEL|COORDINATION_|ROUTING_WEIGHT_|RIPPLE_|AGENT_ID$)/;

export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a document's examples as a reader would, in document order:
 *
 * - a ```sh block holds start-up commands: `[VAR=value …] npm start` starts the server with
 *   those variables (on a free port standing for the documented one; from source, as
 *   `ServerProcess` runs it — the bundle `npm start` builds is tested on its own), `npm ci` is
 *   what CI has done already, and `redis-server …` is the shared test Redis (with a key prefix of
 *   this run's own). Servers started in a section stop when the section ends.
 * - a ```bash block is run with bash, its URLs pointed at those servers, and what it prints is
 *   compared with the block right after it (```json or ```text), `…` standing for what varies.
 */
export class DocSession {
  /** Documented port → the server standing for it, per scope ('' for the whole document). */
  private readonly servers: Array<{ port: number; server: ServerProcess; section: string }> = [];
  private readonly redisPrefix = uniquePrefix('docs');
  private usedRedis = false;

  constructor(private readonly options: { defaultServer?: Record<string, string> } = {}) {}

  /** Starts the server a document assumes before its first start-up block, if it assumes one. */
  async open(): Promise<void> {
    if (this.options.defaultServer !== undefined) await this.startServer(DEFAULT_PORT, this.options.defaultServer, '');
  }

  async close(): Promise<void> {
    await Promise.all(this.servers.splice(0).map(({ server }) => server.stop()));
    if (this.usedRedis) await deleteKeys(TEST_REDIS_URL, this.redisPrefix);
  }

  /** The server a documented port stands for now. */
  url(port: number = DEFAULT_PORT): string {
    const found = [...this.servers].reverse().find((s) => s.port === port);
    if (found === undefined) throw new Error(`no server on documented port ${port}`);
    return found.server.url;
  }

  /** Leaves a section: its servers stop, the document's own stay. */
  async enterSection(section: string): Promise<void> {
    const leaving = this.servers.filter((s) => s.section !== '' && s.section !== section);
    for (const entry of leaving) this.servers.splice(this.servers.indexOf(entry), 1);
    await Promise.all(leaving.map(({ server }) => server.stop()));
  }

  /** One ```sh block of start-up commands. */
  async startUp(block: Fence): Promise<void> {
    for (const line of block.body.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim())) {
      // Installing and the test suite are what CI runs anyway.
      if (line === '' || line === 'npm ci' || line === 'npm test') continue;
      if (line.startsWith('redis-server ')) {
        this.usedRedis = true;
        continue;
      }
      const start = /^((?:[A-Z_][A-Z0-9_]*=(?:'[^']*'|\S+)\s+)*)(?:npm ci && )?npm start$/.exec(line);
      if (start === null) throw new Error(`line ${block.line}: not a start-up command this check knows: ${line}`);
      const env: Record<string, string> = {};
      for (const [, name, quoted, plain] of start[1].matchAll(/([A-Z_][A-Z0-9_]*)=(?:'([^']*)'|(\S+))/g)) env[name] = quoted ?? plain;
      const port = env.PORT === undefined ? DEFAULT_PORT : Number(env.PORT);
      delete env.PORT;
      if (env.COORDINATION_REDIS_URL !== undefined) {
        env.COORDINATION_REDIS_URL = TEST_REDIS_URL;
        env.COORDINATION_REDIS_PREFIX = this.redisPrefix;
        this.usedRedis = true;
      }
      await this.startServer(port, env, block.section);
    }
  }

  /** Runs one ```bash block with bash from the repository root. */
  run(command: string): Promise<CommandRun> {
    const rewritten = command.replace(/(?:https?:\/\/)?(?:127\.0\.0\.1|localhost):(\d+)/g, (_match, port: string) => this.url(Number(port)));
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !OWN_SETTINGS.test(name)));
    return new Promise((resolve, reject) => {
      // At low CPU priority (examples compile with tsx), so timing-sensitive tests beside them keep theirs.
      execFile('nice', ['-n', '10', 'bash', '-c', rewritten], { cwd: ROOT, env: inherited, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') reject(error);
        else resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
      });
    });
  }

  private async startServer(port: number, env: Record<string, string>, section: string): Promise<void> {
    this.servers.push({ port, server: await ServerProcess.start({ LOG_LEVEL: 'warn', ...env }), section });
  }
}

/** What the command printed, against the answer the document shows: the differences, empty when as documented. */
export function answerDifferences(run: CommandRun, answer: Fence): string[] {
  if (answer.lang === 'json') {
    let actual: unknown;
    try {
      actual = JSON.parse(run.stdout);
    } catch {
      return [`not JSON: ${run.stdout}${run.stderr}`];
    }
    return jsonDifferences(actual, JSON.parse(answer.body));
  }
  return textDifferences(run.stdout, answer.body);
}

/**
 * Runs every example of a document in order, failing with the document's line and the
 * differences for each example whose answer is not the one shown.
 */
export async function checkDocument(path: string, session: DocSession, check?: (example: { command: Fence; run: CommandRun }) => void): Promise<number> {
  const all = fences(readDoc(path));
  const pairs = new Map(examples(all).map((example) => [example.command, example.answer]));
  const problems: string[] = [];
  let ran = 0;
  await session.open();
  let section: string | undefined;
  for (const block of all) {
    if (block.section !== section) {
      section = block.section;
      await session.enterSection(section);
    }
    if (block.lang === 'sh') await session.startUp(block);
    if (block.lang !== 'bash') continue;
    const answer = pairs.get(block);
    const run = await session.run(block.body);
    ran++;
    check?.({ command: block, run });
    if (answer === undefined) problems.push(`${path}:${block.line}: a command without the answer it gets`);
    else for (const difference of answerDifferences(run, answer)) problems.push(`${path}:${block.line}: ${difference}`);
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return ran;
}
