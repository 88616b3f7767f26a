import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { freePort } from './free-port';

const ROOT = join(__dirname, '..', '..', '..', '..');
const MAIN = join(ROOT, 'apps', 'coordination-server', 'src', 'main.ts');
const READY_TIMEOUT_MS = 20_000;
/** The server drains within 5 s of SIGTERM; past this it is killed outright. */
const STOP_TIMEOUT_MS = 6_000;
/** Inherited settings that would change the server under test (address, log level, auth, Redis, weights, TTL). */
const OWN_SETTINGS = /^(PORT|HOST|LOG_LEVEL|COORDINATION_|ROUTING_WEIGHT_|RIPPLE_)/;

export interface ServerProcessOptions {
  /** Settings for the server, on top of the inherited environment without any of the server's own settings. */
  env?: Readonly<Record<string, string>>;
  /** Port to listen on on 127.0.0.1; default a free one, picked at the first start and kept for restarts. */
  port?: number;
  /** How long `start()` waits for `/readyz` to answer 200. Default 20 s. */
  readyTimeoutMs?: number;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The real coordination-server as its own child process on loopback, run the way operators run
 * it (`node --import tsx apps/coordination-server/src/main.ts`, configured only through the
 * environment), with its output captured. `start()` returns once `/readyz` answers 200;
 * `stop()` sends SIGTERM and waits for the graceful exit; `kill()` is the crash. A stopped or
 * killed server can be started again on the same port. Should the test process exit first, an
 * exit hook kills the child so no server is left behind.
 */
export class ServerProcess {
  private child: ChildProcessWithoutNullStreams | undefined;
  private exit: Promise<ProcessExit> | undefined;
  private chosenPort: number | undefined;
  private stdoutText = '';
  private stderrText = '';
  private logText = '';
  private readonly killOnExit = () => this.child?.kill('SIGKILL');

  constructor(private readonly options: ServerProcessOptions = {}) {
    this.chosenPort = options.port;
  }

  /** A server with `env` on a free port, ready; on failure nothing is left running. */
  static async start(env: Readonly<Record<string, string>> = {}, options: Omit<ServerProcessOptions, 'env'> = {}): Promise<ServerProcess> {
    const server = new ServerProcess({ ...options, env });
    await server.start();
    return server;
  }

  get port(): number {
    if (this.chosenPort === undefined) throw new Error('the server has not been started yet');
    return this.chosenPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Whether the child process is alive. */
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** What the server wrote to stdout and stderr, interleaved, over every start. */
  get log(): string {
    return this.logText;
  }

  /** What the server wrote to stdout (its JSON log lines) over every start. */
  get stdout(): string {
    return this.stdoutText;
  }

  /** What the server wrote to stderr (fatal start-up errors) over every start. */
  get stderr(): string {
    return this.stderrText;
  }

  /** Launches the process without waiting for it, for tests of how it starts or fails to. */
  async spawn(): Promise<void> {
    if (this.running) throw new Error('the server is already running');
    this.chosenPort ??= await freePort();
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !OWN_SETTINGS.test(name)));
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      cwd: ROOT,
      env: { ...inherited, PORT: String(this.chosenPort), HOST: '127.0.0.1', ...this.options.env },
    });
    this.child = child;
    child.stdout.on('data', (chunk: Buffer) => {
      this.stdoutText += chunk.toString();
      this.logText += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderrText += chunk.toString();
      this.logText += chunk.toString();
    });
    process.once('exit', this.killOnExit);
    // 'close' rather than 'exit': by then the output is read to the end.
    this.exit = once(child, 'close').then(([code, signal]) => {
      process.removeListener('exit', this.killOnExit);
      return { code: code as number | null, signal: signal as NodeJS.Signals | null };
    });
  }

  /**
   * Launches the process and waits until `/readyz` answers 200. A server that exits first or is
   * not ready in time fails the start, and is stopped, so nothing is left running.
   */
  async start(): Promise<void> {
    await this.spawn();
    try {
      await this.waitUntilReady(this.options.readyTimeoutMs ?? READY_TIMEOUT_MS);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) {
        const { code, signal } = await this.exited();
        throw new Error(`coordination-server exited during start-up (${signal ?? `code ${code}`}): ${this.logText}`);
      }
      const ready = await fetch(`${this.url}/readyz`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`coordination-server not ready within ${timeoutMs} ms: ${this.logText}`);
  }

  /** How the current (or last) process ended, once it has. */
  exited(): Promise<ProcessExit> {
    if (this.exit === undefined) throw new Error('the server has not been started yet');
    return this.exit;
  }

  /** `signal` (SIGTERM by default: a graceful drain), then SIGKILL if it has not exited in time. Idempotent. */
  async stop(signal: 'SIGTERM' | 'SIGINT' = 'SIGTERM'): Promise<ProcessExit | undefined> {
    const child = this.child;
    if (child === undefined) return undefined;
    if (this.running) {
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await this.exited();
      clearTimeout(timer);
    }
    return this.exited();
  }

  /** SIGKILL: no graceful shutdown, as when a node dies. */
  async kill(): Promise<void> {
    if (this.child === undefined) return;
    if (this.running) this.child.kill('SIGKILL');
    await this.exited();
  }
}
