// An agent: reports its readings through the SignalReporter, then reads its state back.
import assert from 'node:assert/strict';
import { CoordinationClient, SignalReporter } from '@agentcore/coordination-client';

const url = process.env.COORDINATION_SERVER_URL;
assert.ok(url, 'COORDINATION_SERVER_URL is not set');
const agentId = 'consumer-agent-1';
const readings = { load: 0.4, capacity: 0.5, quality: 0.9, latency: 0.2, availability: 1 };

const client = new CoordinationClient({ url, timeoutMs: 2000 });
const reporter = new SignalReporter({ client, flushIntervalMs: 50 }).start();
for (const [signalType, value] of Object.entries(readings)) {
  reporter.report({ agent_id: agentId, signal_type: signalType, value, ttl_seconds: 120 });
}
const stats = await reporter.stop();
const state = await client.state(agentId);
const stored = Object.fromEntries(Object.entries(state?.signals ?? {}).map(([type, signal]) => [type, signal.value]));
console.log(JSON.stringify({ agent: agentId, sent: stats.sent, dropped: stats.dropped, stored, routing_score: state?.routing_score }));

assert.equal(stats.sent, 5, `the reporter sent ${stats.sent} of 5 signals: ${JSON.stringify(stats)}`);
assert.equal(stats.dropped, 0, `the reporter dropped signals: ${JSON.stringify(stats)}`);
assert.deepEqual(stored, readings, 'the state read back differs from the readings reported');
