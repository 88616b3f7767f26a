// An agent reporting through a SignalReporter: queued, batched, retried, never blocking the agent.
// Run it with a server started (npm start):
//   COORDINATION_SERVER_URL=http://127.0.0.1:8080 npx tsx docs/examples/signal-reporter.ts
import { CoordinationClient, SignalReporter } from '@agentcore/coordination-client';

async function main(): Promise<void> {
  const client = new CoordinationClient({ url: process.env.COORDINATION_SERVER_URL ?? 'http://127.0.0.1:8080', token: process.env.COORDINATION_TOKEN });
  const reporter = new SignalReporter({
    client,
    flushIntervalMs: 1000, // flush at least this often
    maxBatchSize: 100, // and as soon as this many wait (keep ≤ the server's COORDINATION_MAX_BATCH)
    maxQueueSize: 10_000, // bound on queued signals, in-flight ones included
    onDrop: ({ reason, signals, totalDropped }) => console.warn('signals dropped', { reason, count: signals.length, totalDropped }),
    onError: (error, { willRetry }) => console.warn('signal flush failed', { error: String(error), willRetry }),
  }).start();

  // The agent's own numbers: tasks in flight out of the most it runs at once.
  const maxConcurrent = 8;
  for (const inFlight of [2, 3, 5, 4]) {
    reporter.report({ agent_id: 'agent-12', signal_type: 'load', value: inFlight / maxConcurrent });
  }
  reporter.report({ agent_id: 'agent-12', signal_type: 'capacity', value: maxConcurrent / 16 });

  const stats = await reporter.stop(); // flushes what is queued
  console.log(`sent ${stats.sent}, dropped ${stats.dropped}, still queued ${stats.queued}`);
  const state = await client.state('agent-12');
  console.log(`the server has agent-12 at load ${state?.signals.load?.value}, capacity ${state?.signals.capacity?.value}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
