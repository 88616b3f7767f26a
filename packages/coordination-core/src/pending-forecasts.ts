/** Forecasts awaiting their outcome, per agent and scored horizon: a bounded ring. */
export const PENDING_PER_HORIZON = 6;

const MADE_AT = 0;
const RAW = 1;
const PUBLISHED = 2;
const TIME_TO_OVERLOAD = 3;
const BELOW = 4;
const FIELDS = 5;

/**
 * One agent's scan forecasts that have not come out yet, oldest first: at most
 * PENDING_PER_HORIZON per scored horizon (with scans every 15 s that is every forecast of a 60 s
 * horizon, until the report after the horizon settles the oldest). When a horizon's slots are full a new forecast is not scored, so which forecasts are
 * scored never depends on how earlier ones came out. Plain numbers in one typed array: resolving
 * runs on every load report and must not allocate.
 */
export class PendingForecasts {
  private readonly data: Float64Array;
  private readonly counts: Uint8Array;

  constructor(horizons: number) {
    this.data = new Float64Array(horizons * PENDING_PER_HORIZON * FIELDS);
    this.counts = new Uint8Array(horizons);
  }

  count(horizon: number): number {
    return this.counts[horizon];
  }

  /**
   * Adds a forecast at horizon index `horizon` (`timeToOverload` NaN when none was given;
   * `below`: the agent's load was below the threshold when it was made). False, and nothing
   * kept, when that horizon's slots are full.
   */
  add(horizon: number, madeAtMs: number, raw: number, published: number, timeToOverload: number, below: boolean): boolean {
    const n = this.counts[horizon];
    if (n >= PENDING_PER_HORIZON) return false;
    const at = (horizon * PENDING_PER_HORIZON + n) * FIELDS;
    const d = this.data;
    d[at + MADE_AT] = madeAtMs;
    d[at + RAW] = raw;
    d[at + PUBLISHED] = published;
    d[at + TIME_TO_OVERLOAD] = timeToOverload;
    d[at + BELOW] = below ? 1 : 0;
    this.counts[horizon] = n + 1;
    return true;
  }

  madeAt(horizon: number, i: number): number {
    return this.data[this.at(horizon, i) + MADE_AT];
  }

  raw(horizon: number, i: number): number {
    return this.data[this.at(horizon, i) + RAW];
  }

  published(horizon: number, i: number): number {
    return this.data[this.at(horizon, i) + PUBLISHED];
  }

  timeToOverload(horizon: number, i: number): number {
    return this.data[this.at(horizon, i) + TIME_TO_OVERLOAD];
  }

  below(horizon: number, i: number): boolean {
    return this.data[this.at(horizon, i) + BELOW] === 1;
  }

  /** Drops the `i`-th pending forecast of a horizon, keeping the others in order. */
  remove(horizon: number, i: number): void {
    const n = this.counts[horizon];
    const at = this.at(horizon, i);
    const end = this.at(horizon, n);
    if (at + FIELDS < end) this.data.copyWithin(at, at + FIELDS, end);
    this.counts[horizon] = n - 1;
  }

  private at(horizon: number, i: number): number {
    return (horizon * PENDING_PER_HORIZON + i) * FIELDS;
  }
}
