import type { JsonRpcId } from './send';

/**
 * Room every answer keeps for the error that may replace it: envelope, code, message and data of
 * a "response too large" or "internal error" answer, besides the request's own id.
 */
export const ERROR_ANSWER_BYTES = 320;

/**
 * The byte budget of one HTTP answer (COORDINATION_MAX_RESPONSE_BYTES), shared by the calls of a
 * batch in order. Each answer is set aside room for an error answer up front, so replacing any
 * answer by an error always fits and the whole answer, brackets and commas included, never
 * passes the budget. A call whose estimate does not fit is refused before it runs; one that
 * came out larger than its estimate is replaced after.
 */
export class ResponseBudget {
  private free: number;
  private readonly reserved: number[];

  private constructor(
    readonly maxBytes: number,
    reserved: number[],
    free: number,
  ) {
    this.reserved = reserved;
    this.free = free;
  }

  /**
   * The budget for answers under these ids (undefined: a notification, no answer), or null when
   * even an error answer for each would not fit (a batch of very long ids).
   */
  static of(maxBytes: number, ids: ReadonlyArray<JsonRpcId | undefined>, batch: boolean): ResponseBudget | null {
    const reserved = ids.map((id) => (id === undefined ? 0 : Buffer.byteLength(JSON.stringify(id)) + ERROR_ANSWER_BYTES));
    const answers = ids.filter((id) => id !== undefined).length;
    // Brackets and commas of a batch answer.
    const framing = batch ? answers + 1 : 0;
    const free = maxBytes - framing - reserved.reduce((sum, bytes) => sum + bytes, 0);
    return free < 0 ? null : new ResponseBudget(maxBytes, reserved, free);
  }

  /** Bytes answer `index` may still take. */
  available(index: number): number {
    return this.reserved[index] + this.free;
  }

  /** Takes `bytes` for answer `index` if they fit; false leaves the budget as it was. */
  take(index: number, bytes: number): boolean {
    if (bytes > this.available(index)) return false;
    this.free -= bytes - this.reserved[index];
    this.reserved[index] = 0;
    return true;
  }

  /** Takes room for an error answer of `bytes`, which always fits in what was set aside for it. */
  takeReserved(index: number, bytes: number): void {
    this.free += this.reserved[index] - bytes;
    this.reserved[index] = 0;
  }
}
