/** Fixed-capacity FIFO that overwrites its oldest entry when full. */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    const end = (this.start + this.count) % this.capacity;
    this.items[end] = item;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** Entries oldest first. */
  toArray(): T[] {
    const out: T[] = new Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.items[(this.start + i) % this.capacity] as T;
    return out;
  }
}

/** A ring of (time, value, weight) samples in typed arrays: compact and cheap to fit a trend over. */
export class SampleRing {
  readonly times: Float64Array;
  readonly values: Float64Array;
  readonly weights: Float64Array;
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
    this.weights = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** `weight` (default 1) is how much the sample counts, e.g. the reporter's confidence. */
  push(time: number, value: number, weight = 1): void {
    const end = (this.start + this.count) % this.capacity;
    this.times[end] = time;
    this.values[end] = value;
    this.weights[end] = weight;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** Where the `i`-th sample (0 = oldest) sits in `times`, `values` and `weights`. */
  slot(i: number): number {
    return (this.start + i) % this.capacity;
  }

  /** Calls `visit` for each sample, oldest first. */
  forEach(visit: (time: number, value: number, weight: number) => void): void {
    for (let i = 0; i < this.count; i++) {
      const j = (this.start + i) % this.capacity;
      visit(this.times[j], this.values[j], this.weights[j]);
    }
  }
}
