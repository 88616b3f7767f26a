/**
 * Agent ids in sorted order, kept up to date as agents come and go, so a page of the listing
 * costs O(log n + page) instead of a sort of every id per call. Two levels, like a B-tree of
 * height two: sorted chunks of at most CHUNK ids, found by a binary search over the chunks'
 * first ids. Order is JavaScript's string order (UTF-16 code units), the order `<` compares in.
 */
const CHUNK = 512;

export class SortedIds {
  private chunks: string[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds `id`; false when it is already there. */
  add(id: string): boolean {
    if (this.chunks.length === 0) {
      this.chunks.push([id]);
      this.count = 1;
      return true;
    }
    const c = this.chunkFor(id);
    const chunk = this.chunks[c];
    const at = lowerBound(chunk, id);
    if (chunk[at] === id) return false;
    chunk.splice(at, 0, id);
    this.count++;
    if (chunk.length > CHUNK) this.chunks.splice(c + 1, 0, chunk.splice(CHUNK >> 1));
    return true;
  }

  /** Removes `id`; false when it was not there. */
  delete(id: string): boolean {
    if (this.chunks.length === 0) return false;
    const c = this.chunkFor(id);
    const chunk = this.chunks[c];
    const at = lowerBound(chunk, id);
    if (chunk[at] !== id) return false;
    chunk.splice(at, 1);
    this.count--;
    if (chunk.length === 0) this.chunks.splice(c, 1);
    // Two small neighbours become one, so chunks stay at least a quarter full.
    else if (c + 1 < this.chunks.length && chunk.length + this.chunks[c + 1].length <= CHUNK >> 1) {
      chunk.push(...this.chunks[c + 1]);
      this.chunks.splice(c + 1, 1);
    }
    return true;
  }

  /**
   * Removes many ids at once; returns how many were there. A few go one by one; many (a wave of
   * agents expiring together) in one pass over every chunk, which costs O(n) instead of
   * O(k log n) with a splice each — 50,000 deletes take milliseconds, not a tenth of a second.
   */
  deleteMany(ids: readonly string[]): number {
    if (ids.length * 16 < this.count) {
      let removed = 0;
      for (const id of ids) if (this.delete(id)) removed++;
      return removed;
    }
    const gone = new Set(ids);
    const kept: string[] = [];
    for (const chunk of this.chunks) for (const id of chunk) if (!gone.has(id)) kept.push(id);
    const removed = this.count - kept.length;
    this.chunks = [];
    for (let at = 0; at < kept.length; at += CHUNK >> 1) this.chunks.push(kept.slice(at, at + (CHUNK >> 1)));
    this.count = kept.length;
    return removed;
  }

  /** Up to `limit` ids after `after` (from the first when undefined), in order. */
  after(after: string | undefined, limit: number): string[] {
    const out: string[] = [];
    if (limit <= 0 || this.chunks.length === 0) return out;
    let c = 0;
    let at = 0;
    if (after !== undefined) {
      c = this.chunkFor(after);
      at = upperBound(this.chunks[c], after);
    }
    for (; c < this.chunks.length && out.length < limit; c++, at = 0) {
      const chunk = this.chunks[c];
      for (; at < chunk.length && out.length < limit; at++) out.push(chunk[at]);
    }
    return out;
  }

  /** Every id, in order. */
  *[Symbol.iterator](): IterableIterator<string> {
    for (const chunk of this.chunks) yield* chunk;
  }

  clear(): void {
    this.chunks = [];
    this.count = 0;
  }

  /** The chunk `id` belongs in: the last whose first id is <= id (the first chunk for smaller ids). */
  private chunkFor(id: string): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.chunks[mid][0] <= id) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** First position whose id is >= `id`. */
function lowerBound(chunk: readonly string[], id: string): number {
  let lo = 0;
  let hi = chunk.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (chunk[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First position whose id is > `id`. */
function upperBound(chunk: readonly string[], id: string): number {
  let lo = 0;
  let hi = chunk.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (chunk[mid] <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The service's agents by id — a Map, so lookups stay the engine's own — that also keeps their
 * ids sorted (`ids`) as agents are added and forgotten. Everything that adds or removes an agent
 * goes through set/delete, so the two cannot drift apart.
 */
export class AgentIndex<V> extends Map<string, V> {
  readonly ids = new SortedIds();

  constructor() {
    // No initial entries: Map's constructor would call set() before `ids` exists.
    super();
  }

  override set(id: string, value: V): this {
    if (!super.has(id)) this.ids.add(id);
    return super.set(id, value);
  }

  override delete(id: string): boolean {
    if (!super.delete(id)) return false;
    this.ids.delete(id);
    return true;
  }

  override clear(): void {
    super.clear();
    this.ids.clear();
  }

  /** Deletes many entries at once (agents expiring together): the sorted ids are rebuilt in one pass when that is cheaper. */
  deleteMany(ids: readonly string[]): number {
    const deleted: string[] = [];
    for (const id of ids) if (super.delete(id)) deleted.push(id);
    this.ids.deleteMany(deleted);
    return deleted.length;
  }
}

/** Storing the signals would make the service track more agents than its limit (COORDINATION_MAX_AGENTS); nothing was stored. */
export class AgentLimitError extends Error {
  override readonly name = 'AgentLimitError';
  constructor(
    readonly maxAgents: number,
    /** Agents the refused signals would have added. */
    readonly newAgents: number,
  ) {
    super(`agent limit reached: the service tracks at most ${maxAgents} agents; these signals would add ${newAgents} more`);
  }
}
