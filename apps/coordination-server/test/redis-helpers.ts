import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import Redis from 'ioredis';
import { CoordinationService, seededRandom, type SensitivitySignal, type SensitivitySignalInput } from '@agentcore/coordination-core';
import { createReplicator, type ReplicatorOptions, type StateReplicator } from '../src/redis';

/** The Redis every test run may use; tests keep to their own key prefix on it. */
export const SHARED_REDIS_URL = process.env.COORDINATION_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function uniquePrefix(label: string): string {
  return `test:${label}:${process.pid}:${randomUUID().slice(0, 8)}:`;
}

/** Deletes every key under `prefix`, so the shared server is left as it was found. */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** A coordination service plus its replicator: what one server process holds. */
export interface Replica {
  service: CoordinationService;
  replicator: StateReplicator;
  /** What the server does for `coordination.signal`: validate and store locally, then share. */
  accept(inputs: readonly SensitivitySignalInput[]): SensitivitySignal[];
  close(): Promise<void>;
}

export type ReplicaOptions = Partial<ReplicatorOptions> & { url: string; prefix: string };

let seed = 1;

export function createReplica(options: ReplicaOptions): Replica {
  const service = new CoordinationService({ clock: Date.now, random: seededRandom(seed++) });
  const replicator = createReplicator({ replicaId: `replica-${seed}`, windowSeconds: 60, ...options });
  return {
    service,
    replicator,
    accept(inputs) {
      const accepted = service.registerSignals(inputs);
      replicator.publish(accepted);
      return accepted;
    },
    close: () => replicator.close(),
  };
}

export async function startReplica(options: ReplicaOptions): Promise<Replica> {
  const replica = createReplica(options);
  await replica.replicator.start((signals) => replica.service.registerSignals(signals));
  return replica;
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A throw-away redis-server of our own, for tests that kill Redis: the shared one is never touched. */
export class PrivateRedis {
  private child: ChildProcess | undefined;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
      stdio: 'ignore',
    });
    const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, disconnectTimeout: 50 });
    try {
      await waitFor(
        async () => {
          try {
            if (probe.status !== 'ready') await probe.connect();
            return (await probe.ping()) === 'PONG';
          } catch {
            probe.disconnect();
            return false;
          }
        },
        5_000,
        `redis-server on port ${this.port}`,
      );
    } finally {
      probe.disconnect();
    }
  }

  /** SIGKILL: the crash case, nothing flushed. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }
}
