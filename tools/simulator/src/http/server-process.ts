import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');
const MAIN = join(ROOT, 'apps', 'coordination-server', 'src', 'main.ts');
const READY_TIMEOUT_MS = 20_000;
/** The server drains within 5 s of SIGTERM; past this it is killed outright. */
const STOP_TIMEOUT_MS = 6000;
/** Inherited settings that would change what the run measures (auth, Redis, weights, TTL). */
const OWN_SETTINGS = /^(PORT|HOST|LOG_LEVEL|COORDINATION_|ROUTING_WEIGHT_|RIPPLE_)/;

/** A free loopback port. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}

/**
 * The real coordination-server as its own child process, on loopback, the way operators run
 * it (`node --import tsx apps/coordination-server/src/main.ts`). `stop()` ends it; should the
 * simulator exit first (an error, Ctrl-C), an exit hook kills it so no server is left behind.
 */
export class CoordinationServerProcess {
  private output = '';
  private readonly killOnExit = () => this.child.kill('SIGKILL');

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly url: string,
  ) {
    child.stdout.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    process.once('exit', this.killOnExit);
  }

  /** Starts a server with `env` on a free loopback port and waits until `/readyz` answers. */
  static async start(env: Readonly<Record<string, string>> = {}): Promise<CoordinationServerProcess> {
    const port = await freePort();
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !OWN_SETTINGS.test(name)));
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      cwd: ROOT,
      env: { ...inherited, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    });
    const server = new CoordinationServerProcess(child, `http://127.0.0.1:${port}`);
    try {
      await server.waitReady();
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  /** What the server wrote to stdout and stderr. */
  get log(): string {
    return this.output;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`coordination-server exited during start-up: ${this.output}`);
      const ready = await fetch(`${this.url}/readyz`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`coordination-server not ready within ${READY_TIMEOUT_MS} ms: ${this.output}`);
  }

  /** SIGTERM (graceful drain), then SIGKILL if it has not exited in time. */
  async stop(): Promise<void> {
    process.removeListener('exit', this.killOnExit);
    if (!this.running) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
}
