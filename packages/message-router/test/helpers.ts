import type { AgentRegistration, MessageEnvelope, RoutingContext } from '../src';
import { mulberry32 } from '../src';

export function agent(id: string, capabilities: readonly string[] = ['chat'], extra: Partial<AgentRegistration> = {}): AgentRegistration {
  return { id, capabilities, ...extra };
}

let nextId = 0;
export function envelope(overrides: Partial<MessageEnvelope> = {}): MessageEnvelope {
  nextId += 1;
  return { id: `m-${nextId}`, sender: 'tester', payload: { n: nextId }, ...overrides };
}

export interface ContextOptions {
  capability?: string;
  inFlight?: Record<string, number>;
  random?: () => number;
  attempt?: number;
}

export function context(candidates: readonly AgentRegistration[], options: ContextOptions = {}): RoutingContext {
  const loads = options.inFlight ?? {};
  return {
    message: envelope({ capability: options.capability }),
    candidates,
    inFlight: (id) => loads[id] ?? 0,
    random: options.random ?? mulberry32(1),
    now: () => 0,
    attempt: options.attempt ?? 1,
  };
}

export function countBy<T extends string>(values: readonly T[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}

export function deferred<T = unknown>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
