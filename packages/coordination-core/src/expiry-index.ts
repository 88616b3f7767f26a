/**
 * Finds expired entries in time proportional to how many have expired, not to how many
 * are tracked: entries sit in one-second buckets keyed by expiry time, and a min-heap of
 * bucket keys says which buckets are due. Re-arming an entry (a newer signal replaced the
 * old one) moves it between buckets in O(1), so no stale entries pile up.
 */
export interface ExpiryEntry {
  expiresAtMs: number;
  /** Bucket the entry is in, or -1 when not armed. */
  bucket: number;
}

const BUCKET_MS = 1000;

export class ExpiryIndex<E extends ExpiryEntry> {
  private readonly buckets = new Map<number, Set<E>>();
  private readonly heap: number[] = [];
  private armed = 0;

  get size(): number {
    return this.armed;
  }

  arm(entry: E, expiresAtMs: number): void {
    this.disarm(entry);
    entry.expiresAtMs = expiresAtMs;
    const key = Math.floor(expiresAtMs / BUCKET_MS);
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = new Set();
      this.buckets.set(key, bucket);
      this.heapPush(key);
    }
    bucket.add(entry);
    entry.bucket = key;
    this.armed++;
  }

  disarm(entry: E): void {
    if (entry.bucket < 0) return;
    const bucket = this.buckets.get(entry.bucket);
    if (bucket !== undefined && bucket.delete(entry)) this.armed--;
    // An emptied bucket stays in the heap until it comes due; popping it then costs O(log n).
    entry.bucket = -1;
  }

  /** Removes and returns every entry with expiresAtMs <= nowMs. */
  takeExpired(nowMs: number): E[] {
    const due: E[] = [];
    const lastKey = Math.floor(nowMs / BUCKET_MS);
    while (this.heap.length > 0 && this.heap[0] <= lastKey) {
      const key = this.heap[0];
      const bucket = this.buckets.get(key);
      if (bucket !== undefined) {
        for (const entry of bucket) {
          if (entry.expiresAtMs <= nowMs) {
            bucket.delete(entry);
            entry.bucket = -1;
            this.armed--;
            due.push(entry);
          }
        }
        // The bucket of the current second may keep entries that expire later in it.
        if (bucket.size > 0) break;
        this.buckets.delete(key);
      }
      this.heapPop();
    }
    return due;
  }

  private heapPush(key: number): void {
    const heap = this.heap;
    heap.push(key);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent] <= key) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = key;
  }

  private heapPop(): void {
    const heap = this.heap;
    const last = heap.pop() as number;
    if (heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && heap[right] < heap[left] ? right : left;
      if (heap[child] >= last) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = last;
  }
}
