import type { AdmissionTimers } from '../src';

/** Timers in virtual time: nothing fires until `advance` moves the clock past it. */
export class VirtualTimers implements AdmissionTimers {
  now = 0;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();
  private next = 0;

  setTimeout(callback: () => void, ms: number): number {
    const id = ++this.next;
    this.pending.set(id, { at: this.now + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  get size(): number {
    return this.pending.size;
  }

  /** Moves the clock forward by `ms`, firing every timer due on the way, in order. */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      let due: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.pending) if (entry[1].at <= until && (due === undefined || entry[1].at < due[1].at)) due = entry;
      if (due === undefined) break;
      this.pending.delete(due[0]);
      this.now = due[1].at;
      due[1].callback();
    }
    this.now = until;
  }
}

/** Lets promise callbacks that are ready run (awaited continuations, settled deliveries). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
