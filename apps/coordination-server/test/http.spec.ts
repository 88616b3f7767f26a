import { request } from 'node:http';
import type { SensitivitySignal } from '@agentcore/coordination-core';
import type { ReplicatorStatus, StateReplicator } from '../src';
import type { ApplyShared } from '../src/redis';
import { rpc, sleep, startServer } from './helpers';

interface Family {
  type?: string;
  help?: string;
  samples: Array<{ name: string; labels: Record<string, string>; value: number }>;
}

/** A strict reader of the Prometheus text format (0.0.4): every line must be HELP, TYPE or a sample. */
function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const family = (name: string): Family => {
    const existing = families.get(name);
    if (existing !== undefined) return existing;
    const created: Family = { samples: [] };
    families.set(name, created);
    return created;
  };
  const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)( \d+)?$/;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta !== null) {
      if (meta[1] === 'TYPE') {
        expect(['counter', 'gauge', 'histogram', 'summary', 'untyped']).toContain(meta[3]);
        family(meta[2]).type = meta[3];
      } else family(meta[2]).help = meta[3];
      continue;
    }
    const match = sample.exec(line);
    if (match === null) throw new Error(`not a valid exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
    const base = match[1].replace(/_(bucket|sum|count)$/, '');
    const owner = families.has(match[1]) ? match[1] : base;
    if (!families.get(owner)?.type) throw new Error(`sample before its TYPE line: ${line}`);
    family(owner).samples.push({ name: match[1], labels, value: Number(match[4]) });
  }
  return families;
}

describe('HTTP endpoints beside /rpc', () => {
  it('exposes Prometheus metrics that parse, with conventional names, units and types', async () => {
    const t = await startServer();
    try {
      const client = t.client();
      await client.signals([
        { agent_id: 'm1', signal_type: 'load', value: 0.4 },
        { agent_id: 'm1', signal_type: 'quality', value: 0.9 },
      ]);
      await client.select(['m1']);
      await client.select(['unknown-1', 'unknown-2']);
      await t.post(rpc('coordination.signal', { agent_id: 'm1', signal_type: 'load', value: 9 }));
      // The background scan forecasts m1 at 30 and 60 s; a report stamped 5 s later at 1.0 settles both as overloads.
      t.server.runOverloadScan();
      await client.signal({ agent_id: 'm1', signal_type: 'load', value: 1, timestamp: Date.now() + 5_000 });
      t.server.runOverloadScan();
      const response = await fetch(`${t.url}/metrics`);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const families = parseExposition(await response.text());
      const expected: Array<[string, string]> = [
        ['coordination_signals_total', 'counter'],
        ['coordination_signals_rejected_total', 'counter'],
        ['coordination_agents_tracked', 'gauge'],
        ['coordination_expired_signals_cleaned_total', 'counter'],
        ['coordination_selections_total', 'counter'],
        ['coordination_fallbacks_total', 'counter'],
        ['coordination_overload_predictions_total', 'counter'],
        ['coordination_selections_held_total', 'counter'],
        ['coordination_prediction_forecasts_total', 'counter'],
        ['coordination_prediction_forecasts_skipped_total', 'counter'],
        ['coordination_prediction_pending', 'gauge'],
        ['coordination_prediction_brier', 'gauge'],
        ['coordination_prediction_brier_uncalibrated', 'gauge'],
        ['coordination_prediction_ece', 'gauge'],
        ['coordination_prediction_precision', 'gauge'],
        ['coordination_prediction_recall', 'gauge'],
        ['coordination_prediction_f1', 'gauge'],
        ['coordination_prediction_base_rate', 'gauge'],
        ['coordination_prediction_time_to_overload_mae_seconds', 'gauge'],
        ['coordination_prediction_recalibrated', 'gauge'],
        ['coordination_prediction_reliability_forecasts', 'gauge'],
        ['coordination_prediction_reliability_probability', 'gauge'],
        ['coordination_prediction_reliability_observed', 'gauge'],
        ['coordination_rpc_duration_seconds', 'histogram'],
        ['coordination_rpc_requests_rejected_total', 'counter'],
        ['coordination_replication_mode', 'gauge'],
        ['coordination_replication_lag_seconds', 'gauge'],
        ['coordination_replication_buffered_signals', 'gauge'],
        ['coordination_replication_dropped_signals_total', 'counter'],
        ['coordination_replication_rejected_signals_total', 'counter'],
        ['coordination_internal_errors_total', 'counter'],
        ['coordination_agents_limit', 'gauge'],
        ['coordination_event_loop_delay_p99_seconds', 'gauge'],
        ['coordination_event_loop_delay_max_seconds', 'gauge'],
        ['process_cpu_seconds_total', 'counter'],
        ['nodejs_eventloop_lag_seconds', 'gauge'],
      ];
      for (const [name, type] of expected) expect([name, families.get(name)?.type]).toEqual([name, type]);
      const value = (name: string, labels: Record<string, string> = {}) =>
        (families.get(name) ?? families.get(name.replace(/_(bucket|sum|count)$/, '')))?.samples.find(
          (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
        )?.value;
      expect(value('coordination_signals_total', { signal_type: 'load' })).toBe(2);
      expect(value('coordination_signals_total', { signal_type: 'quality' })).toBe(1);
      expect(value('coordination_signals_rejected_total', { reason: 'invalid' })).toBe(1);
      expect(value('coordination_agents_tracked')).toBe(1);
      expect(value('coordination_selections_total', { outcome: 'only_candidate' })).toBe(1);
      expect(value('coordination_fallbacks_total', { reason: 'no_signals' })).toBe(1);
      expect(value('coordination_rpc_duration_seconds_count', { method: 'coordination.select', outcome: 'ok' })).toBe(2);
      expect(value('coordination_rpc_duration_seconds_count', { method: 'coordination.signal', outcome: 'invalid_params' })).toBe(1);
      // Without Redis the replication series are there too, in mode memory.
      expect(['memory', 'connected', 'degraded'].map((mode) => value('coordination_replication_mode', { mode }))).toEqual([1, 0, 0]);
      expect(value('coordination_replication_lag_seconds')).toBe(0);
      expect(value('coordination_replication_buffered_signals')).toBe(0);
      expect(value('coordination_replication_dropped_signals_total')).toBe(0);
      expect(value('coordination_replication_rejected_signals_total')).toBe(0);
      for (const horizon of ['30', '60']) {
        const outcomes = ['true_positive', 'false_positive', 'false_negative', 'true_negative'].map((outcome) => value('coordination_prediction_forecasts_total', { horizon_seconds: horizon, outcome }) ?? 0);
        expect(outcomes[0] + outcomes[2]).toBe(1);
        expect(outcomes[1] + outcomes[3]).toBe(0);
        expect(value('coordination_prediction_pending', { horizon_seconds: horizon })).toBe(1);
        expect(value('coordination_prediction_base_rate', { horizon_seconds: horizon })).toBe(1);
        expect(value('coordination_prediction_recalibrated', { horizon_seconds: horizon })).toBe(0);
        const bins = (families.get('coordination_prediction_reliability_forecasts')?.samples ?? []).filter((s) => s.labels.horizon_seconds === horizon);
        expect(bins.reduce((sum, s) => sum + s.value, 0)).toBeCloseTo(1, 6);
      }
      // Buckets are cumulative and end in +Inf equal to the count.
      const buckets = (families.get('coordination_rpc_duration_seconds')?.samples ?? []).filter((s) => s.name.endsWith('_bucket') && s.labels.method === 'coordination.select');
      for (let i = 1; i < buckets.length; i++) expect(buckets[i].value).toBeGreaterThanOrEqual(buckets[i - 1].value);
      expect(buckets.at(-1)).toMatchObject({ labels: { le: '+Inf' }, value: 2 });
    } finally {
      await t.close();
    }
  });

  it('writes NaN samples as the text format spells them, not as prom-client 15 does', async () => {
    const t = await startServer();
    try {
      jest.spyOn(t.server.metrics.registry, 'metrics').mockResolvedValue('# TYPE x_seconds gauge\nx_seconds Nan\n');
      expect(await (await fetch(`${t.url}/metrics`)).text()).toBe('# TYPE x_seconds gauge\nx_seconds NaN\n');
    } finally {
      await t.close();
    }
  });

  it('answers /healthz, /readyz and unknown paths', async () => {
    const t = await startServer();
    expect(await (await fetch(`${t.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${t.url}/readyz`)).json()).toEqual({
      status: 'ready',
      ready: true,
      reasons: [],
      replication: { mode: 'memory', ready: true, buffered: 0, dropped: 0, rejected: 0 },
    });
    const missing = await fetch(`${t.url}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'not found: GET /nope' });
    await t.close();
  });
});

/** A replicator that does what the server expects of one and records what it was given. */
class FakeReplicator implements StateReplicator {
  published: SensitivitySignal[][] = [];
  apply: ApplyShared | undefined;
  ready = false;
  closed = false;
  private release: (() => void) | undefined;

  start(apply: ApplyShared): Promise<void> {
    this.apply = apply;
    return new Promise((resolve) => (this.release = resolve));
  }
  finishRebuild(): void {
    this.ready = true;
    this.release?.();
  }
  publish(signals: readonly SensitivitySignal[]): void {
    this.published.push([...signals]);
  }
  /** What status() reports once rebuilt; tests change it to play an outage. */
  current: Omit<ReplicatorStatus, 'ready'> = { mode: 'connected', buffered: 0, dropped: 0, rejected: 0 };
  status(): ReplicatorStatus {
    return { ...this.current, ready: this.ready };
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

describe('the state replication seam', () => {
  it('reports not ready until shared state is rebuilt, shares accepted signals and applies others', async () => {
    const replicator = new FakeReplicator();
    const t = await startServer({}, { replicator });
    try {
      const notReady = await fetch(`${t.url}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toMatchObject({ status: 'not_ready', reasons: ['shared state not rebuilt yet'] });
      replicator.finishRebuild();
      await sleep(5);
      expect(await (await fetch(`${t.url}/readyz`)).json()).toMatchObject({ status: 'ready', replication: { mode: 'connected' } });

      const { signal_ids } = await t.client().signal({ agent_id: 'local', signal_type: 'load', value: 0.3 });
      await t.post(rpc('coordination.signal', { agent_id: 'local', signal_type: 'load', value: 3 }));
      expect(replicator.published).toHaveLength(1);
      expect(replicator.published[0][0]).toMatchObject({ signal_id: signal_ids[0], agent_id: 'local' });

      const remote = { ...replicator.published[0][0], agent_id: 'remote', signal_id: '9b2f8c1e-3c1a-4b8e-9d2a-0c7e5f1a2b3c' };
      replicator.apply?.([remote]);
      expect((await t.client().state('remote'))?.signals.load?.signal_id).toBe(remote.signal_id);
      // A shared signal invalid here is skipped and counted; the rest of its batch is kept (the
      // replication policy; see redis-servers.spec.ts with a real Redis).
      const batch = [{ ...remote, agent_id: 'remote-2', signal_id: '0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5' }, { ...remote, value: 7 }];
      expect(replicator.apply?.(batch)).toEqual({ rejected: 1, reason: expect.stringContaining('value') });
      expect((await t.client().state('remote-2'))?.signals.load?.signal_id).toBe('0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5');

      // Degraded after the rebuild: still ready, and /metrics reads the status at scrape time.
      replicator.current = { mode: 'degraded', lagMs: 250, buffered: 3, dropped: 2, rejected: 4, lastError: 'connect ECONNREFUSED' };
      const degraded = await fetch(`${t.url}/readyz`);
      expect(degraded.status).toBe(200);
      expect(await degraded.json()).toMatchObject({ status: 'ready', reasons: [], replication: replicator.current });
      const text = await (await fetch(`${t.url}/metrics`)).text();
      for (const line of [
        'coordination_replication_mode{mode="memory"} 0',
        'coordination_replication_mode{mode="connected"} 0',
        'coordination_replication_mode{mode="degraded"} 1',
        'coordination_replication_lag_seconds 0.25',
        'coordination_replication_buffered_signals 3',
        'coordination_replication_dropped_signals_total 2',
        'coordination_replication_rejected_signals_total 4',
      ]) {
        expect(text.split('\n')).toContain(line);
      }
    } finally {
      await t.close();
    }
    expect(replicator.closed).toBe(true);
  });
});

describe('graceful close', () => {
  it('stops accepting, lets an in-flight request finish, and refuses new connections after', async () => {
    const t = await startServer();
    const port = new URL(t.url).port;
    const inFlight = new Promise<{ status: number; body: string; connection?: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/rpc', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
      });
      req.on('error', reject);
      req.write('{"jsonrpc":"2.0","id":1,"method":"coordination.signal",');
      // The rest of the body arrives after close() began.
      setTimeout(() => req.end('"params":{"agent_id":"late","signal_type":"load","value":0.5}}'), 100);
    });
    await sleep(30);
    const closed = t.close();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(response.connection).toBe('close');
    expect(JSON.parse(response.body)).toMatchObject({ result: { accepted: 1 } });
    await closed;
    await expect(fetch(`${t.url}/healthz`)).rejects.toThrow();
    expect(t.logs.messages('info')).toContain('coordination-server stopped');
    await t.close();
  });

  it('cuts connections that are still busy at the drain deadline', async () => {
    const t = await startServer({}, { drainTimeoutMs: 100 });
    const port = new URL(t.url).port;
    const stalled = new Promise<string>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/rpc', method: 'POST', headers: { 'content-type': 'application/json' } }, () => resolve('answered'));
      req.on('error', () => resolve('cut'));
      req.write('{"jsonrpc":');
    });
    await sleep(30);
    const started = Date.now();
    await t.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await stalled).toBe('cut');
    expect(t.logs.messages('warn')).toContain('in-flight requests cut at the drain deadline');
  });
});
