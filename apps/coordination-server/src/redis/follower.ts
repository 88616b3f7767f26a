import type Redis from 'ioredis';
import type { SensitivitySignal } from '@agentcore/coordination-core';
import type { ApplyShared } from './replicator';
import { delay, errorMessage, type ReplicationLink } from './link';
import { compareStreamIds, decodeEntry, decodeSignal, entryOrigin, escapeGlob, streamIdMs } from './stream-codec';

export interface FollowerOptions {
  streamKey: string;
  longKeyPrefix: string;
  /** This replica's own entries carry it; they are skipped unread. */
  origin: string;
  pageSize: number;
  blockMs: number;
}

type Apply = ApplyShared;
type StreamEntry = [id: string, fields: string[]];

const START_OF_STREAM = '0-0';
/** Pause after a failed read on a live connection (a server error, not a disconnect), so a bad reply cannot spin the loop. */
const READ_ERROR_PAUSE_MS = 250;
/** Signals stored per turn of the event loop while rebuilding or catching up: a page can hold 500,000. */
const APPLY_SLICE = 2_000;

/**
 * The reading half of replication: rebuilds this replica's state from the long-lived keys and the
 * stream, then follows the stream, applying every other replica's signals. One loop does both,
 * because catching up after an outage is the same work as rebuilding.
 *
 * A shared signal this replica refuses (say, a timestamp too far ahead of its clock) is skipped
 * and counted in `rejected`; the rest are kept (`ApplyShared`), while rebuilding as while
 * following. A page is stored APPLY_SLICE signals at a time, yielding to the event loop between
 * slices, so a rebuild of a large stream does not hold up the server's probes.
 */
export class Follower {
  private cursor = START_OF_STREAM;
  private longLivedLoaded = false;
  private rebuilt = false;
  private stopped = false;
  private applyingNow = false;
  private wakeReader: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private lag: number | undefined;
  /** When the last read came back (Date.now()); undefined before the first. */
  private lastReadAt: number | undefined;
  private rejectedCount = 0;

  constructor(
    /** A connection of its own: XREAD BLOCK holds it until data or timeout. */
    private readonly reader: Redis,
    private readonly link: ReplicationLink,
    private readonly options: FollowerOptions,
  ) {}

  /** True while shared signals are being applied: the service re-emits them, and they must not be shared again. */
  get applying(): boolean {
    return this.applyingNow;
  }

  /**
   * How long after its write to Redis the newest applied entry was applied; 0 when a read found
   * nothing new. While reads fail or hang, it is the time since the last read came back: what
   * this replica may have missed is at most that old.
   */
  get lagMs(): number | undefined {
    if (this.lastReadAt === undefined || this.lag === undefined) return this.lag;
    const sinceRead = Date.now() - this.lastReadAt;
    // A healthy blocking read comes back within blockMs.
    return sinceRead > this.options.blockMs + 1_000 ? Math.max(this.lag, sinceRead) : this.lag;
  }

  /** Shared signals that failed validation here and were skipped. */
  get rejected(): number {
    return this.rejectedCount;
  }

  /** Starts the loop; `onRebuilt` is called once, when the first read comes back short (nothing older is left). */
  start(apply: Apply, onRebuilt: () => void): void {
    this.loop = this.follow(apply, onRebuilt);
  }

  /** The reader connection is ready (again): a loop waiting for it goes on. */
  wake(): void {
    this.wakeReader?.();
  }

  /** Ends the loop; the owner disconnects the reader, which ends a blocked read. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
  }

  private async follow(apply: Apply, onRebuilt: () => void): Promise<void> {
    const { streamKey, pageSize, blockMs } = this.options;
    let caughtUp = false;
    let resync = false;
    while (!this.stopped) {
      if (this.reader.status !== 'ready') {
        await new Promise<void>((resolve) => (this.wakeReader = resolve));
        this.wakeReader = undefined;
        continue;
      }
      try {
        if (!this.longLivedLoaded) {
          await this.loadLongLived(apply);
          this.longLivedLoaded = true;
        }
        if (resync) {
          await this.checkCursor();
          resync = false;
        }
        const reply = caughtUp
          ? await this.reader.xread('COUNT', pageSize, 'BLOCK', blockMs, 'STREAMS', streamKey, this.cursor)
          : await this.reader.xread('COUNT', pageSize, 'STREAMS', streamKey, this.cursor);
        const entries: StreamEntry[] = reply?.[0]?.[1] ?? [];
        this.lastReadAt = Date.now();
        this.link.report('reader');
        await this.applyEntries(entries, apply);
        // A short page means nothing older is left to read: the state is rebuilt.
        caughtUp = entries.length < pageSize;
        if (caughtUp && !this.rebuilt) {
          this.rebuilt = true;
          onRebuilt();
        }
      } catch (err) {
        if (this.stopped) break;
        this.link.report('reader', err);
        caughtUp = false;
        resync = true;
        if (this.reader.status === 'ready') await delay(READ_ERROR_PAUSE_MS);
      }
    }
  }

  /**
   * After an outage the stream may not be the one we were reading: a Redis restarted without
   * persistence starts empty, and its new ids need not be above our cursor. Reading from the
   * start of what is there then is cheap and never misses anything.
   */
  private async checkCursor(): Promise<void> {
    const newest = await this.reader.xrevrange(this.options.streamKey, '+', '-', 'COUNT', 1);
    if (newest.length === 0 || compareStreamIds(newest[0][0], this.cursor) < 0) {
      if (this.cursor !== START_OF_STREAM) this.link.logger.info('shared stream was reset; reading it from the start', { cursor: this.cursor });
      this.cursor = START_OF_STREAM;
    }
  }

  private async applyEntries(entries: readonly StreamEntry[], apply: Apply): Promise<void> {
    if (entries.length === 0) {
      this.lag = 0;
      return;
    }
    const remote: SensitivitySignal[] = [];
    let malformed = 0;
    for (const [id, fields] of entries) {
      this.cursor = id;
      if (entryOrigin(fields) === this.options.origin) continue;
      const entry = decodeEntry(fields);
      if (entry === null) {
        malformed++;
        continue;
      }
      malformed += entry.malformed;
      for (const signal of entry.signals) remote.push(signal);
    }
    if (malformed > 0) this.link.warn('skipped malformed shared entries', 'malformed', { count: malformed });
    await this.deliver(remote, apply);
    this.lag = Math.max(0, this.link.redisNow() - streamIdMs(this.cursor));
  }

  /** Signals whose TTL outlives the stream window are also kept under their own expiring keys. */
  private async loadLongLived(apply: Apply): Promise<void> {
    const pattern = `${escapeGlob(this.options.longKeyPrefix)}*`;
    let scanCursor = '0';
    do {
      const [next, keys] = await this.reader.scan(scanCursor, 'MATCH', pattern, 'COUNT', this.options.pageSize);
      scanCursor = next;
      if (keys.length === 0) continue;
      const values = await this.reader.mget(...keys);
      const signals: SensitivitySignal[] = [];
      for (const value of values) {
        const signal = decodeSignal(value);
        if (signal !== null) signals.push(signal);
      }
      await this.deliver(signals, apply);
    } while (scanCursor !== '0');
  }

  /** Stores shared signals a slice at a time; the ones refused here are counted and logged (one line per interval). */
  private async deliver(signals: SensitivitySignal[], apply: Apply): Promise<void> {
    for (let start = 0; start < signals.length; start += APPLY_SLICE) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      if (this.stopped) return;
      const slice = signals.length <= APPLY_SLICE ? signals : signals.slice(start, start + APPLY_SLICE);
      let result;
      this.applyingNow = true;
      try {
        result = apply(slice);
      } finally {
        this.applyingNow = false;
      }
      if (result.rejected > 0) {
        this.rejectedCount += result.rejected;
        this.link.warn('shared signals rejected by local validation', 'rejected', {
          rejected: result.rejected,
          applied: slice.length - result.rejected,
          reason: errorMessage(result.reason ?? ''),
        });
      }
    }
  }
}
