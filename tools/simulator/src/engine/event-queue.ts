/** One scheduled callback. `seq` orders events at the same instant by scheduling order, keeping runs deterministic. */
interface ScheduledEvent {
  time: number;
  seq: number;
  fire: () => void;
}

/**
 * The simulation's virtual clock and future-event list (a binary min-heap on time, then
 * insertion order). Nothing sleeps: `run` jumps from one event to the next.
 */
export class EventQueue {
  private readonly heap: ScheduledEvent[] = [];
  private seq = 0;
  private current = 0;

  /** Virtual time in milliseconds since the start of the run. */
  get now(): number {
    return this.current;
  }

  get size(): number {
    return this.heap.length;
  }

  /** Schedules `fire` at `time` (never in the past: a late schedule fires now). */
  at(time: number, fire: () => void): void {
    this.push({ time: Math.max(time, this.current), seq: this.seq++, fire });
  }

  after(delayMs: number, fire: () => void): void {
    this.at(this.current + delayMs, fire);
  }

  /** Fires events in order until none is left or the next one is after `until`. Returns events fired. */
  run(until = Number.POSITIVE_INFINITY): number {
    let fired = 0;
    while (this.heap.length > 0 && this.heap[0].time <= until) {
      const event = this.pop();
      this.current = event.time;
      event.fire();
      fired++;
    }
    return fired;
  }

  private push(event: ScheduledEvent): void {
    const heap = this.heap;
    heap.push(event);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!earlier(event, heap[parent])) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = event;
  }

  private pop(): ScheduledEvent {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop() as ScheduledEvent;
    if (heap.length > 0) {
      let i = 0;
      const n = heap.length;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        const child = right < n && earlier(heap[right], heap[left]) ? right : left;
        if (!earlier(heap[child], last)) break;
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}

function earlier(a: ScheduledEvent, b: ScheduledEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
