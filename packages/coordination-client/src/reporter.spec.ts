import { ValidationError, type SensitivitySignalInput } from '@agentcore/coordination-core';
import { CoordinationRpcError, CoordinationTransportError, RpcErrorCode } from './errors';
import { SignalReporter, type DroppedSignals, type SignalReporterOptions } from './reporter';
import type { SignalResult } from './types';

/** A sender whose outcome each test scripts: resolve, or throw what `fail` returns. */
class FakeSender {
  readonly batches: SensitivitySignalInput[][] = [];
  fail: ((batch: SensitivitySignalInput[]) => Error | undefined) | undefined;
  gate: Promise<void> | undefined;

  async signals(signals: SensitivitySignalInput[]): Promise<SignalResult> {
    this.batches.push([...signals]);
    await this.gate;
    const error = this.fail?.(signals);
    if (error !== undefined) throw error;
    return { accepted: signals.length, signal_ids: signals.map((s) => String(s.signal_id)) };
  }

  get sentValues(): number[] {
    return this.batches.flat().map((s) => s.value);
  }
}

const load = (value: number, agent = 'a'): SensitivitySignalInput => ({ agent_id: agent, signal_type: 'load', value });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function reporter(sender: FakeSender, options: Partial<SignalReporterOptions> = {}) {
  const drops: DroppedSignals[] = [];
  const errors: Array<{ error: unknown; willRetry: boolean }> = [];
  const r = new SignalReporter({
    client: sender,
    flushIntervalMs: 10_000,
    maxBatchSize: 3,
    maxQueueSize: 6,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
    stopTimeoutMs: 500,
    onDrop: (e) => drops.push(e),
    onError: (error, info) => errors.push({ error, willRetry: info.willRetry }),
    ...options,
  });
  return { r, drops, errors };
}

describe('SignalReporter', () => {
  it('stamps each signal with an id and a timestamp, and flushes a full batch at once', async () => {
    const sender = new FakeSender();
    const { r } = reporter(sender);
    const stamped = r.report(load(0.1));
    expect(stamped.signal_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(stamped.timestamp).toEqual(expect.any(Number));
    expect(r.report({ ...load(0.2), signal_id: '0e6f3c8a-4c1b-4f7e-9a55-2d1f4b3c6e7a', timestamp: 5 })).toMatchObject({ timestamp: 5 });
    expect(sender.batches).toHaveLength(0);
    r.report(load(0.3));
    await sleep(0);
    expect(sender.sentValues).toEqual([0.1, 0.2, 0.3]);
    expect(r.stats).toMatchObject({ sent: 3, queued: 0, dropped: 0 });
  });

  it('flushes on its interval once started, and start() is idempotent', async () => {
    const sender = new FakeSender();
    const { r } = reporter(sender, { flushIntervalMs: 20 });
    expect(r.start()).toBe(r.start());
    r.report(load(0.4));
    await sleep(60);
    expect(sender.sentValues).toEqual([0.4]);
    await r.stop();
  });

  it('refuses a signal the server would reject, so it cannot sink a batch', () => {
    const { r } = reporter(new FakeSender());
    expect(() => r.report({ agent_id: 'a', signal_type: 'load', value: 3 })).toThrow(ValidationError);
    expect(r.stats.queued).toBe(0);
  });

  it('drops the oldest queued signal when full, never an in-flight one, and reports every drop', async () => {
    const sender = new FakeSender();
    let open!: () => void;
    sender.gate = new Promise((resolve) => (open = resolve));
    const { r, drops } = reporter(sender);
    for (let i = 0; i < 3; i++) r.report(load(i / 10)); // flush starts; 0, 0.1, 0.2 in flight
    for (let i = 3; i < 9; i++) r.report(load(i / 10));
    // Bound 6: three in flight, so 0.3, 0.4 and 0.5 made way for 0.6, 0.7, 0.8.
    expect(drops.map((d) => [d.reason, d.signals.map((s) => s.value)])).toEqual([
      ['queue_full', [0.3]],
      ['queue_full', [0.4]],
      ['queue_full', [0.5]],
    ]);
    expect(r.stats).toMatchObject({ queued: 6, inFlight: 3, dropped: 3, droppedQueueFull: 3 });
    open();
    await r.flush();
    await r.flush();
    expect(sender.sentValues).toEqual([0, 0.1, 0.2, 0.6, 0.7, 0.8]);
  });

  it('drops the newest when everything queued is in flight', async () => {
    const sender = new FakeSender();
    let open!: () => void;
    sender.gate = new Promise((resolve) => (open = resolve));
    const { r, drops } = reporter(sender, { maxQueueSize: 3 });
    for (let i = 0; i < 3; i++) r.report(load(i / 10));
    r.report(load(0.9));
    expect(drops[0]).toMatchObject({ reason: 'queue_full', signals: [expect.objectContaining({ value: 0.9 })], totalDropped: 1 });
    open();
    await r.stop();
    expect(sender.sentValues).toEqual([0, 0.1, 0.2]);
  });

  it('retries a failed flush with backoff, in order, without losing or duplicating signals', async () => {
    const sender = new FakeSender();
    let failures = 2;
    sender.fail = () => (failures-- > 0 ? new CoordinationTransportError('down', 'coordination.signal') : undefined);
    const { r, errors } = reporter(sender, { maxBatchSize: 2 });
    for (let i = 0; i < 5; i++) r.report(load(i / 10));
    await r.flush(); // backing off now: a flush returns without sending
    await r.flush();
    expect(errors.every((e) => e.willRetry)).toBe(true);
    const stats = await r.stop();
    expect(stats).toMatchObject({ sent: 5, dropped: 0, failedFlushes: 2, queued: 0 });
    const delivered = sender.batches.slice(2).flat();
    expect(delivered.map((s) => s.value)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    // The retried batch is the same signals, ids and all.
    expect(sender.batches[2].map((s) => s.signal_id)).toEqual(sender.batches[0].map((s) => s.signal_id));
  });

  it('drops only the items the server named as invalid, and whole batches it refused outright', async () => {
    const sender = new FakeSender();
    const refusals = [
      new CoordinationRpcError(RpcErrorCode.INVALID_PARAMS, 'bad', { issues: [{ path: 'signals.1.timestamp', message: 'future', code: 'too_big' }] }, 'coordination.signal', 200),
      new CoordinationRpcError(RpcErrorCode.FORBIDDEN, 'no', undefined, 'coordination.signal', 200),
    ];
    sender.fail = () => refusals.shift();
    const { r, drops, errors } = reporter(sender);
    for (let i = 0; i < 3; i++) r.report(load(i / 10));
    await r.flush();
    expect(drops[0]).toMatchObject({ reason: 'rejected', signals: [expect.objectContaining({ value: 0.1 })] });
    // The other two were retried at once, and refused as a whole (forbidden).
    expect(drops[1]).toMatchObject({ reason: 'rejected', signals: [expect.objectContaining({ value: 0 }), expect.objectContaining({ value: 0.2 })] });
    expect(errors.map((e) => e.willRetry)).toEqual([false, false]);
    expect(r.stats).toMatchObject({ rejected: 3, dropped: 3, queued: 0 });
  });

  it('keeps retrying through other server errors', async () => {
    const sender = new FakeSender();
    let failures = 1;
    sender.fail = () =>
      failures-- > 0 ? new CoordinationRpcError(RpcErrorCode.RATE_LIMITED, 'slow', { retry_after_ms: 1 }, 'coordination.signal', 429) : undefined;
    const { r } = reporter(sender);
    r.report(load(0.5));
    expect(await r.stop()).toMatchObject({ sent: 1, failedFlushes: 1 });
  });

  it('gives up at the stop deadline and reports what it could not send', async () => {
    const sender = new FakeSender();
    sender.fail = () => new CoordinationTransportError('down', 'coordination.signal');
    const { r, drops } = reporter(sender, { stopTimeoutMs: 60 });
    r.report(load(0.1));
    r.report(load(0.2));
    const started = Date.now();
    const stats = await r.stop();
    expect(Date.now() - started).toBeLessThan(500);
    expect(stats).toMatchObject({ queued: 0, sent: 0, dropped: 2 });
    expect(drops.at(-1)).toMatchObject({ reason: 'stopped', totalDropped: 2 });
    expect(() => r.report(load(0.3))).toThrow('stopped');
    expect(() => r.start()).toThrow('stopped');
  });

  it('validates its options', () => {
    const client = new FakeSender();
    expect(() => new SignalReporter({ client, maxBatchSize: 0 })).toThrow('maxBatchSize');
    expect(() => new SignalReporter({ client, maxBatchSize: 10, maxQueueSize: 5 })).toThrow('maxQueueSize');
    expect(() => new SignalReporter({ client, flushIntervalMs: Number.NaN })).toThrow('flushIntervalMs');
    expect(new SignalReporter({ client }).stats).toMatchObject({ queued: 0 });
  });

  it('counts drops and failures even without callbacks', async () => {
    const sender = new FakeSender();
    sender.fail = () => new CoordinationTransportError('down', 'coordination.signal');
    const r = new SignalReporter({ client: sender, maxBatchSize: 1, maxQueueSize: 1, retryBaseDelayMs: 1000, stopTimeoutMs: 20 });
    r.report(load(0.1));
    await sleep(0);
    r.report(load(0.2));
    expect(await r.stop()).toMatchObject({ dropped: 2, failedFlushes: 1 });
  });
});
