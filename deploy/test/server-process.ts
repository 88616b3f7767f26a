import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const WORKSPACE_ROOT = join(__dirname, '..', '..');
const MAIN = join(WORKSPACE_ROOT, 'apps', 'coordination-server', 'src', 'main.ts');

/** The real coordination-server as a child process on a free loopback port, as operators run it. */
export class ServerProcess {
  private output = '';

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly url: string,
  ) {}

  static async start(): Promise<ServerProcess> {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(PORT|HOST|LOG_LEVEL|COORDINATION_|ROUTING_WEIGHT_)/.test(name)));
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      cwd: WORKSPACE_ROOT,
      env: { ...inherited, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`coordination-server did not start within 20 s:\n${output}`)), 20_000);
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const url = listeningUrl(output);
        if (url !== undefined) {
          clearTimeout(timer);
          resolve(url);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`coordination-server exited with ${code} during start-up:\n${output}`));
      });
    });
    const server = new ServerProcess(child, url);
    server.output = output;
    child.stdout.on('data', (chunk: Buffer) => (server.output += chunk.toString()));
    return server;
  }

  get log(): string {
    return this.output;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    await exited;
  }
}

/** The `url` of the start-up line (`coordination-server listening`), once it has been written whole. */
function listeningUrl(output: string): string | undefined {
  for (const line of output.split('\n').slice(0, -1)) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { message?: string; url?: string };
    if (entry.message === 'coordination-server listening') return entry.url;
  }
  return undefined;
}
