/**
 * FIFO of items waiting to be shared, bounded so a long Redis outage cannot exhaust memory.
 * On overflow the oldest go first: a newer signal of the same kind supersedes them anyway.
 */
export class PublishBuffer<T> {
  private items: T[] = [];
  private head = 0;
  private droppedCount = 0;

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('maxBuffered must be a positive integer');
  }

  get size(): number {
    return this.items.length - this.head;
  }

  /** Items discarded on overflow since the buffer was created. */
  get dropped(): number {
    return this.droppedCount;
  }

  push(item: T): void {
    this.items.push(item);
    if (this.size > this.capacity) {
      this.head++;
      this.droppedCount++;
    }
    this.compact();
  }

  /** Removes and returns up to `max` of the oldest items. */
  take(max: number): T[] {
    const end = Math.min(this.items.length, this.head + max);
    const chunk = this.items.slice(this.head, end);
    this.head = end;
    this.compact();
    return chunk;
  }

  /** Puts back a chunk that could not be sent, ahead of everything newer, then enforces the bound. */
  restore(chunk: readonly T[]): void {
    this.items = [...chunk, ...this.items.slice(this.head)];
    this.head = 0;
    const excess = this.items.length - this.capacity;
    if (excess > 0) {
      this.head = excess;
      this.droppedCount += excess;
      this.compact();
    }
  }

  /** Reclaims the consumed prefix once it dominates, keeping push and take amortised O(1). */
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
