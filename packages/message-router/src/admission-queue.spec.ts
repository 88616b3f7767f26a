import { AdmissionQueue, type AdmissionEvent } from './admission-queue';
import { AdmissionQueueFullError, AdmissionTimeoutError, RouterClosedError } from './errors';
import { flush, VirtualTimers } from '../test/virtual-timers';

function queue(maxQueued = 2, timeoutMs = 1_000) {
  const timers = new VirtualTimers();
  const events: AdmissionEvent[] = [];
  const q = new AdmissionQueue({ maxQueued, timeoutMs, timers, onEvent: (e) => events.push(e) }, () => timers.now);
  return { q, timers, events };
}

describe('AdmissionQueue', () => {
  it('holds a message until an outcome frees capacity, oldest first', async () => {
    const { q, events } = queue();
    const woken: string[] = [];
    void q.wait('m1', 500, 0, 1_000).then(() => woken.push('m1'));
    void q.wait('m2', 500, 0, 1_000).then(() => woken.push('m2'));
    expect(q.size).toBe(2);
    q.release();
    await flush();
    expect(woken).toEqual(['m1']);
    q.release(5);
    await flush();
    expect(woken).toEqual(['m1', 'm2']);
    expect(q.size).toBe(0);
    q.release(); // nothing waits: nothing happens
    expect(events.map((e) => `${e.kind}:${e.messageId}:${e.queued}`)).toEqual(['queued:m1:1', 'queued:m2:2', 'retry:m1:1', 'retry:m2:0']);
  });

  it('tries again after the retry-after when nothing frees capacity', async () => {
    const { q, timers, events } = queue();
    let retried = false;
    void q.wait('m1', 300, 0, 1_000).then(() => (retried = true));
    timers.advance(299);
    await flush();
    expect(retried).toBe(false);
    timers.advance(1);
    await flush();
    expect(retried).toBe(true);
    expect(events.at(-1)).toMatchObject({ kind: 'retry', waitedMs: 300 });
    expect(timers.size).toBe(0);
  });

  it('times out a message at its deadline, however often it was held', async () => {
    const { q, timers, events } = queue(2, 1_000);
    const failure = q.wait('m1', 5_000, 0, 1_000).catch((e: unknown) => e);
    timers.advance(1_000);
    expect(await failure).toBeInstanceOf(AdmissionTimeoutError);
    expect((await failure) as AdmissionTimeoutError).toMatchObject({ code: 'ADMISSION_TIMEOUT', messageId: 'm1', timeoutMs: 1_000 });
    // Held again after its budget is spent: fails at once.
    await expect(q.wait('m1', 100, 0, 1_000)).rejects.toBeInstanceOf(AdmissionTimeoutError);
    expect(events.filter((e) => e.kind === 'timed_out').map((e) => e.waitedMs)).toEqual([1_000, 1_000]);
  });

  it('is bounded: a message beyond maxQueued is refused at once with a clear error', async () => {
    const { q, events } = queue(1);
    void q.wait('m1', 100, 0, 1_000);
    const refused = q.wait('m2', 100, 0, 1_000);
    await expect(refused).rejects.toBeInstanceOf(AdmissionQueueFullError);
    await expect(refused).rejects.toThrow('Message m2 refused: 1 messages already wait for an agent to take more work');
    expect(events.at(-1)).toMatchObject({ kind: 'rejected', messageId: 'm2', queued: 1 });
  });

  it('fails every waiting message when closed, and every later one', async () => {
    const { q, timers } = queue();
    const waiting = q.wait('m1', 100, 0, 1_000);
    q.close();
    await expect(waiting).rejects.toBeInstanceOf(RouterClosedError);
    await expect(q.wait('m2', 100, 0, 1_000)).rejects.toBeInstanceOf(RouterClosedError);
    expect(timers.size).toBe(0);
  });

  it('refuses nonsense limits, and survives an observer that throws', async () => {
    expect(() => new AdmissionQueue({ maxQueued: 0, timeoutMs: 1 }, () => 0)).toThrow(RangeError);
    expect(() => new AdmissionQueue({ maxQueued: 1, timeoutMs: Number.POSITIVE_INFINITY }, () => 0)).toThrow(RangeError);
    const timers = new VirtualTimers();
    const q = new AdmissionQueue({ maxQueued: 1, timeoutMs: 10, timers, onEvent: () => { throw new Error('observer broke'); } }, () => timers.now);
    const held = q.wait('m1', 1, 0, 10);
    timers.advance(1);
    await expect(held).resolves.toBeUndefined();
    // Default timers: the real ones, for production.
    const real = new AdmissionQueue({ maxQueued: 1, timeoutMs: 1_000 }, Date.now);
    const waiting = real.wait('m1', 60_000, Date.now(), Date.now() + 1_000);
    real.release();
    await expect(waiting).resolves.toBeUndefined();
  });
});
